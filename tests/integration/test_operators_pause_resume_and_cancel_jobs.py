"""Operators' commands reach every worker through jobs.control: a paused job takes
no messages until resumed, and a cancelled job that has not started is dropped."""

from pathlib import Path

import pytest

from processors.contract.events import JobControl, JobControlCommand, JobState
from processors.runtime.job import job_id
from tests.integration.harness import JOB, at_least, scenario, upload

pytestmark = pytest.mark.kafka


def test_a_paused_job_waits_until_it_is_resumed(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Paused before the worker starts: the worker takes nothing until resumed,
    then everything."""
    with scenario(bootstrap_servers, tmp_path) as s:
        control = s.catalog.topic_for(JobControl)
        s.publisher().publish(
            JobControl(command=JobControlCommand.PAUSE, job_name=JOB), topic=control
        )
        with s.worker_thread():
            s.publish_copies([(f"copy-{n}", "ok") for n in range(5)])
            during = s.collect(s.result, at_least(1), timeout_s=4)
            s.publisher().publish(
                JobControl(command=JobControlCommand.RESUME, job_name=JOB),
                topic=control,
            )
            after = s.collect(s.result, at_least(5))

    assert during == []
    assert len(after) == 5


def test_a_cancelled_job_is_dropped_before_it_starts(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """A job cancelled before its message arrives is dropped when its turn comes
    and reports `cancelled`; the messages of its key before and after it run."""
    slow = upload("copy-c", "sleep:1")
    doomed = upload("copy-c", "ok")
    last = upload("copy-c", "ok")
    doomed_job = job_id(JOB, doomed.event_id)
    with scenario(bootstrap_servers, tmp_path) as s:
        s.publisher().publish(
            JobControl(command=JobControlCommand.CANCEL, job_id=doomed_job),
            topic=s.catalog.topic_for(JobControl),
        )
        with s.worker_thread():
            s.publisher().publish_all([slow, doomed, last], topic=s.trigger)
            results = s.collect(s.result, at_least(2))
            statuses = s.collect(s.status, lambda m: len(m) >= 8)

    assert sorted(m.event.trigger_event_id for m in results) == sorted(
        [slow.event_id, last.event_id]
    )
    trail = [m.event.state for m in statuses if m.event.job_id == doomed_job]
    assert trail == [JobState.QUEUED, JobState.CANCELLED]
