"""`processors produce` and `processors consume`: events in and out by hand."""

import json
import sys
from typing import IO

import click

from processors.cli import main
from processors.cli.common import EXIT_BAD_INPUT, catalog, reports_errors
from processors.contract.events import event_model, validate_event
from processors.contract.registry import codec_from_settings
from processors.messaging.producer import Publisher
from processors.messaging.reader import read_topic


@main.command()
@click.argument("event_type")
@click.option(
    "--file",
    "source",
    type=click.File("r", encoding="utf-8"),
    default="-",
    help="JSON file with the event (default: standard input).",
)
@click.option("--topic", default=None, help="Topic (default: from topics.yaml).")
@reports_errors
def produce(event_type: str, source: IO[str], topic: str | None) -> None:
    """Validate, encode and publish one EVENT_TYPE event from JSON; waits for the ack.

    event_id and occurred_at are filled in when absent.
    """
    model = event_model(event_type)
    try:
        data = json.load(source)
    except json.JSONDecodeError as exc:
        click.echo(f"error: input is not JSON: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    event = validate_event(model, data)
    publisher = Publisher(catalog(), codec_from_settings())
    delivery = publisher.publish(event, topic=topic)
    click.echo(
        json.dumps(
            {
                "topic": delivery.topic,
                "partition": delivery.partition,
                "offset": delivery.offset,
                "key": event.message_key,
                "event_id": event.event_id,
            }
        )
    )


@main.command()
@click.argument("topic")
@click.option("--from-beginning", is_flag=True, help="Read from the oldest message.")
@click.option("--max", "max_messages", type=int, default=None, help="Stop after N.")
@click.option(
    "--timeout",
    "timeout_s",
    type=float,
    default=5.0,
    show_default=True,
    help="Stop after this many seconds without a message.",
)
@reports_errors
def consume(
    topic: str, from_beginning: bool, max_messages: int | None, timeout_s: float
) -> None:
    """Print a topic's events as JSON lines, with headers and coordinates."""
    messages = read_topic(
        topic,
        codec_from_settings(),
        from_beginning=from_beginning,
        max_messages=max_messages,
        idle_timeout_s=timeout_s,
    )
    for message in messages:
        click.echo(json.dumps(message.as_json(), ensure_ascii=False))
