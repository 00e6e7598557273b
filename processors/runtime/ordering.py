"""Per-key order across retries.

A failed message waits in a retry topic while later messages of its key keep
arriving. To keep them in order, those later messages are not run: they are sent
to the retry topic that holds the newest message of their key, behind it, and run
when their turn comes there. A message of the key taken from an older tier is moved
on the same way. The chain of a key is known to the one worker that owns the key,
because with ordered retries a job's topic and its retry topics have the same
partition count and are assigned together (range assignment).

After an assignment the chains are rebuilt by reading the retry partitions from
their committed offsets to their ends.
"""

import logging
import time
import uuid
from dataclasses import dataclass
from typing import Any

from confluent_kafka import Consumer, TopicPartition

from processors.messaging.watermarks import watermarks

logger = logging.getLogger(__name__)

SCAN_TIMEOUT_S = 30.0


@dataclass
class Chain:
    """Messages of one key waiting in retry topics, and the tier of the newest."""

    waiting: int
    tier: str
    newest_ms: int = 0


class RetryChains:
    """The chains of the keys this worker owns."""

    def __init__(self, main_topic: str, tiers: set[str]) -> None:
        self.main_topic = main_topic
        self.tiers = tiers
        self._chains: dict[bytes, Chain] = {}

    def __len__(self) -> int:
        return len(self._chains)

    def must_wait(self, key: bytes | None, topic: str) -> str | None:
        """The tier a message must move to, behind its key's newest, or None when
        it may run now."""
        chain = self._chains.get(key) if key is not None else None
        if chain is None or chain.waiting == 0:
            return None
        if topic == self.main_topic or topic != chain.tier:
            return chain.tier
        return None

    def sent(self, key: bytes | None, tier: str, timestamp_ms: int) -> None:
        """A message of the key was produced to a retry tier."""
        if key is None:
            return
        chain = self._chains.setdefault(key, Chain(0, tier))
        chain.waiting += 1
        if timestamp_ms >= chain.newest_ms:
            chain.tier, chain.newest_ms = tier, timestamp_ms

    def taken(self, key: bytes | None, topic: str) -> None:
        """A message of the key left a retry tier (it is about to run or move on)."""
        chain = self._chains.get(key) if key is not None else None
        if chain is None or topic not in self.tiers:
            return
        chain.waiting -= 1
        if chain.waiting <= 0:
            del self._chains[key]  # type: ignore[arg-type]

    def forget(self) -> None:
        self._chains.clear()

    def rebuild(
        self,
        consumer: Consumer,
        base_config: dict[str, Any],
        tiers: list[TopicPartition],
    ) -> None:
        """Count the messages waiting in the assigned retry partitions, by key."""
        self.forget()
        if not tiers:
            return
        committed = consumer.committed(tiers, timeout=SCAN_TIMEOUT_S)
        reader = Consumer(
            {
                **base_config,
                "group.id": f"chains-{uuid.uuid4()}",
                "enable.auto.commit": False,
                "auto.offset.reset": "earliest",
            }
        )
        try:
            scanned = _scan(reader, committed, self)
        finally:
            reader.close()
        logger.info(
            "rebuilt retry chains from %d waiting messages: %d keys wait",
            scanned,
            len(self),
        )


def _scan(
    reader: Consumer, committed: list[TopicPartition], chains: RetryChains
) -> int:
    ends = {}
    starts = []
    for partition in committed:
        low, high = watermarks(reader, partition, SCAN_TIMEOUT_S)
        start = partition.offset if partition.offset >= 0 else low
        if start < high:
            ends[(partition.topic, partition.partition)] = high
            starts.append(TopicPartition(partition.topic, partition.partition, start))
    if not starts:
        return 0
    reader.assign(starts)
    scanned = 0
    deadline = time.monotonic() + SCAN_TIMEOUT_S
    while ends and time.monotonic() < deadline:
        for message in reader.consume(500, 1.0):
            if message.error() is not None:
                continue
            where = (str(message.topic()), int(message.partition() or 0))
            chains.sent(message.key(), where[0], message.timestamp()[1])
            scanned += 1
            if where in ends and int(message.offset() or 0) >= ends[where] - 1:
                del ends[where]
    if ends:
        logger.warning(
            "retry partitions %s not read to their end within %gs; keys waiting there "
            "may run out of order",
            sorted(ends),
            SCAN_TIMEOUT_S,
        )
    return scanned
