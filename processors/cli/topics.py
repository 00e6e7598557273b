"""`processors topics`: make the cluster's topics match topics.yaml."""

import click

from processors.cli import main
from processors.cli.common import catalog, reports_errors
from processors.messaging.admin import TopicAdmin
from processors.settings import kafka_settings


@main.group()
def topics() -> None:
    """Topics declared in topics.yaml."""


@topics.command()
@click.option("--dry-run", is_flag=True, help="Show the changes without making them.")
@reports_errors
def apply(dry_run: bool) -> None:
    """Create missing topics, raise partitions, fix drifted configs (idempotent)."""
    admin = TopicAdmin(kafka_settings().librdkafka())
    plan = admin.plan(catalog()) if dry_run else admin.apply(catalog())
    verb = "would" if dry_run else "did"
    for change in plan.changes:
        click.echo(f"{verb} {change.action} {change.topic}: {change.detail}")
    for problem in plan.cannot:
        click.echo(f"cannot: {problem}", err=True)
    if plan.is_empty:
        click.echo(f"topics up to date ({len(plan.desired)} topics)")


@topics.command(name="list")
@reports_errors
def list_topics() -> None:
    """Every topic topics.yaml asks for, with partitions and configs."""
    for topic in catalog().desired_topics().values():
        configs = " ".join(f"{k}={v}" for k, v in sorted(topic.configs.items()))
        click.echo(f"{topic.name}\tpartitions={topic.partitions}\t{configs}")
