"""Events survive the wire in both framings; bad bytes are refused with a reason."""

import json
import struct

import pytest

from processors.contract.codec import CONFLUENT_MAGIC, SINGLE_OBJECT_MAGIC, Codec
from processors.contract.events import EVENT_MODELS, JobStatusChanged
from processors.contract.exceptions import UndecodableMessage
from processors.contract.schemas import Schema, SchemaRepository
from processors.settings import PACKAGE_ROOT
from tests.factories.events import sample_event

SCHEMAS = SchemaRepository(PACKAGE_ROOT / "schemas")


class DictRegistry:
    """An in-process stand-in for the registry's two calls."""

    def __init__(self) -> None:
        self.by_id: dict[int, str] = {}

    def schema_id(self, subject: str, schema: Schema) -> int:
        for schema_id, text in self.by_id.items():
            if text == schema.json():
                return schema_id
        self.by_id[len(self.by_id) + 100] = schema.json()
        return len(self.by_id) + 99

    def schema_json(self, schema_id: int) -> str:
        return self.by_id[schema_id]


@pytest.mark.parametrize("name", sorted(EVENT_MODELS))
def test_every_event_round_trips_in_single_object_encoding(name: str) -> None:
    """Decoding what was encoded gives the same event, every field set."""
    codec = Codec(SCHEMAS)
    event = sample_event(EVENT_MODELS[name])

    value = codec.encode(event, topic="t.x")

    assert value[:2] == SINGLE_OBJECT_MAGIC
    assert value[2:10] == SCHEMAS.get(event.avro_name()).fingerprint
    assert codec.decode(value) == event


@pytest.mark.parametrize("name", sorted(EVENT_MODELS))
def test_every_event_round_trips_in_registry_wire_format(name: str) -> None:
    """With a registry the value starts with 00 and the schema id."""
    registry = DictRegistry()
    codec = Codec(SCHEMAS, registry)
    event = sample_event(EVENT_MODELS[name])

    value = codec.encode(event, topic="t.x")

    assert value[:1] == CONFLUENT_MAGIC
    (schema_id,) = struct.unpack(">I", value[1:5])
    assert json.loads(registry.schema_json(schema_id))["name"] == type(event).__name__
    assert codec.decode(value) == event


def test_a_registry_reader_also_reads_single_object_values() -> None:
    """Readers accept both framings whatever their own writer setting."""
    event = sample_event(JobStatusChanged)
    plain = Codec(SCHEMAS).encode(event, topic="t.x")

    assert Codec(SCHEMAS, DictRegistry()).decode(plain) == event


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"", "no value"),
        (b'{"json": true}', "neither Avro single-object"),
        (
            SINGLE_OBJECT_MAGIC + b"\x01" * 8 + b"\x00",
            "no known schema has fingerprint",
        ),
        (CONFLUENT_MAGIC + b"\x00\x00\x00\x07rest", "no schema registry is configured"),
    ],
)
def test_undecodable_values_are_refused_with_the_reason(
    value: bytes, reason: str
) -> None:
    """The error says why and keeps the raw bytes for the dead-letter topic."""
    with pytest.raises(UndecodableMessage, match=reason) as caught:
        Codec(SCHEMAS).decode(value)

    assert caught.value.value == value


def test_a_truncated_body_is_undecodable() -> None:
    """A value cut short fails in the Avro reader and says so."""
    value = Codec(SCHEMAS).encode(sample_event(JobStatusChanged), topic="t.x")

    with pytest.raises(UndecodableMessage, match="does not match schema"):
        Codec(SCHEMAS).decode(value[:20])
