"""The baselines: a bare confluent-kafka consume → produce loop, passing bytes or
transforming with fastavro, optionally waiting for I/O one message at a time.

At least once the simplest way: every commit interval (and at the end) the producer
is flushed, so every output so far is acknowledged, and only then are the consumed
positions committed.
"""

import time
from collections.abc import Callable
from typing import Any

from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer
from confluent_kafka import TopicPartition as KafkaTopicPartition

from benchmarks.budget import Budget
from benchmarks.exceptions import RunFailed
from benchmarks.spec import COMMIT_INTERVAL_S, RunSpec
from benchmarks.transform import AvroTransform, Headers
from processors.messaging.producer import PRODUCER_DEFAULTS

BATCH_SIZE = 500
POLL_TIMEOUT_S = 0.05
FLUSH_TIMEOUT_S = 30.0

Step = Callable[[bytes], tuple[bytes, Headers | None]]


class Loop:
    """Consumes the input, writes one output per message, commits behind acks."""

    def __init__(self, spec: RunSpec, budget: Budget) -> None:
        self.spec = spec
        self.budget = budget
        self.step = _step(spec)
        self.consumer = Consumer(
            {
                "bootstrap.servers": spec.bootstrap_servers,
                "group.id": spec.group,
                "enable.auto.commit": False,
                "auto.offset.reset": "earliest",
            }
        )
        self.producer = Producer(
            {
                "bootstrap.servers": spec.bootstrap_servers,
                **PRODUCER_DEFAULTS,
                "on_delivery": self._delivered,
            }
        )
        self.positions: dict[tuple[str, int], int] = {}
        self.handled = 0
        self.failure: KafkaError | None = None

    def run(self) -> int:
        """Handle messages until the budget is spent, commit, leave; returns how
        many were handled."""
        self.consumer.subscribe([self.spec.input_topic])
        last_commit = time.monotonic()
        while not self.budget.spent(self.handled):
            for message in self.consumer.consume(self._room(), POLL_TIMEOUT_S):
                self._handle(message)
                if self.budget.spent(self.handled):
                    break
            self.producer.poll(0)
            if time.monotonic() - last_commit >= COMMIT_INTERVAL_S:
                self._checkpoint()
                last_commit = time.monotonic()
        self._checkpoint()
        self.consumer.close()
        return self.handled

    def _room(self) -> int:
        return min(BATCH_SIZE, self.spec.stop_after - self.handled)

    def _handle(self, message: Message) -> None:
        error = message.error()
        if error is not None:
            raise RunFailed(f"consumer error in {self.spec.scenario}: {error.str()}")
        value, record_headers = self.step(message.value() or b"")
        self._produce(message.key(), value, record_headers)
        topic, partition = str(message.topic()), int(message.partition() or 0)
        self.positions[(topic, partition)] = int(message.offset() or 0) + 1
        self.handled += 1

    def _produce(self, key: Any, value: bytes, record_headers: Headers | None) -> None:
        while True:
            try:
                self.producer.produce(
                    self.spec.output_topic, value=value, key=key, headers=record_headers
                )
                return
            except BufferError:
                self.producer.poll(0.1)

    def _delivered(self, error: KafkaError | None, message: Message) -> None:
        if error is not None and self.failure is None:
            self.failure = error

    def _checkpoint(self) -> None:
        remaining = self.producer.flush(FLUSH_TIMEOUT_S)
        if remaining or self.failure is not None:
            reason = self.failure.str() if self.failure else f"{remaining} unacked"
            raise RunFailed(f"{self.spec.scenario}: outputs not acknowledged: {reason}")
        if not self.positions:
            return
        offsets = [
            KafkaTopicPartition(topic, partition, offset)
            for (topic, partition), offset in self.positions.items()
        ]
        try:
            self.consumer.commit(offsets=offsets, asynchronous=False)
        except KafkaException as exc:
            raise RunFailed(f"{self.spec.scenario}: commit refused: {exc}") from exc


def _step(spec: RunSpec) -> Step:
    if spec.transform == "bytes":
        return lambda value: (value, None)
    transform = AvroTransform()
    if spec.io_wait_s <= 0:
        return transform.apply
    wait_s = spec.io_wait_s

    def wait_then_apply(value: bytes) -> tuple[bytes, Headers]:
        upload = transform.decode(value)
        time.sleep(wait_s)
        reading = transform.build(upload)
        return transform.encode(reading), transform.headers(reading)

    return wait_then_apply
