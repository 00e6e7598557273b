"""Operators' commands to every worker, from the jobs.control topic.

Each worker reads the whole topic from its start, outside any group, and applies
what is there before its jobs take any message, so a job
paused before a worker started is paused in it too: the last pause or resume of a
job wins. A cancel names one job id; a worker that has not started that job drops
its message (state `cancelled`), an attempt already running is not interrupted.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

from processors.contract.codec import Codec
from processors.contract.events import JobControl
from processors.contract.exceptions import UndecodableMessage
from processors.messaging.watermarks import watermarks

logger = logging.getLogger(__name__)

POLL_S = 0.5
ASSIGN_TIMEOUT_S = 30.0


class ControlListener:
    """A thread handing each command of the control topic to a callback."""

    def __init__(
        self,
        topic: str,
        codec: Codec,
        consumer_config: dict[str, Any],
        deliver: Callable[[JobControl], None],
    ) -> None:
        self.topic = topic
        self._codec = codec
        self._deliver = deliver
        self._stopping = threading.Event()
        self._consumer = Consumer(
            {
                **consumer_config,
                "group.id": f"processors.control.{uuid.uuid4()}",
                "enable.auto.commit": False,
                "auto.offset.reset": "earliest",
            }
        )
        self._thread = threading.Thread(target=self._run, name="control", daemon=True)

    def start(self) -> None:
        # Assigned, not subscribed: no group to join, so commands apply at once.
        metadata = self._consumer.list_topics(self.topic, timeout=ASSIGN_TIMEOUT_S)
        partitions = metadata.topics[self.topic].partitions
        assigned = [TopicPartition(self.topic, p, OFFSET_BEGINNING) for p in partitions]
        self._consumer.assign(assigned)
        self._catch_up(assigned)
        self._thread.start()

    def _catch_up(self, partitions: list[TopicPartition]) -> None:
        """Apply every command already on the topic before the jobs start, so a job
        paused earlier never runs a message in a worker started later."""
        ends = {
            p.partition: watermarks(self._consumer, p, ASSIGN_TIMEOUT_S)[1]
            for p in partitions
        }
        pending = {partition for partition, end in ends.items() if end > 0}
        deadline = time.monotonic() + ASSIGN_TIMEOUT_S
        while pending and time.monotonic() < deadline:
            message = self._consumer.poll(POLL_S)
            if message is None:
                continue
            self._handle(message)
            partition, offset = message.partition(), message.offset()
            if message.error() is None and _at_end(partition, offset, ends):
                pending.discard(partition)
        if pending:
            logger.warning(
                "control topic %s not read to its end within %gs; earlier pauses may "
                "not hold yet",
                self.topic,
                ASSIGN_TIMEOUT_S,
            )

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(10)

    def _run(self) -> None:
        try:
            while not self._stopping.is_set():
                message = self._consumer.poll(POLL_S)
                if message is not None:
                    self._handle(message)
        finally:
            self._consumer.close()

    def _handle(self, message: Any) -> None:
        error = message.error()
        if error is not None:
            if error.code() != KafkaError._PARTITION_EOF:
                logger.warning("control topic %s: %s", self.topic, error.str())
            return
        try:
            command = self._codec.decode(message.value())
        except UndecodableMessage as exc:
            logger.warning(
                "control message %s[%d]@%d ignored: %s",
                message.topic(),
                message.partition(),
                message.offset(),
                exc.reason,
            )
            return
        if isinstance(command, JobControl):
            self._deliver(command)


def _at_end(partition: int | None, offset: int | None, ends: dict[int, int]) -> bool:
    return (
        partition is not None and offset is not None and offset >= ends[partition] - 1
    )
