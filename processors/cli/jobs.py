"""`processors jobs`: operators' commands to the running workers."""

import getpass
import json

import click

from processors.cli import main
from processors.cli.common import catalog, reports_errors
from processors.contract.events import JobControl, JobControlCommand
from processors.contract.registry import codec_from_settings
from processors.messaging.producer import Publisher


def _send(command: JobControlCommand, **target: str | None) -> None:
    event = JobControl(command=command, issued_by=getpass.getuser(), **target)
    delivery = Publisher(catalog(), codec_from_settings()).publish(event)
    click.echo(
        json.dumps(
            {"command": command.value, **target, "offset": delivery.offset},
            ensure_ascii=False,
        )
    )


@main.group()
def jobs() -> None:
    """Pause, resume or cancel jobs on every worker (through jobs.control)."""


@jobs.command()
@click.argument("job")
@reports_errors
def pause(job: str) -> None:
    """Stop taking new messages for JOB on every worker; running attempts finish."""
    _known(job)
    _send(JobControlCommand.PAUSE, job_name=job)


@jobs.command()
@click.argument("job")
@reports_errors
def resume(job: str) -> None:
    """Let JOB take messages again."""
    _known(job)
    _send(JobControlCommand.RESUME, job_name=job)


@jobs.command()
@click.argument("job_id")
@reports_errors
def cancel(job_id: str) -> None:
    """Drop the job JOB_ID if it has not started; a running attempt goes on."""
    _send(JobControlCommand.CANCEL, job_id=job_id)


def _known(job: str) -> None:
    declared = catalog().jobs
    if job not in declared:
        raise click.BadParameter(
            f"{job!r} is not a job of topics.yaml; jobs: {', '.join(sorted(declared))}"
        )
