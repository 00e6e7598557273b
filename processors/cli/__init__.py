"""The `processors` command line."""

import click

from processors.logs import configure_logging
from processors.telemetry import configure_tracing


@click.group()
@click.option("--log-level", default=None, help="DEBUG, INFO, WARNING or ERROR.")
def main(log_level: str | None) -> None:
    """SUPPLIER background jobs as Kafka stream processors."""
    configure_logging(log_level)
    configure_tracing()


def _register() -> None:
    # Each command module adds its commands to `main` when imported.
    from processors.cli import events, kafka, run, sbj, schemas, topics  # noqa: F401


_register()
