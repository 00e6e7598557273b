"""`processors dlq`: see and replay dead letters."""

import getpass
import json
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click

from processors.cli import main
from processors.cli.common import catalog, reports_errors
from processors.contract.headers import format_time
from processors.contract.registry import codec_from_settings
from processors.operations.dead_letters import DeadLetter, DeadLetters, Filters
from processors.settings import kafka_settings

F = TypeVar("F", bound=Callable[..., Any])

MESSAGE_COLUMN_CHARS = 60


def filter_options(command: F) -> F:
    """The filters `list` and `replay` share."""
    options = [
        click.option("--job", help="Job name or job id."),
        click.option("--error-type", help="Error class name; wildcards allowed."),
        click.option("--key", help="Message key; wildcards allowed."),
        click.option(
            "--since",
            type=click.DateTime(),
            help="Dead-lettered at or after (ISO time, UTC unless it has an offset).",
        ),
        click.option("--until", type=click.DateTime(), help="Dead-lettered before."),
        click.option("--limit", type=click.IntRange(min=1), help="At most N records."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(**given: Any) -> Filters:
    return Filters(
        job=given["job"],
        error_type=given["error_type"],
        key=given["key"],
        since=_utc(given["since"]),
        until=_utc(given["until"]),
    )


def _utc(moment: datetime | None) -> datetime | None:
    from datetime import UTC

    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _dead_letters(topic: str) -> DeadLetters:
    return DeadLetters(catalog(), codec_from_settings(), kafka_settings(), topic)


@main.group()
def dlq() -> None:
    """Dead-letter topics: list, filter, replay."""


@dlq.command(name="list")
@click.argument("topic")
@filter_options
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@reports_errors
def list_dead_letters(
    topic: str, as_json: bool, limit: int | None, **given: Any
) -> None:
    """Show the dead letters of TOPIC (e.g. articles.maisoku.uploaded.dlq)."""
    records = _dead_letters(topic).records(_filters(**given), limit)
    if as_json:
        for record in records:
            click.echo(json.dumps(record.as_json(), ensure_ascii=False))
        return
    _table(records)


def _table(records: list[DeadLetter]) -> None:
    columns = ("dead_lettered_at", "key", "job", "attempt", "error_type", "message")
    rows = [
        (
            format_time(r.dead_lettered_at) if r.dead_lettered_at else "-",
            r.key or "-",
            r.job_name or "-",
            str(r.attempt or "-"),
            r.error_type or "-",
            _short(r.error_message or ""),
        )
        for r in records
    ]
    widths = [
        max([len(c), *(len(row[i]) for row in rows)]) for i, c in enumerate(columns)
    ]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
    click.echo(f"{len(records)} dead letters")


def _short(text: str) -> str:
    line = " ".join(text.split())
    if len(line) <= MESSAGE_COLUMN_CHARS:
        return line
    return line[: MESSAGE_COLUMN_CHARS - 1] + "…"


@dlq.command()
@click.argument("topic")
@filter_options
@click.option("--rate", type=click.FloatRange(min=0.1), help="At most N records/s.")
@click.option("--execute", is_flag=True, help="Re-publish; without it, a dry run.")
@reports_errors
def replay(
    topic: str, rate: float | None, execute: bool, limit: int | None, **given: Any
) -> None:
    """Re-publish the originals of TOPIC's matching dead letters to their topic,
    attempts reset. A dry run unless --execute; records replayed before are skipped."""
    letters = _dead_letters(topic)
    plan = letters.plan(_filters(**given), limit)
    _table(plan.records)
    if plan.already_replayed:
        click.echo(f"{plan.already_replayed} matching records were replayed before")
    if not execute:
        click.echo(
            f"dry run: {len(plan.records)} would be re-published (add --execute)"
        )
        return
    with click.progressbar(length=len(plan.records), label="replaying") as bar:
        result = letters.replay(
            plan, rate_per_s=rate, replayed_by=getpass.getuser(), progress=bar.update
        )
    click.echo(f"replay {result.replay_id}: {result.published} re-published")
