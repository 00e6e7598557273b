"""What every command shares: settings, catalog, and turning errors into exit codes."""

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from processors.contract.exceptions import InvalidEvent, UnknownEventType
from processors.contract.topics import Catalog, load_catalog
from processors.exceptions import ProcessorsError
from processors.settings import contract_settings

F = TypeVar("F", bound=Callable[..., Any])

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


def reports_errors(command: F) -> F:
    """Print the package's errors as one clear message and exit non-zero."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (InvalidEvent, UnknownEventType) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except ProcessorsError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_FAILURE)

    return wrapper  # type: ignore[return-value]


def catalog() -> Catalog:
    return load_catalog(contract_settings().topics_file)
