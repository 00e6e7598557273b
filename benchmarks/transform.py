"""The benchmark job done by hand with fastavro: decode the upload, build the
reading, encode it, in the project's framing (Avro single-object encoding) and with
its schemas, so the output is what the runtime would write."""

import io
import uuid
from datetime import UTC, datetime
from typing import Any

from fastavro import parse_schema, schemaless_reader, schemaless_writer

from benchmarks.exceptions import BenchmarkError
from processors.contract import headers
from processors.contract.codec import SINGLE_OBJECT_MAGIC
from processors.contract.events import MaisokuFields, MaisokuRead, MaisokuUploaded
from processors.contract.schemas import Schema, SchemaRepository
from processors.settings import PACKAGE_ROOT

HEADER_BYTES = len(SINGLE_OBJECT_MAGIC) + 8

Headers = list[tuple[str, str | bytes | None]]
EMPTY_FIELDS = MaisokuFields().model_dump()


class AvroTransform:
    """Turns a MaisokuUploaded message value into a MaisokuRead one.

    Each schema is parsed once here, the way fastavro marks as parsed, so that no
    call parses it again: what a careful hand-written loop would do.
    """

    def __init__(self, schemas: SchemaRepository | None = None) -> None:
        schemas = schemas or SchemaRepository(PACKAGE_ROOT / "schemas")
        trigger = schemas.get(MaisokuUploaded.avro_name())
        result = schemas.get(MaisokuRead.avro_name())
        self._trigger_schema = parse_schema(dict(trigger.expanded))
        self._result_schema = parse_schema(dict(result.expanded))
        self._trigger_header = _header(trigger)
        self._result_header = _header(result)
        self._result_type = MaisokuRead.avro_name().encode()

    def decode(self, value: bytes) -> dict[str, Any]:
        if not value.startswith(self._trigger_header):
            raise BenchmarkError(
                f"value starts with {value[:HEADER_BYTES].hex()!r}; only "
                f"MaisokuUploaded in single-object encoding "
                f"({self._trigger_header.hex()}) is accepted"
            )
        body = io.BytesIO(value[HEADER_BYTES:])
        return schemaless_reader(body, self._trigger_schema, None)  # type: ignore[return-value]

    @staticmethod
    def build(upload: dict[str, Any]) -> dict[str, Any]:
        """The reading a no-op job returns: nothing read, everything carried over."""
        return {
            "event_id": str(uuid.uuid4()),
            "occurred_at": datetime.now(UTC),
            "article_id": upload["article_id"],
            "maisoku_id": upload["maisoku_id"],
            "trigger_event_id": upload["event_id"],
            "document": upload["document"],
            "fields": EMPTY_FIELDS,
            "confidence": {},
            "reasons": {},
        }

    def encode(self, reading: dict[str, Any]) -> bytes:
        body = io.BytesIO()
        body.write(self._result_header)
        schemaless_writer(body, self._result_schema, reading)
        return body.getvalue()

    def headers(self, reading: dict[str, Any]) -> Headers:
        """The delivery headers the contract asks of every event message."""
        return [
            (headers.EVENT_TYPE, self._result_type),
            (headers.EVENT_ID, reading["event_id"].encode()),
        ]

    def apply(self, value: bytes) -> tuple[bytes, Headers]:
        reading = self.build(self.decode(value))
        return self.encode(reading), self.headers(reading)


class OutputReader:
    """Reads the maisoku id of either event type an output topic may carry."""

    def __init__(self, schemas: SchemaRepository | None = None) -> None:
        schemas = schemas or SchemaRepository(PACKAGE_ROOT / "schemas")
        self._parsed = {
            schema.fingerprint: parse_schema(dict(schema.expanded))
            for schema in (
                schemas.get(MaisokuUploaded.avro_name()),
                schemas.get(MaisokuRead.avro_name()),
            )
        }

    def maisoku_id(self, value: bytes | None) -> str:
        value = value or b""
        schema = self._parsed.get(value[2:HEADER_BYTES])
        if not value.startswith(SINGLE_OBJECT_MAGIC) or schema is None:
            raise BenchmarkError(
                f"output value starting {value[:HEADER_BYTES].hex()!r} is neither "
                f"MaisokuUploaded nor MaisokuRead in single-object encoding"
            )
        body = io.BytesIO(value[HEADER_BYTES:])
        record: dict[str, Any] = schemaless_reader(body, schema, None)  # type: ignore[assignment]
        return str(record["maisoku_id"])


def _header(schema: Schema) -> bytes:
    return SINGLE_OBJECT_MAGIC + schema.fingerprint
