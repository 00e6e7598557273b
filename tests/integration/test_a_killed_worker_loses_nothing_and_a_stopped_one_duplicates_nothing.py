"""Two workers share 2,000 events over 1,000 keys. When one is SIGKILLed mid-way,
every event still gets an outcome (a duplicate carries the same job id); when one
is SIGTERMed instead, it finishes its work and nothing is processed twice."""

import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from processors.runtime.job import job_id
from tests.integration.harness import JOB, Scenario, at_least, scenario

pytestmark = pytest.mark.kafka

EVENTS = 2000
KEYS = 1000
JOB_SETTINGS = {"concurrency": 16, "timeout_s": 30, "grace_period_s": 30}


def run_two_workers_and_interrupt(s: Scenario, signum: int) -> tuple[list, list, int]:
    first = s.start_worker_process()
    second = s.start_worker_process()
    events = s.publish_copies(
        [(f"copy-{n % KEYS}", "sleep:0.1") for n in range(EVENTS)]
    )
    s.collect(s.result, at_least(EVENTS // 4), timeout_s=120)
    first.send_signal(signum)
    first.wait(60)
    at_interrupt = _distinct(s.collect(s.result, at_least(1)))
    results = s.collect(s.result, lambda m: _distinct(m) >= EVENTS, timeout_s=240)
    time.sleep(3)  # anything still in flight elsewhere would land now
    results = s.collect(s.result, at_least(len(results)), timeout_s=30)
    second.send_signal(signal.SIGTERM)
    second.wait(60)
    return events, results, at_interrupt


def _distinct(messages: list) -> int:
    return len({m.event.trigger_event_id for m in messages})


def test_sigkill_mid_way_leaves_no_event_without_an_outcome(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """All 2,000 trigger events have a result; duplicates share the job id."""
    with scenario(
        bootstrap_servers,
        tmp_path,
        **JOB_SETTINGS,
    ) as s:
        events, results, at_interrupt = run_two_workers_and_interrupt(s, signal.SIGKILL)

    assert at_interrupt < EVENTS  # the kill did land mid-way
    by_trigger = {m.event.trigger_event_id: m for m in results}
    assert set(by_trigger) == {e.event_id for e in events}
    for message in results:
        expected = job_id(JOB, message.event.trigger_event_id)
        assert message.headers["job-id"] == expected


def test_sigterm_mid_way_processes_each_event_exactly_once(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """The stopped worker finishes and commits before leaving: no duplicates."""
    with scenario(bootstrap_servers, tmp_path, **JOB_SETTINGS) as s:
        events, results, at_interrupt = run_two_workers_and_interrupt(s, signal.SIGTERM)
        first_exit = s.children[0].returncode

    assert at_interrupt < EVENTS
    counts = Counter(m.event.trigger_event_id for m in results)
    assert set(counts) == {e.event_id for e in events}
    assert [t for t, n in counts.items() if n > 1] == []
    assert first_exit == 0
