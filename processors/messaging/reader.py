"""Reading a topic back as decoded events, for people and tests."""

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition

from processors.contract import headers
from processors.contract.codec import Codec
from processors.contract.events import Event
from processors.contract.exceptions import UndecodableMessage
from processors.messaging.exceptions import MessagingError
from processors.messaging.watermarks import watermarks
from processors.settings import KafkaSettings, kafka_settings


@dataclass(frozen=True)
class ReadMessage:
    """One message: its coordinates, headers, and the event or why it has none."""

    topic: str
    partition: int
    offset: int
    timestamp: datetime | None
    key: str | None
    headers: dict[str, str]
    raw_headers: list[tuple[str, bytes]]
    event: Event | None
    error: str | None
    value: bytes | None

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "topic": self.topic,
            "partition": self.partition,
            "offset": self.offset,
            "timestamp": headers.format_time(self.timestamp)
            if self.timestamp
            else None,
            "key": self.key,
            "headers": self.headers,
        }
        if self.event is not None:
            body["event_type"] = type(self.event).__name__
            body["event"] = self.event.model_dump(mode="json")
        else:
            body["error"] = self.error
        return body


def read_topic(
    topic: str,
    codec: Codec,
    *,
    from_beginning: bool = True,
    max_messages: int | None = None,
    idle_timeout_s: float = 5.0,
    kafka: KafkaSettings | None = None,
    to_end: bool = False,
) -> Iterator[ReadMessage]:
    """Messages of every partition of a topic, until `max_messages`, until nothing
    arrives for `idle_timeout_s`, or (with `to_end`) until the end the topic had
    when reading began. Commits nothing (a throwaway group)."""
    consumer = Consumer(
        {
            **(kafka or kafka_settings()).librdkafka(),
            "group.id": f"processors-reader-{uuid.uuid4()}",
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest" if from_beginning else "latest",
        }
    )
    try:
        ends = _assign_all(consumer, topic, from_beginning)
        messages = _drain(consumer, codec, max_messages, idle_timeout_s)
        yield from _until_ends(messages, ends) if to_end else messages
    finally:
        consumer.close()


def _assign_all(consumer: Consumer, topic: str, from_beginning: bool) -> dict[int, int]:
    """Start reading; returns each partition's end offset at this moment."""
    metadata = consumer.list_topics(topic, timeout=10)
    described = metadata.topics.get(topic)
    if described is None or described.error is not None:
        raise MessagingError(f"topic {topic!r} does not exist on the cluster")
    ends = {
        p: watermarks(consumer, TopicPartition(topic, p), 10)[1]
        for p in described.partitions
    }
    if from_beginning:
        consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in ends])
    else:
        consumer.subscribe([topic])
    return ends


def _until_ends(
    messages: Iterator["ReadMessage"], ends: dict[int, int]
) -> Iterator["ReadMessage"]:
    remaining = {p for p, end in ends.items() if end > 0}
    if not remaining:
        return
    for message in messages:
        if message.offset < ends[message.partition]:
            yield message
        if message.offset >= ends[message.partition] - 1:
            remaining.discard(message.partition)
        if not remaining:
            return


def _drain(
    consumer: Consumer, codec: Codec, max_messages: int | None, idle_timeout_s: float
) -> Iterator[ReadMessage]:
    count = 0
    last_seen = time.monotonic()
    while max_messages is None or count < max_messages:
        message = consumer.poll(0.2)
        if message is None:
            if time.monotonic() - last_seen > idle_timeout_s:
                return
            continue
        error = message.error()
        if error is not None and error.code() == KafkaError._PARTITION_EOF:
            continue
        if error is not None:
            raise MessagingError(f"cannot read: {error.str()}")
        last_seen = time.monotonic()
        count += 1
        yield decode_message(message, codec)


def decode_message(message: Any, codec: Codec) -> ReadMessage:
    """A consumed message with its event decoded, or the reason it cannot be."""
    value = message.value()
    try:
        event, error = codec.decode(value), None
    except UndecodableMessage as exc:
        event, error = None, exc.reason
    timestamp_type, timestamp_ms = message.timestamp()
    key = message.key()
    raw = [
        (name, value.encode() if isinstance(value, str) else value or b"")
        for name, value in message.headers() or []
    ]
    return ReadMessage(
        topic=message.topic(),
        partition=message.partition(),
        offset=message.offset(),
        timestamp=datetime.fromtimestamp(timestamp_ms / 1000, UTC)
        if timestamp_type and timestamp_ms > 0
        else None,
        key=key.decode("utf-8", errors="replace") if key is not None else None,
        headers=headers.to_dict(raw),
        raw_headers=raw,
        event=event,
        error=error,
        value=value,
    )
