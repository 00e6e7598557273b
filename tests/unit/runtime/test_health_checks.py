"""Liveness follows the poll loops' last turns; readiness follows group membership."""

import threading
import time

from processors.runtime.consumer_stats import ConsumerStats
from processors.runtime.health import liveness, readiness
from tests.unit.runtime.processor_views import ProcessorView


def joined_stats(*job_names: str) -> ConsumerStats:
    """Statistics as the poll threads of these jobs would have delivered them."""
    stats = ConsumerStats(interval_s=60)
    document = '{"cgrp": {"state": "up", "join_state": "steady"}, "topics": {}}'
    for name in job_names:
        thread = threading.Thread(target=stats.receive, args=(document,))
        thread.name = f"poll-{name}"
        thread.start()
        thread.join()
    return stats


def test_live_while_every_loop_turned_within_the_limit() -> None:
    """Two loops that turned 5 s and 59 s ago, limit 60 s: live."""
    now = time.monotonic()
    views = [
        ProcessorView("reader", last_loop_at=now - 5),
        ProcessorView("notifier", last_loop_at=now - 59),
    ]

    verdict = liveness(views, stall_s=60, now=now)

    assert verdict.ok
    assert verdict.lines == (
        "reader: poll loop turned 5.0s ago",
        "notifier: poll loop turned 59.0s ago",
    )


def test_one_stalled_loop_fails_liveness_and_is_named() -> None:
    """One loop idle 61 s of a 60 s limit: not live, and the line says which."""
    now = time.monotonic()
    views = [
        ProcessorView("reader", last_loop_at=now - 1),
        ProcessorView("notifier", last_loop_at=now - 61),
    ]

    verdict = liveness(views, stall_s=60, now=now)

    assert not verdict.ok
    assert "notifier: poll loop stalled, last turned 61.0s ago (limit 60s)" in (
        verdict.text
    )


def test_a_stopping_processor_stays_live_while_it_drains() -> None:
    """A loop idle for 10 minutes while stopping (waiting for in-flight jobs within
    its grace period) does not fail liveness, so it is not killed mid-drain."""
    now = time.monotonic()
    view = ProcessorView("reader", last_loop_at=now - 600)
    view.stopping.set()

    verdict = liveness([view], stall_s=60, now=now)

    assert verdict.ok
    assert verdict.lines == ("reader: stopping",)


def test_ready_when_assigned_or_joined_with_nothing_to_assign() -> None:
    """One processor owns partitions, the other is in its group with none: ready."""
    views = [ProcessorView("reader", assigned=True), ProcessorView("notifier")]

    verdict = readiness(views, joined_stats("notifier"))

    assert verdict.ok
    assert verdict.lines == (
        "reader: owns partitions in group processors.reader",
        "notifier: joined group processors.notifier, which has no partition for it",
    )


def test_not_ready_until_every_processor_is_in_its_group() -> None:
    """A processor with no partitions and no group state yet keeps the worker out."""
    views = [ProcessorView("reader", assigned=True), ProcessorView("notifier")]

    verdict = readiness(views, joined_stats("reader"))

    assert not verdict.ok
    assert "notifier: not a member of group processors.notifier yet" in verdict.text
