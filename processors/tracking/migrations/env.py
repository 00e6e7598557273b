"""Alembic's entry point: runs migrations on the connection the caller hands over
(`processors.tracking.database.migrate`), or on `sqlalchemy.url` when run alone."""

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool

from processors.tracking.schema import Base


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = context.config.attributes.get("connection")
    if given is not None:
        run(given)
        return
    engine = engine_from_config(
        context.config.get_section(context.config.config_ini_section, {}),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        run(connection)


run_online()
