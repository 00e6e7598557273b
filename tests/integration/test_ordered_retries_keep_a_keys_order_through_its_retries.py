"""With ordered_retries, a key whose message is being retried keeps its order: later
messages of that key wait behind it in the retry topic, other keys flow on. Without
it, the later messages overtake."""

from pathlib import Path

import pytest

from processors.contract.events import JobState
from tests.integration.harness import Scenario, at_least, scenario, upload

pytestmark = pytest.mark.kafka


def publish_sequence(s: Scenario) -> None:
    """copy-k: #0 fails once, #1..#4 succeed; copy-o: an unrelated key."""
    events = [upload("copy-k", "fail-until:2", uri="file:///k/0.pdf")]
    events += [upload("copy-k", "ok", uri=f"file:///k/{n}.pdf") for n in range(1, 5)]
    events += [upload("copy-o", "ok", uri="file:///o/0.pdf")]
    s.publisher().publish_all(events, topic=s.trigger)


def order_of(results: list, key: str) -> list[int]:
    return [
        int(m.event.document.uri.rsplit("/", 1)[1].split(".")[0])
        for m in results
        if m.key == key
    ]


def test_later_messages_of_a_retried_key_wait_behind_it(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """Results of copy-k come out 0,1,2,3,4; copy-o is not held up; the held
    messages were reported as waiting."""
    with (
        scenario(
            bootstrap_servers, tmp_path, retry_delays_s=[2], ordered_retries=True
        ) as s,
        s.worker_thread(),
    ):
        publish_sequence(s)
        results = s.collect(s.result, at_least(6))
        statuses = s.collect(s.status, lambda m: len(m) >= 20)

    assert order_of(results, "copy-k") == [0, 1, 2, 3, 4]
    other = next(m for m in results if m.key == "copy-o")
    first_k = next(m for m in results if m.key == "copy-k")
    assert other.timestamp < first_k.timestamp
    waiting = [m for m in statuses if m.event.state == JobState.WAITING]
    assert len(waiting) == 4


def test_without_ordered_retries_later_messages_overtake(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """The default keeps retries from blocking: #1..#4 finish before #0's retry."""
    with (
        scenario(bootstrap_servers, tmp_path, retry_delays_s=[2]) as s,
        s.worker_thread(),
    ):
        publish_sequence(s)
        results = s.collect(s.result, at_least(6))

    assert order_of(results, "copy-k") == [1, 2, 3, 4, 0]


def test_a_new_owner_rebuilds_the_chains_from_the_retry_topics(
    bootstrap_servers: str, tmp_path: Path
) -> None:
    """A worker stopped while copy-k waits in the retry topic: the next worker
    reads the retry partitions on assignment and still holds #1..#4 behind #0."""
    with scenario(
        bootstrap_servers, tmp_path, retry_delays_s=[4], ordered_retries=True
    ) as s:
        with s.worker_thread():
            s.publisher().publish(
                upload("copy-k", "fail-until:2", uri="file:///k/0.pdf"), topic=s.trigger
            )
            s.collect(s.catalog.retry_topic("job_under_test", 4), at_least(1))
        with s.worker_thread():
            later = [
                upload("copy-k", "ok", uri=f"file:///k/{n}.pdf") for n in range(1, 5)
            ]
            s.publisher().publish_all(later, topic=s.trigger)
            results = s.collect(s.result, at_least(5))

    assert order_of(results, "copy-k") == [0, 1, 2, 3, 4]
