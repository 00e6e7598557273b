"""The pydantic models mirror the Avro schemas field by field."""

import types
import typing
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import AwareDatetime, BaseModel

from processors.contract.events import (
    EVENT_MODELS,
    CertifiedCopyUploaded,
    event_model,
    validate_event,
)
from processors.contract.exceptions import InvalidEvent, UnknownEventType
from processors.contract.schemas import SchemaRepository
from processors.settings import PACKAGE_ROOT

SCHEMAS = SchemaRepository(PACKAGE_ROOT / "schemas")
AVRO_SCALARS: dict[Any, str] = {
    str: "string",
    int: "int|long",
    float: "double|float",
    bool: "boolean",
    bytes: "bytes",
}


def describe_avro(node: Any, names: dict[str, Any]) -> str:
    """A short, comparable description of an Avro type."""
    if isinstance(node, str) and node in names:
        node = names[node]
    if isinstance(node, list):
        return "|".join(sorted(describe_avro(branch, names) for branch in node))
    if isinstance(node, str):
        return {"int": "int|long", "long": "int|long", "double": "double|float"}.get(
            node, node
        )
    logical = node.get("logicalType")
    if logical in ("timestamp-millis", "timestamp-micros"):
        return "timestamp"
    if logical == "date":
        return "date"
    kind = node["type"]
    if kind in ("record", "enum"):
        names[f"{node.get('namespace', '')}.{node['name']}".lstrip(".")] = node
    if kind == "record":
        fields = ",".join(
            f"{f['name']}:{describe_avro(f['type'], names)}" for f in node["fields"]
        )
        return f"record {node['name'].rsplit('.', 1)[-1]}({fields})"
    if kind == "enum":
        return f"enum({','.join(sorted(node['symbols']))})"
    if kind == "array":
        return f"array<{describe_avro(node['items'], names)}>"
    if kind == "map":
        return f"map<{describe_avro(node['values'], names)}>"
    return describe_avro(kind, names)


def describe_python(annotation: Any) -> str:
    """The same description for a pydantic field annotation."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return "|".join(sorted(describe_python(a) for a in args))
    if origin is typing.Annotated:
        return describe_python(args[0])
    if origin is list:
        return f"array<{describe_python(args[0])}>"
    if origin is dict:
        return f"map<{describe_python(args[1])}>"
    if annotation is type(None):
        return "null"
    if annotation in (datetime, AwareDatetime):
        return "timestamp"
    if annotation is date:
        return "date"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return f"enum({','.join(sorted(m.value for m in annotation))})"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = ",".join(
            f"{name}:{describe_python(field.annotation)}"
            for name, field in annotation.model_fields.items()
        )
        return f"record {annotation.__name__}({fields})"
    return AVRO_SCALARS[annotation]


@pytest.mark.parametrize("name", sorted(EVENT_MODELS))
def test_each_model_has_the_fields_and_types_of_its_schema(name: str) -> None:
    """Field names, order, types, nullability and nesting are the same."""
    model = EVENT_MODELS[name]
    schema = SCHEMAS.get(model.avro_name())

    assert describe_python(model) == describe_avro(dict(schema.expanded), {})


@pytest.mark.parametrize("name", sorted(EVENT_MODELS))
def test_each_model_has_the_defaults_of_its_schema(name: str) -> None:
    """A field with a default in Avro has the same default in Python."""
    model = EVENT_MODELS[name]
    schema = SCHEMAS.get(model.avro_name())

    for field in schema.expanded["fields"]:
        python_field = model.model_fields[field["name"]]
        if "default" in field:
            assert (
                python_field.get_default(call_default_factory=False) == field["default"]
            ), field["name"]
        elif field["name"] not in ("event_id", "occurred_at"):
            assert python_field.is_required(), field["name"]


def test_every_schema_file_of_an_event_has_a_model() -> None:
    """No event schema is left without its model."""
    records_with_event_id = {
        name.rsplit(".", 1)[-1]
        for name, schema in SCHEMAS.schemas.items()
        if any(f["name"] == "event_id" for f in schema.expanded.get("fields", []))
    }

    assert records_with_event_id == set(EVENT_MODELS)


def test_event_types_are_found_by_any_spelling() -> None:
    """CamelCase, kebab-case, snake_case and the Avro full name all work."""
    for spelling in (
        "CertifiedCopyUploaded",
        "certified-copy-uploaded",
        "certified_copy_uploaded",
        "jp.supplier.events.CertifiedCopyUploaded",
    ):
        assert event_model(spelling) is CertifiedCopyUploaded


def test_an_unknown_event_type_lists_the_known_ones() -> None:
    """The error names the bad type and what is allowed."""
    with pytest.raises(UnknownEventType, match="'nope'.*CertifiedCopyUploaded"):
        event_model("nope")


def test_an_invalid_event_names_the_bad_field_and_value() -> None:
    """A wrong hash and a missing id are both reported, by path."""
    data = {"document": {"uri": "file:///a.pdf", "sha256": "xyz"}}

    with pytest.raises(InvalidEvent) as caught:
        validate_event(CertifiedCopyUploaded, data)

    assert "document.sha256" in str(caught.value)
    assert "'xyz'" in str(caught.value)
    assert "certified_copy_id" in str(caught.value)


def test_a_timestamp_without_timezone_is_refused() -> None:
    """Naive times are ambiguous, so they are refused with the field named."""
    data = {
        "envelope_id": "e1",
        "account_id": "a1",
        "completed_at": "2026-04-01T09:00:00",
    }

    with pytest.raises(InvalidEvent, match="completed_at"):
        validate_event(EVENT_MODELS["DocusignEnvelopeCompleted"], data)


def test_the_schemas_directory_is_the_one_tests_read() -> None:
    assert (PACKAGE_ROOT / "schemas" / "DocumentRef.avsc").is_file()
    assert isinstance(SCHEMAS.directory, Path)
