"""Avro binary values on the wire, in one of two framings.

- Avro single-object encoding (the default, no server needed): `C3 01`, the 8-byte
  little-endian CRC-64-AVRO fingerprint of the writer schema's canonical form, then
  the Avro binary body.
- Confluent wire format (when a schema registry is configured): `00`, the 4-byte
  big-endian schema id in the registry, then the body.

Readers accept both, whatever the writer setting is.
"""

import io
import json
import struct
from typing import Any, Protocol

from fastavro import schemaless_reader, schemaless_writer

from processors.contract.events import Event, event_model
from processors.contract.exceptions import ContractError, UndecodableMessage
from processors.contract.schemas import Schema, SchemaRepository, build_schema

SINGLE_OBJECT_MAGIC = b"\xc3\x01"
CONFLUENT_MAGIC = b"\x00"
_SINGLE_OBJECT_HEADER_BYTES = 10
_CONFLUENT_HEADER_BYTES = 5


class SchemaIdResolver(Protocol):
    """What the codec needs of a schema registry."""

    def schema_id(self, subject: str, schema: Schema) -> int: ...

    def schema_json(self, schema_id: int) -> str: ...


class Codec:
    """Encodes events to message values and decodes values back into events."""

    def __init__(
        self, schemas: SchemaRepository, registry: SchemaIdResolver | None = None
    ) -> None:
        self.schemas = schemas
        self.registry = registry
        self._registry_schemas: dict[int, Schema] = {}

    def encode(self, event: Event, *, topic: str) -> bytes:
        """The value of a message carrying the event on the given topic."""
        schema = self.schemas.get(event.avro_name())
        body = io.BytesIO()
        schemaless_writer(body, schema.parsed, event.model_dump(mode="python"))
        return self._header(schema, topic) + body.getvalue()

    def _header(self, schema: Schema, topic: str) -> bytes:
        if self.registry is None:
            return SINGLE_OBJECT_MAGIC + schema.fingerprint
        schema_id = self.registry.schema_id(f"{topic}-value", schema)
        return CONFLUENT_MAGIC + struct.pack(">I", schema_id)

    def decode(self, value: bytes | None) -> Event:
        """The event in a message value; `UndecodableMessage` says why not."""
        if not value:
            raise UndecodableMessage("message has no value", value=value)
        writer, body_start = self._writer_schema(value)
        try:
            model = event_model(writer.name)
            reader = self.schemas.get(writer.name)
        except ContractError as exc:
            raise UndecodableMessage(
                f"writer schema {writer.name!r} is not an event of this system",
                value=value,
            ) from exc
        record = self._read_body(value, body_start, writer, reader)
        return self._to_event(model, record, value)

    def _writer_schema(self, value: bytes) -> tuple[Schema, int]:
        if value.startswith(SINGLE_OBJECT_MAGIC):
            return self._single_object_writer(value), _SINGLE_OBJECT_HEADER_BYTES
        if value.startswith(CONFLUENT_MAGIC) and len(value) >= _CONFLUENT_HEADER_BYTES:
            (schema_id,) = struct.unpack(">I", value[1:_CONFLUENT_HEADER_BYTES])
            return self._registry_writer(schema_id, value), _CONFLUENT_HEADER_BYTES
        raise UndecodableMessage(
            f"value starts with {value[:2].hex()!r}, neither Avro single-object "
            f"(c301) nor Confluent wire format (00)",
            value=value,
        )

    def _single_object_writer(self, value: bytes) -> Schema:
        fingerprint = value[2:_SINGLE_OBJECT_HEADER_BYTES]
        schema = self.schemas.by_fingerprint(fingerprint)
        if schema is None:
            raise UndecodableMessage(
                f"no known schema has fingerprint {fingerprint.hex()!r}", value=value
            )
        return schema

    def _registry_writer(self, schema_id: int, value: bytes) -> Schema:
        if schema_id in self._registry_schemas:
            return self._registry_schemas[schema_id]
        if self.registry is None:
            raise UndecodableMessage(
                f"value is in Confluent wire format (schema id {schema_id}) but no "
                f"schema registry is configured (SCHEMA_REGISTRY_URL)",
                value=value,
            )
        schema = build_schema(json.loads(self.registry.schema_json(schema_id)))
        self._registry_schemas[schema_id] = schema
        return schema

    def _read_body(
        self, value: bytes, start: int, writer: Schema, reader: Schema
    ) -> dict[str, Any]:
        try:
            resolved = None if writer.canonical == reader.canonical else reader.parsed
            record = schemaless_reader(
                io.BytesIO(value[start:]), writer.parsed, resolved
            )
        except Exception as exc:
            raise UndecodableMessage(
                f"Avro body does not match schema {writer.name!r}: {exc!r}",
                value=value,
            ) from exc
        if not isinstance(record, dict):
            raise UndecodableMessage(f"{writer.name!r} is not a record", value=value)
        return record

    def _to_event(
        self, model: type[Event], record: dict[str, Any], value: bytes
    ) -> Event:
        try:
            return model.model_validate(record)
        except ValueError as exc:
            raise UndecodableMessage(
                f"decoded {model.__name__} does not validate: {exc}", value=value
            ) from exc
