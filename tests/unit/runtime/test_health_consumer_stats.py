"""librdkafka statistics become each job's group state and per-partition lag."""

import json
import threading
import time
from pathlib import Path

import pytest

from processors.runtime.consumer_stats import (
    ConsumerStats,
    parse_report,
    partition_lag_of,
)

# Captured from a real consumer of a two-partition topic (renamed copies.uploaded):
# partition 0 holds 10 messages with 3 committed, partition 1 holds 4 and nothing
# is committed; librdkafka also lists its internal partition -1.
STATISTICS = Path(__file__).parent / "data" / "librdkafka_consumer_statistics.json"


def deliver(stats: ConsumerStats, document: str, thread_name: str) -> None:
    """Hand the document to the callback from a thread of that name, as a poll
    thread inside `consume()` would."""
    thread = threading.Thread(target=stats.receive, args=(document,), name=thread_name)
    thread.start()
    thread.join()


def test_lag_is_the_distance_from_the_commit_or_the_start_to_the_end() -> None:
    """Partition 0: 10 - 3 committed = 7; partition 1, never committed: read from
    its start at 0, so 4; the internal partition is left out."""
    report = parse_report(json.loads(STATISTICS.read_text()), received_at=0.0)

    assert report.lag == {("copies.uploaded", 0): 7, ("copies.uploaded", 1): 4}
    assert report.joined


@pytest.mark.parametrize(
    ("partition", "expected"),
    [
        (
            {"partition": 2, "desired": False, "ls_offset": 9, "committed_offset": 1},
            None,
        ),
        (
            {"partition": 2, "desired": True, "ls_offset": -1001, "hi_offset": -1001},
            None,
        ),
        ({"partition": 2, "desired": True, "ls_offset": 9, "committed_offset": 9}, 0),
        ({"partition": 2, "desired": True, "ls_offset": 0, "lo_offset": 0}, 0),
        (
            {
                "partition": 2,
                "desired": True,
                "ls_offset": -1001,
                "hi_offset": 12,
                "committed_offset": 5,
            },
            7,
        ),
    ],
    ids=["not-owned", "offsets-unknown", "caught-up", "empty", "no-stable-offset"],
)
def test_partition_lag_cases(partition: dict, expected: int | None) -> None:
    """Only owned partitions with known offsets have a lag, never negative; the
    high watermark stands in when no stable offset is known."""
    assert partition_lag_of(partition) == expected


def test_statistics_belong_to_the_job_of_the_poll_thread() -> None:
    """A document delivered on `poll-reader` is the reader's; one from any other
    thread is ignored."""
    stats = ConsumerStats(interval_s=60)
    document = STATISTICS.read_text()

    deliver(stats, document, "poll-reader")
    deliver(stats, document, "health-server")

    assert stats.joined("reader")
    assert stats.lag("reader") == {("copies.uploaded", 0): 7, ("copies.uploaded", 1): 4}
    assert stats.report("health-server") is None
    assert stats.report("server") is None


def test_a_consumer_that_went_quiet_is_forgotten() -> None:
    """After three intervals without statistics the job has no report, so a closed
    consumer neither counts as joined nor leaves its last lag behind."""
    stats = ConsumerStats(interval_s=0.02)
    deliver(stats, STATISTICS.read_text(), "poll-reader")
    fresh = stats.joined("reader")

    time.sleep(0.1)

    assert fresh
    assert not stats.joined("reader")
    assert stats.lag("reader") == {}


def test_an_unreadable_document_keeps_the_previous_report() -> None:
    """A truncated document is skipped; the last good one still answers."""
    stats = ConsumerStats(interval_s=60)
    document = STATISTICS.read_text()
    deliver(stats, document, "poll-reader")

    deliver(stats, document[:100], "poll-reader")

    assert stats.lag("reader") == {("copies.uploaded", 0): 7, ("copies.uploaded", 1): 4}


def test_consumer_config_asks_librdkafka_for_statistics() -> None:
    """The interval is given in milliseconds and the callback is this object's."""
    stats = ConsumerStats(interval_s=2.5)

    config = stats.consumer_config()

    assert config["statistics.interval.ms"] == 2500
    assert config["stats_cb"] == stats.receive
