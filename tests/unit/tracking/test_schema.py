from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from processors.tracking import preferences, queries
from processors.tracking.exceptions import InvalidCursor, InvalidSetting
from processors.tracking.schema import Base
from processors.tracking.store import JobStore, open_store


def test_the_migrations_create_exactly_the_tables_of_the_models(
    new_sqlite_store: Callable[[], JobStore],
) -> None:
    """Alembic finds nothing to change between the migrated database and the
    SQLAlchemy models, and opening the store twice migrates nothing more."""
    store = new_sqlite_store()
    with store.engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection), Base.metadata
        )

    assert differences == []
    open_store(str(store.engine.url)).close()


def test_cursors_round_trip_and_foreign_ones_are_refused() -> None:
    """A cursor is the position of the last job shown; anything else fails."""
    moment = datetime(2026, 4, 1, 9, 0, 0, 123000, tzinfo=UTC)
    cursor = queries.encode_cursor(moment, "job-1")

    assert queries.decode_cursor(cursor) == (moment, "job-1")
    with pytest.raises(InvalidCursor, match="'nope!' is not one this dashboard made"):
        queries.decode_cursor("nope!")


def test_retention_outside_its_range_is_refused(
    new_sqlite_store: Callable[[], JobStore],
) -> None:
    """Zero days would delete every finished job at once: refused, naming the
    range."""
    with (
        new_sqlite_store().make_session.begin() as session,
        pytest.raises(InvalidSetting, match="0 days is out of range; allowed: 1 to"),
    ):
        preferences.set_retention_days(session, 0, "alice")
