"""A job longer than max.poll.interval.ms does not lose its partition, because the
poll loop never waits for it; a job past its timeout is retried and its late result
is discarded, and a stuck process job is killed."""

from pathlib import Path

import pytest

from processors.contract import headers
from processors.contract.events import JobState
from processors.runtime.job import job_id
from tests.integration.harness import JOB, at_least, scenario

pytestmark = pytest.mark.kafka


def test_a_job_longer_than_the_poll_interval_runs_once(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """A 14 s job with max.poll.interval.ms at 10 s: one run, one result, and a
    second event behind it on another key is not held up."""
    with (
        scenario(bootstrap_servers, tmp_path, timeout_s=60) as s,
        s.worker_thread(max_poll_interval_ms=10_000, session_timeout_ms=6_000),
    ):
        slow, _ = s.publish_copies([("copy-slow", "sleep:14"), ("copy-q", "ok")])
        results = s.collect(s.result, at_least(2), timeout_s=60)
        statuses = s.collect(s.status, at_least(6))

    assert [m.key for m in results].count("copy-slow") == 1
    slow_job = job_id(JOB, slow.event_id)
    runs = [
        m.event
        for m in statuses
        if m.event.job_id == slow_job and m.event.state == JobState.RUNNING
    ]
    assert len(runs) == 1
    quick_done = next(m for m in results if m.key == "copy-q")
    slow_done = next(m for m in results if m.key == "copy-slow")
    assert quick_done.timestamp < slow_done.timestamp


@pytest.mark.parametrize("pool", ["thread", "process"])
def test_an_attempt_past_its_timeout_is_retried_and_its_result_discarded(
    bootstrap_servers: str, tmp_path: Path, pool: str
) -> None:
    """Timeout 1 s, job 3 s: each attempt times out (JobTimedOut, retryable) until
    the dead-letter topic; no late result is ever published."""
    with (
        scenario(
            bootstrap_servers,
            tmp_path,
            timeout_s=1,
            retry_delays_s=[0.2],
            max_attempts=2,
            pool=pool,
        ) as s,
        s.worker_thread(),
    ):
        s.publish_copies([("copy-t", "sleep:3")])
        dead = s.collect(s.dead_letter, at_least(1), timeout_s=60)
        late = s.collect(s.result, at_least(1), timeout_s=5)

    assert dead[0].headers[headers.ERROR_TYPE] == "JobTimedOut"
    assert dead[0].headers[headers.ATTEMPT] == "2"
    assert late == []
