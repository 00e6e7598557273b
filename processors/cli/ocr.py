"""`processors ocr certified-copy PATH` and `processors ocr maisoku PATH`."""

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from processors.cli import main
from processors.cli.common import EXIT_BAD_INPUT, EXIT_FAILURE

Reader = Callable[[Path], Any]


@main.group(name="ocr")
def ocr() -> None:
    """Read a scanned document (PDF, PNG, JPEG) and print its fields as JSON."""


@ocr.command(name="certified-copy")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def certified_copy(path: Path) -> None:
    """Read a certified copy of a unit's registration (全部事項証明書) at PATH."""
    from processors.documents.readers import read_certified_copy

    _print_reading(read_certified_copy, path)


@ocr.command(name="maisoku")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def maisoku(path: Path) -> None:
    """Read a property flyer (マイソク) at PATH."""
    from processors.documents.readers import read_maisoku

    _print_reading(read_maisoku, path)


def _print_reading(reader: Reader, path: Path) -> None:
    from processors.documents.exceptions import DocumentsError, UnsupportedDocumentError

    try:
        reading = reader(path)
    except UnsupportedDocumentError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    except DocumentsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FAILURE)
    click.echo(json.dumps(reading.as_output(), ensure_ascii=False, indent=2))
