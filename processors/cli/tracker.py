"""`processors tracker`: keep the job history from `jobs.status`."""

import signal
from types import FrameType

import click

from processors.cli import main
from processors.cli.common import catalog, reports_errors
from processors.contract.registry import codec_from_settings
from processors.settings import kafka_settings
from processors.tracking.settings import tracking_settings
from processors.tracking.store import open_store
from processors.tracking.tracker import Tracker


@main.command()
@reports_errors
def tracker() -> None:
    """Record every job status event in the job store (TRACKING_DATABASE_URL)
    until SIGTERM or Ctrl-C, committing offsets only after each write."""
    settings = tracking_settings()
    store = open_store(settings.database_url.get_secret_value())
    consumer = Tracker(
        catalog(), codec_from_settings(), store, kafka_settings().librdkafka(), settings
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        click.echo(f"received {signal.Signals(signum).name}: stopping", err=True)
        consumer.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        consumer.run()
    finally:
        store.close()
