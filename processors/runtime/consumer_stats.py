"""What librdkafka's statistics say about each processor's consumer: whether it has
joined its group, and how far behind the log end its assigned partitions are.

The consumer is only ever touched by its poll thread, and librdkafka delivers the
statistics on that same thread, from inside `consume()`. The callback here only
parses them and stores numbers under a lock, so the health and metrics threads read
copies and never call into a consumer. A processor's poll thread is named
`poll-<job>` by the worker; that name is how the statistics find their job.
"""

import json
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

POLL_THREAD_PREFIX = "poll-"
# librdkafka's marker for an offset it does not know (RD_KAFKA_OFFSET_INVALID).
UNKNOWN_OFFSET = -1001
# A consumer that has sent nothing for this many intervals is taken to be gone.
STALE_INTERVALS = 3

TopicPartition = tuple[str, int]


@dataclass(frozen=True)
class ConsumerReport:
    """One consumer's latest statistics, reduced to what health and metrics need."""

    received_at: float
    group_state: str
    join_state: str
    lag: Mapping[TopicPartition, int] = field(default_factory=dict)

    @property
    def joined(self) -> bool:
        """In its group with a settled assignment, which may be empty."""
        return self.group_state == "up" and self.join_state == "steady"


class ConsumerStats:
    """Latest statistics of each job's consumer, fed by librdkafka's `stats_cb`."""

    def __init__(self, interval_s: float = 5.0) -> None:
        self.interval_s = interval_s
        self._lock = threading.Lock()
        self._reports: dict[str, ConsumerReport] = {}

    def consumer_config(self) -> dict[str, Any]:
        """librdkafka settings that make a consumer report here."""
        return {
            "statistics.interval.ms": int(self.interval_s * 1000),
            "stats_cb": self.receive,
        }

    def receive(self, stats_json: str) -> None:
        """Keep one statistics document, attributed to the calling poll thread's job."""
        thread_name = threading.current_thread().name
        if not thread_name.startswith(POLL_THREAD_PREFIX):
            logger.debug("statistics from thread %s ignored: no job", thread_name)
            return
        job_name = thread_name.removeprefix(POLL_THREAD_PREFIX)
        try:
            report = parse_report(json.loads(stats_json), time.monotonic())
        except (ValueError, KeyError, TypeError) as exc:
            logger.warning(
                "statistics of job %s unreadable, skipped: %s", job_name, exc
            )
            return
        with self._lock:
            self._reports[job_name] = report

    def report(self, job_name: str) -> ConsumerReport | None:
        """The job's latest report, unless its consumer has gone quiet."""
        with self._lock:
            report = self._reports.get(job_name)
        if report is None:
            return None
        if time.monotonic() - report.received_at > STALE_INTERVALS * self.interval_s:
            return None
        return report

    def joined(self, job_name: str) -> bool:
        report = self.report(job_name)
        return report is not None and report.joined

    def lag(self, job_name: str) -> Mapping[TopicPartition, int]:
        report = self.report(job_name)
        return report.lag if report is not None else {}


def parse_report(stats: Mapping[str, Any], received_at: float) -> ConsumerReport:
    """Reduce one librdkafka statistics document (see its STATISTICS.md)."""
    group = stats.get("cgrp") or {}
    lag: dict[TopicPartition, int] = {}
    for topic, topic_stats in (stats.get("topics") or {}).items():
        for partition_stats in topic_stats.get("partitions", {}).values():
            partition_lag = partition_lag_of(partition_stats)
            if partition_lag is not None:
                lag[(topic, int(partition_stats["partition"]))] = partition_lag
    return ConsumerReport(
        received_at=received_at,
        group_state=str(group.get("state", "unknown")),
        join_state=str(group.get("join_state", "unknown")),
        lag=lag,
    )


def partition_lag_of(partition: Mapping[str, Any]) -> int | None:
    """Messages between the group's committed offset and the end of the log, for a
    partition this consumer owns; None when it does not own it or cannot know yet.

    The end is the last stable offset, which is what a read_committed consumer (the
    default) can reach; a partition with no committed offset yet is read from its
    start, as the processors' `auto.offset.reset` is earliest.
    """
    if partition.get("partition", -1) < 0 or not partition.get("desired", False):
        return None
    end = _first_known(partition.get("ls_offset"), partition.get("hi_offset"))
    position = _first_known(
        partition.get("committed_offset"), partition.get("lo_offset")
    )
    if end is None or position is None:
        return None
    return max(0, end - position)


def _first_known(*offsets: Any) -> int | None:
    for offset in offsets:
        if isinstance(offset, int) and offset >= 0:
            return offset
    return None
