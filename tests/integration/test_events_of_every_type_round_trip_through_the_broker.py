"""Every event type published to the broker reads back equal, with its headers,
in both wire framings."""

from collections.abc import Callable

import pytest
from confluent_kafka import Producer

from processors.contract import headers
from processors.contract.codec import Codec
from processors.contract.events import EVENT_MODELS
from processors.contract.registry import RegistryResolver
from processors.contract.schemas import SchemaRepository
from processors.contract.topics import load_catalog
from processors.messaging.producer import PRODUCER_DEFAULTS, Publisher
from processors.messaging.reader import read_topic
from processors.settings import PACKAGE_ROOT, KafkaSettings
from tests.factories.events import sample_event
from tests.fakes.schema_registry import schema_registry

pytestmark = pytest.mark.kafka

SCHEMAS = SchemaRepository(PACKAGE_ROOT / "schemas")
CATALOG = load_catalog(PACKAGE_ROOT / "topics.yaml")


def publisher(bootstrap_servers: str, codec: Codec) -> Publisher:
    producer = Producer({"bootstrap.servers": bootstrap_servers, **PRODUCER_DEFAULTS})
    return Publisher(CATALOG, codec, producer)


def read_all(bootstrap_servers: str, topic: str, codec: Codec, count: int) -> list:
    settings = KafkaSettings(bootstrap_servers=bootstrap_servers)
    return list(
        read_topic(topic, codec, max_messages=count, idle_timeout_s=10, kafka=settings)
    )


def test_every_event_type_reads_back_equal_with_type_id_and_key(
    bootstrap_servers: str, new_topic: Callable[..., str]
) -> None:
    """Each of the system's events comes back equal, keyed by its aggregate id."""
    topic = new_topic(3)
    codec = Codec(SCHEMAS)
    sent = [sample_event(model) for model in EVENT_MODELS.values()]
    out = publisher(bootstrap_servers, codec)

    for event in sent:
        out.publish(event, topic=topic)
    received = read_all(bootstrap_servers, topic, codec, len(sent))

    assert sorted(m.event.event_id for m in received) == sorted(
        e.event_id for e in sent
    )
    by_id = {m.event.event_id: m for m in received}
    for event in sent:
        message = by_id[event.event_id]
        assert message.event == event
        assert message.key == event.message_key
        assert message.headers[headers.EVENT_TYPE] == event.avro_name()
        assert message.headers[headers.EVENT_ID] == event.event_id


def test_registry_and_single_object_values_are_both_read_by_one_reader(
    bootstrap_servers: str, new_topic: Callable[..., str]
) -> None:
    """A topic holding both framings decodes in full; the registry saw the schema."""
    topic = new_topic(1)
    model = EVENT_MODELS["MaisokuUploaded"]
    with schema_registry() as (server, state):
        registry_codec = Codec(SCHEMAS, RegistryResolver(server.base_url))
        plain = sample_event(model, article_id="plain")
        framed = sample_event(model, article_id="framed")

        publisher(bootstrap_servers, Codec(SCHEMAS)).publish(plain, topic=topic)
        publisher(bootstrap_servers, registry_codec).publish(framed, topic=topic)
        received = read_all(bootstrap_servers, topic, registry_codec, 2)

    assert [m.event for m in received] == [plain, framed]
    assert received[0].value[:2] == b"\xc3\x01"
    assert received[1].value[:1] == b"\x00"
    assert list(state.subjects) == [f"{topic}-value"]
