"""`processors run`: a worker running jobs from topics.yaml."""

import click

from processors.cli import main
from processors.cli.common import catalog, reports_errors
from processors.contract.registry import codec_from_settings
from processors.messaging.producer import producer_config
from processors.runtime.consumer_stats import ConsumerStats
from processors.runtime.health import health_settings
from processors.runtime.health_server import consumer_config, monitoring
from processors.runtime.settings import runtime_settings
from processors.runtime.worker import Worker
from processors.settings import kafka_settings


@main.command()
@click.option(
    "--job",
    "jobs",
    multiple=True,
    help="Job to run (repeatable). Default: every job in topics.yaml.",
)
@reports_errors
def run(jobs: tuple[str, ...]) -> None:
    """Run jobs until SIGTERM or Ctrl-C, then finish in-flight work and leave."""
    declared = catalog()
    health = health_settings()
    stats = ConsumerStats(health.statistics_interval_s)
    worker = Worker(
        list(jobs) or list(declared.jobs),
        declared,
        codec_from_settings(),
        {**kafka_settings().librdkafka(), **consumer_config(health, stats)},
        producer_config(),
        runtime_settings(),
    )
    worker.stop_on_signals()
    with monitoring(worker.processors, stats, health):
        worker.run()
