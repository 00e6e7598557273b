"""`processors kafka up|down|status`: the project's own local Kafka broker."""

import click
from pydantic import ValidationError

from processors.broker import local
from processors.broker.exceptions import BrokerError
from processors.broker.settings import LocalBrokerSettings
from processors.cli import main

# LSB init scripts answer `status` with 3 for "program is not running".
_EXIT_STOPPED = 3


@main.group()
def kafka() -> None:
    """A single-node Apache Kafka broker on 127.0.0.1, no Docker needed.

    Configured by KAFKA_LOCAL_* variables (home directory, ports, heap, timeouts).
    """


@kafka.command()
def up() -> None:
    """Start the broker, print its address.

    Fetches the jars with Maven on first use and formats the storage once; does
    nothing but print the address when the broker already runs.
    """
    settings = _settings()
    try:
        outcome = local.up(settings)
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from exc

    broker = outcome.broker
    verb = "started" if outcome.started else "already running"
    click.echo(f"Kafka broker {verb} (pid {broker.pid}).", err=True)
    click.echo(broker.bootstrap_servers)


@kafka.command()
def down() -> None:
    """Stop the broker and wait for its clean exit."""
    settings = _settings()
    try:
        pid = local.down(settings)
    except BrokerError as exc:
        raise click.ClickException(str(exc)) from exc

    if pid is None:
        click.echo(f"Kafka broker is not running (home {settings.home}).")
    else:
        click.echo(f"Kafka broker stopped (pid {pid}).")


@kafka.command()
def status() -> None:
    """Show whether the broker runs (exit 0 or 3).

    Exit code 0 when it runs, 3 when it is stopped, as LSB `status` does.
    """
    settings = _settings()
    broker = local.status(settings)
    if broker is None:
        click.echo(f"stopped (home {settings.home})")
        raise SystemExit(_EXIT_STOPPED)

    click.echo(
        f"running: pid {broker.pid}, bootstrap {broker.bootstrap_servers}, "
        f"data {broker.data_dir}"
    )


def _settings() -> LocalBrokerSettings:
    try:
        return LocalBrokerSettings()
    except ValidationError as exc:
        raise click.ClickException(f"invalid KAFKA_LOCAL_* settings:\n{exc}") from exc
