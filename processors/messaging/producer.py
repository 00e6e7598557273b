"""Publishing events: validate, encode, key, headers, trace, and wait for the ack."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from confluent_kafka import KafkaError, Message, Producer
from opentelemetry.trace import SpanKind

from processors import telemetry
from processors.contract import headers
from processors.contract.codec import Codec
from processors.contract.events import Event
from processors.contract.registry import codec_from_settings
from processors.contract.topics import Catalog, load_catalog
from processors.messaging.exceptions import DeliveryFailed
from processors.settings import contract_settings, kafka_settings

logger = logging.getLogger(__name__)

DELIVERY_TIMEOUT_S = 30.0

PRODUCER_DEFAULTS: dict[str, Any] = {
    "enable.idempotence": True,
    "acks": "all",
    "linger.ms": 5,
    "compression.type": "lz4",
}


@dataclass(frozen=True)
class Delivery:
    """Where the broker stored a message."""

    topic: str
    partition: int
    offset: int


def producer_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**kafka_settings().librdkafka(), **PRODUCER_DEFAULTS, **(overrides or {})}


class Publisher:
    """Publishes events to the topic topics.yaml gives their type."""

    def __init__(
        self, catalog: Catalog, codec: Codec, producer: Producer | None = None
    ) -> None:
        self.catalog = catalog
        self.codec = codec
        self.producer = producer or Producer(producer_config())

    def publish(
        self,
        event: Event,
        *,
        topic: str | None = None,
        extra_headers: list[tuple[str, bytes]] | None = None,
    ) -> Delivery:
        """Publish one event and return once the broker has acknowledged it."""
        return self.publish_all([event], topic=topic, extra_headers=extra_headers)[0]

    def publish_all(
        self,
        events: Sequence[Event],
        *,
        topic: str | None = None,
        extra_headers: list[tuple[str, bytes]] | None = None,
    ) -> list[Delivery]:
        """Publish events in order and return once the broker acknowledged them all."""
        outcomes: list[tuple[KafkaError | None, Message | None]] = [(None, None)] * len(
            events
        )
        for index, event in enumerate(events):
            self._send(index, event, topic, extra_headers or [], outcomes)
        self.producer.flush(DELIVERY_TIMEOUT_S)
        return [
            _delivery(event, outcome)
            for event, outcome in zip(events, outcomes, strict=True)
        ]

    def _send(
        self,
        index: int,
        event: Event,
        topic: str | None,
        extra_headers: list[tuple[str, bytes]],
        outcomes: list[tuple[KafkaError | None, Message | None]],
    ) -> None:
        target = topic or self.catalog.topic_for(type(event))
        span_name = telemetry.SEND_SPAN.format(topic=target)

        def on_delivery(error: KafkaError | None, message: Message) -> None:
            outcomes[index] = (error, message)

        with telemetry.tracer().start_as_current_span(
            span_name,
            kind=SpanKind.PRODUCER,
            attributes=_send_attributes(target, event),
        ):
            value = self.codec.encode(event, topic=target)
            self._produce(
                target,
                value=value,
                key=event.message_key,
                headers=event_headers(event) + extra_headers,
                on_delivery=on_delivery,
            )

    def _produce(self, topic: str, **record: Any) -> None:
        while True:
            try:
                self.producer.produce(topic, **record)
                return
            except BufferError:
                # The local queue is full: serve delivery reports until there is room.
                self.producer.poll(0.1)

    def close(self) -> None:
        self.producer.flush(DELIVERY_TIMEOUT_S)


def event_headers(event: Event) -> list[tuple[str, bytes]]:
    """Event type, event id and the current trace context."""
    base = headers.encode(
        {headers.EVENT_TYPE: event.avro_name(), headers.EVENT_ID: event.event_id}
    )
    return base + telemetry.inject()


def _send_attributes(topic: str, event: Event) -> dict[str, Any]:
    return {
        telemetry.MESSAGING_SYSTEM: "kafka",
        telemetry.MESSAGING_OPERATION_TYPE: "send",
        telemetry.MESSAGING_DESTINATION: topic,
        telemetry.MESSAGING_KEY: event.message_key,
        telemetry.MESSAGING_MESSAGE_ID: event.event_id,
    }


def _delivery(
    event: Event, outcome: tuple[KafkaError | None, Message | None]
) -> Delivery:
    error, message = outcome
    if error is not None:
        raise DeliveryFailed(
            f"broker refused event {event.event_id} (key {event.message_key!r}): "
            f"{error.str()}"
        )
    if message is None:
        raise DeliveryFailed(
            f"no acknowledgement from the broker for event {event.event_id} "
            f"(key {event.message_key!r}) within {DELIVERY_TIMEOUT_S:.0f}s"
        )
    return Delivery(
        str(message.topic()), message.partition() or 0, message.offset() or 0
    )


@cache
def default_publisher() -> Publisher:
    """A publisher built from the environment's settings, made once per process."""
    telemetry.configure_tracing()
    settings = contract_settings()
    return Publisher(load_catalog(settings.topics_file), codec_from_settings())


def publish(event: Event, *, topic: str | None = None) -> Delivery:
    """Publish an event with the environment's settings; waits for the broker's ack."""
    return default_publisher().publish(event, topic=topic)
