"""Exactly-once outcomes: a job's records are held until the offset of its input
joins the committable prefix, then produced in the same Kafka transaction that
commits that offset. Readers with isolation.level=read_committed (librdkafka's
default) see each outcome once, even when a worker dies mid-way.

A transaction that fails is aborted and its records kept for the next try; a fatal
producer error (fenced, timed out) means a new producer and a new
`init_transactions`, since librdkafka does not implement KIP-890's server-side
defence against a zombie transaction.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

logger = logging.getLogger(__name__)

TopicPartitionKey = tuple[str, int]
TRANSACTION_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Outbound:
    """One record to produce: where, and what."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[Any]


class TransactionalOutcomes:
    """Outcome records held per input partition, committed with their offsets."""

    def __init__(self, make_producer: Callable[[], Producer], name: str) -> None:
        self._make_producer = make_producer
        self._name = name
        self._held: dict[TopicPartitionKey, list[tuple[int, list[Outbound]]]] = {}
        self.producer = self._new_producer()

    def _new_producer(self) -> Producer:
        producer = self._make_producer()
        producer.init_transactions(TRANSACTION_TIMEOUT_S)
        return producer

    def hold(
        self, partition: TopicPartitionKey, offset: int, records: list[Outbound]
    ) -> None:
        self._held.setdefault(partition, []).append((offset, records))

    def commit(
        self, positions: dict[TopicPartitionKey, int], consumer: Consumer
    ) -> bool:
        """Produce the records before each position and commit the positions, in
        one transaction; False (records kept) when the transaction failed."""
        batch = self._take(positions)
        try:
            self._transact(batch, positions, consumer)
        except KafkaException as exc:
            self._put_back(batch)
            self._recover(exc)
            return False
        return True

    def forget(self, partitions: set[TopicPartitionKey]) -> None:
        """Drop what is held for partitions this worker no longer owns."""
        for partition in partitions:
            self._held.pop(partition, None)

    def _take(
        self, positions: dict[TopicPartitionKey, int]
    ) -> dict[TopicPartitionKey, list[tuple[int, list[Outbound]]]]:
        batch = {}
        for partition, position in positions.items():
            held = sorted(self._held.get(partition, []), key=lambda item: item[0])
            batch[partition] = [item for item in held if item[0] < position]
            self._held[partition] = [item for item in held if item[0] >= position]
        return batch

    def _put_back(
        self, batch: dict[TopicPartitionKey, list[tuple[int, list[Outbound]]]]
    ) -> None:
        for partition, items in batch.items():
            self._held.setdefault(partition, []).extend(items)

    def _transact(
        self,
        batch: dict[TopicPartitionKey, list[tuple[int, list[Outbound]]]],
        positions: dict[TopicPartitionKey, int],
        consumer: Consumer,
    ) -> None:
        self.producer.begin_transaction()
        for items in batch.values():
            for _, records in items:
                for record in records:
                    self._produce(record)
        offsets = [TopicPartition(t, p, o) for (t, p), o in positions.items()]
        metadata = consumer.consumer_group_metadata()
        _until_done(
            lambda: self.producer.send_offsets_to_transaction(
                offsets, metadata, TRANSACTION_TIMEOUT_S
            )
        )
        _until_done(lambda: self.producer.commit_transaction(TRANSACTION_TIMEOUT_S))

    def _produce(self, record: Outbound) -> None:
        while True:
            try:
                self.producer.produce(
                    record.topic,
                    value=record.value,
                    key=record.key,
                    headers=record.headers,
                )
                return
            except BufferError:
                self.producer.poll(0.1)

    def _recover(self, exc: KafkaException) -> None:
        error = exc.args[0]
        if error.txn_requires_abort():
            logger.warning(
                "processor %s transaction aborted (%s); its records are kept and "
                "committed with the next one",
                self._name,
                error.str(),
            )
            self._abort()
            return
        if error.retriable():
            logger.warning(
                "processor %s commit will be retried: %s", self._name, error.str()
            )
            self._abort()
            return
        logger.error(
            "processor %s transactional producer failed (%s); starting a new one",
            self._name,
            error.str(),
        )
        self.producer = self._new_producer()

    def _abort(self) -> None:
        try:
            self.producer.abort_transaction(TRANSACTION_TIMEOUT_S)
        except KafkaException as exc:
            logger.error(
                "processor %s cannot abort (%s); starting a new producer",
                self._name,
                exc.args[0].str(),
            )
            self.producer = self._new_producer()


def _until_done(call: Callable[[], object]) -> None:
    """Repeat a transactional call while it fails retriably: a commit that timed
    out may have succeeded on the broker, so aborting it (and producing its records
    again) could duplicate them; librdkafka makes the repeat safe."""
    while True:
        try:
            call()
            return
        except KafkaException as exc:
            if not exc.args[0].retriable():
                raise
            logger.warning("transactional call will be repeated: %s", exc.args[0].str())
