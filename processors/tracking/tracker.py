"""The tracker: a processor of `jobs.status` that keeps every job's history.

It takes a batch of status events, writes it in one database transaction, and only
then commits the batch's offsets, so a crash between the two re-reads events the
store already has, which the store ignores (idempotent by event id). When the
database refuses a batch, the tracker rewinds to the batch's first offsets and
tries again after a growing pause.
"""

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Message
from confluent_kafka import TopicPartition as KafkaTopicPartition

from processors.contract.codec import Codec
from processors.contract.events import JobStatusChanged
from processors.contract.exceptions import UndecodableMessage
from processors.contract.topics import Catalog
from processors.tracking import retention
from processors.tracking.exceptions import StoreUnavailable, TrackingError
from processors.tracking.recorder import Received, Recorder
from processors.tracking.settings import TrackingSettings
from processors.tracking.store import JobStore

logger = logging.getLogger(__name__)

FIRST_BACKOFF_S = 0.5


@dataclass
class TrackerCounters:
    applied: int = 0
    duplicates: int = 0
    skipped: int = 0
    batches: int = 0


class Tracker:
    """Consumes `jobs.status` into the job store until `stop()`."""

    def __init__(
        self,
        catalog: Catalog,
        codec: Codec,
        store: JobStore,
        kafka_config: dict[str, Any],
        settings: TrackingSettings,
    ) -> None:
        self.topic = catalog.topic_for(JobStatusChanged)
        self.codec = codec
        self.store = store
        self.recorder = Recorder(store.make_session)
        self.settings = settings
        self.consumer = Consumer(self._consumer_config(kafka_config))
        self.stopping = threading.Event()
        self.counters = TrackerCounters()
        self._backoff_s = 0.0
        self._next_sweep = 0.0

    def _consumer_config(self, base: dict[str, Any]) -> dict[str, Any]:
        return {
            **base,
            "group.id": self.settings.group_id,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
        }

    def run(self) -> None:
        """Consume until `stop()`, then leave the group."""
        self.consumer.subscribe([self.topic])
        logger.info(
            "tracker consuming %s as group %s", self.topic, self.settings.group_id
        )
        try:
            while not self.stopping.is_set():
                self.step()
        finally:
            self.consumer.close()
            logger.info("tracker left group %s", self.settings.group_id)

    def stop(self) -> None:
        self.stopping.set()

    def step(self) -> None:
        """Take a batch, write it, commit its offsets; sweep old jobs when due."""
        messages = self.consumer.consume(
            self.settings.batch_size, self.settings.poll_timeout_s
        )
        readable = [m for m in messages if self._readable(m)]
        if readable:
            self._write(readable)
        self._sweep_when_due()

    def _readable(self, message: Message) -> bool:
        error = message.error()
        if error is None:
            return True
        if error.code() != KafkaError._PARTITION_EOF:
            if error.fatal():
                raise KafkaException(error)
            logger.warning("tracker consumer error: %s", error.str())
        return False

    def _write(self, messages: Sequence[Message]) -> None:
        batch = [r for r in (self._received(m) for m in messages) if r is not None]
        try:
            written = self.recorder.write(batch)
        except StoreUnavailable as exc:
            self._rewind(messages, exc)
            return
        self._commit(messages)
        self._backoff_s = 0.0
        self.counters.batches += 1
        self.counters.applied += written.applied
        self.counters.duplicates += written.duplicates

    def _received(self, message: Message) -> Received | None:
        try:
            event = self.codec.decode(message.value())
        except UndecodableMessage as exc:
            self._skip(message, exc.reason)
            return None
        if not isinstance(event, JobStatusChanged):
            self._skip(message, f"event type {type(event).__name__}")
            return None
        return Received(event, message.partition(), message.offset())

    def _skip(self, message: Message, reason: str) -> None:
        self.counters.skipped += 1
        logger.warning(
            "tracker skipped %s[%d]@%d, not a job status event (%s)",
            message.topic(),
            message.partition(),
            message.offset(),
            reason,
        )

    def _commit(self, messages: Sequence[Message]) -> None:
        positions = _positions(messages, after=True)
        try:
            self.consumer.commit(offsets=positions, asynchronous=False)
        except KafkaException as exc:
            # The batch is in the store; reading it again after a rebalance
            # changes nothing there, so the next commit may simply catch up.
            logger.warning("tracker commit failed, the next batch commits: %s", exc)

    def _rewind(self, messages: Sequence[Message], error: StoreUnavailable) -> None:
        self._backoff_s = min(
            self.settings.max_backoff_s, max(FIRST_BACKOFF_S, self._backoff_s * 2)
        )
        logger.error(
            "%s; rewinding %d status events and trying again in %.1f s",
            error,
            len(messages),
            self._backoff_s,
        )
        for position in _positions(messages, after=False):
            try:
                self.consumer.seek(position)
            except KafkaException as seek_error:
                # The partition went to another tracker, which reads it from the
                # last committed offset: the batch is not lost.
                logger.info("tracker did not rewind %s: %s", position, seek_error)
        self.stopping.wait(self._backoff_s)

    def _sweep_when_due(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + self.settings.retention_interval_s
        try:
            retention.sweep(self.store.make_session, self.settings.retention_days)
        except TrackingError as exc:
            logger.error("retention sweep failed, next one in due time: %s", exc)


def _positions(
    messages: Sequence[Message], *, after: bool
) -> list[KafkaTopicPartition]:
    """Per partition, the offset after the batch's last message (to commit) or the
    batch's first offset (to read again)."""
    chosen: dict[tuple[str, int], int] = {}
    for message in messages:
        tp = (str(message.topic()), int(message.partition() or 0))
        offset = int(message.offset() or 0)
        if after:
            chosen[tp] = max(chosen.get(tp, -1), offset + 1)
        else:
            chosen[tp] = min(chosen.get(tp, offset), offset)
    return [KafkaTopicPartition(t, p, o) for (t, p), o in chosen.items()]
