"""Backward compatibility follows Avro's schema resolution rules."""

from typing import Any

import pytest

from processors.contract.compat import incompatibilities


def record(*fields: dict[str, Any], name: str = "T") -> dict[str, Any]:
    return {"type": "record", "name": name, "namespace": "x", "fields": list(fields)}


def field(name: str, type_: Any, **extra: Any) -> dict[str, Any]:
    return {"name": name, "type": type_, **extra}


OLD = record(field("id", "string"), field("n", "int"))


@pytest.mark.parametrize(
    "new",
    [
        record(field("id", "string"), field("n", "int")),
        record(field("id", "string"), field("n", "long")),
        record(field("id", "string"), field("n", "double")),
        record(field("id", "string")),
        record(
            field("id", "string"),
            field("n", "int"),
            field("m", ["null", "int"], default=None),
        ),
        record(field("id", "string"), field("n", ["null", "int"], default=None)),
        record(field("ident", "string", aliases=["id"]), field("n", "int")),
    ],
)
def test_compatible_changes_pass(new: dict[str, Any]) -> None:
    assert incompatibilities(OLD, new) == []


@pytest.mark.parametrize(
    ("new", "reason"),
    [
        (record(field("id", "string"), field("n", "string")), "n: type changed"),
        (
            record(field("id", "string"), field("n", "int"), field("m", "int")),
            "m: new field without a default",
        ),
        (record(field("id", "int"), field("n", "int")), "id: type changed"),
        (
            record(field("id", "string"), field("n", ["null", "string"], default=None)),
            "n: no branch",
        ),
    ],
)
def test_incompatible_changes_are_named(new: dict[str, Any], reason: str) -> None:
    problems = incompatibilities(OLD, new)

    assert any(reason in p for p in problems), problems


def test_removing_an_enum_symbol_needs_a_default() -> None:
    old = {"type": "enum", "name": "E", "symbols": ["a", "b"]}
    without_default = {"type": "enum", "name": "E", "symbols": ["a"]}
    with_default = {"type": "enum", "name": "E", "symbols": ["a", "z"], "default": "z"}

    assert incompatibilities(old, without_default) != []
    assert incompatibilities(old, with_default) == []


def test_nested_records_are_checked_through_references() -> None:
    ref = record(field("v", "int"), name="Ref")
    old = record(field("a", ref), field("b", "x.Ref"))
    new_ref = record(field("v", "int"), field("w", "int"), name="Ref")
    new = record(field("a", new_ref), field("b", "x.Ref"))

    assert any(
        "a.w: new field without a default" in p for p in incompatibilities(old, new)
    )
