"""`processors schemas`: the Avro contract."""

import click

from processors.cli import main
from processors.cli.common import reports_errors
from processors.contract.compat import require_compatible
from processors.contract.schemas import load_definitions, resolve
from processors.settings import contract_settings


@main.group()
def schemas() -> None:
    """Avro schemas under schemas/."""


@schemas.command()
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Schema directory (default: PROCESSORS_SCHEMAS_DIR or schemas/).",
)
@reports_errors
def check(directory: str | None) -> None:
    """Fail when a schema cannot read data written with any committed version of it."""
    from pathlib import Path

    where = Path(directory) if directory else contract_settings().schemas_dir
    current = load_definitions(where)
    resolve(current)
    require_compatible(where, current)
    click.echo(f"{len(current)} schemas are backward compatible with their history")


@schemas.command(name="show")
@click.argument("name")
@reports_errors
def show(name: str) -> None:
    """Print a schema with its references expanded, and its fingerprint."""
    from processors.contract.events import event_model
    from processors.contract.schemas import repository

    schema = repository(contract_settings().schemas_dir).get(
        event_model(name).avro_name()
    )
    click.echo(f"fingerprint (CRC-64-AVRO, little-endian): {schema.fingerprint.hex()}")
    click.echo(schema.canonical)
