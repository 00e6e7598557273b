"""The `processors` command line."""

import importlib

import click

from processors.logs import configure_logging
from processors.telemetry import configure_tracing


@click.group()
@click.option("--log-level", default=None, help="DEBUG, INFO, WARNING or ERROR.")
def main(log_level: str | None) -> None:
    """SUPPLIER background jobs as Kafka stream processors."""
    configure_logging(log_level)
    configure_tracing()


COMMAND_MODULES = (
    "config",
    "dashboard",
    "deploy",
    "dlq",
    "events",
    "jobs",
    "kafka",
    "ocr",
    "run",
    "sbj",
    "schemas",
    "topics",
    "tracker",
)


def _register() -> None:
    # Each command module adds its commands to `main` when imported.
    for name in COMMAND_MODULES:
        importlib.import_module(f"processors.cli.{name}")


_register()
