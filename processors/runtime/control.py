"""Operators' commands to every worker, from the jobs.control topic.

Each worker reads the whole topic from its start, outside any group, so a job
paused before a worker started is paused in it too: the last pause or resume of a
job wins. A cancel names one job id; a worker that has not started that job drops
its message (state `cancelled`), an attempt already running is not interrupted.
"""

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

from processors.contract.codec import Codec
from processors.contract.events import JobControl
from processors.contract.exceptions import UndecodableMessage

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
        self._consumer.assign(
            [TopicPartition(self.topic, p, OFFSET_BEGINNING) for p in partitions]
        )
        self._thread.start()

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
