"""The job store: one database, migrated to the newest schema when opened."""

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from processors.tracking.database import make_engine, migrate, sessions
from processors.tracking.exceptions import StoreUnavailable


@dataclass(frozen=True)
class JobStore:
    engine: Engine
    make_session: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str) -> JobStore:
    """Connect to the database at `url` and bring its schema up to date."""
    engine = make_engine(url)
    try:
        migrate(engine)
    except DBAPIError as exc:
        engine.dispose()
        safe = engine.url.render_as_string(hide_password=True)
        raise StoreUnavailable(
            f"cannot open the job store at {safe}: {exc.orig}"
        ) from exc
    return JobStore(engine, sessions(engine))
