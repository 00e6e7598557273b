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
    """Nothing is processed while paused; everything is once resumed."""
    with scenario(bootstrap_servers, tmp_path) as s, s.worker_thread():
        control = s.catalog.topic_for(JobControl)
        s.publisher().publish(
            JobControl(command=JobControlCommand.PAUSE, job_name=JOB), topic=control
        )
        s.collect(s.status, at_least(1), timeout_s=3)  # let the command arrive
        s.publish_copies([(f"copy-{n}", "ok") for n in range(5)])
        during = s.collect(s.result, at_least(1), timeout_s=4)
        s.publisher().publish(
            JobControl(command=JobControlCommand.RESUME, job_name=JOB), topic=control
        )
        after = s.collect(s.result, at_least(5))

    assert during == []
    assert len(after) == 5


def test_a_cancelled_job_is_dropped_before_it_starts(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """The second message of a key waits behind a slow first; cancelled meanwhile,
    it never runs and reports `cancelled`; the third runs."""
    slow = upload("copy-c", "sleep:8")
    doomed = upload("copy-c", "ok")
    last = upload("copy-c", "ok")
    doomed_job = job_id(JOB, doomed.event_id)
    with scenario(bootstrap_servers, tmp_path) as s, s.worker_thread():
        s.publisher().publish(slow, topic=s.trigger)
        s.collect(s.status, lambda m: any(x.event.state == JobState.RUNNING for x in m))
        s.publisher().publish(
            JobControl(command=JobControlCommand.CANCEL, job_id=doomed_job),
            topic=s.catalog.topic_for(JobControl),
        )
        s.publisher().publish_all([doomed, last], topic=s.trigger)
        results = s.collect(s.result, at_least(2))
        statuses = s.collect(s.status, lambda m: len(m) >= 8)

    assert sorted(m.event.trigger_event_id for m in results) == sorted(
        [slow.event_id, last.event_id]
    )
    trail = [m.event.state for m in statuses if m.event.job_id == doomed_job]
    assert trail == [JobState.QUEUED, JobState.CANCELLED]
