"""The Avro schemas under `schemas/`: loading, references, fingerprints."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fastavro.schema import fingerprint, parse_schema, to_parsing_canonical_form

from processors.contract.exceptions import SchemaError

SCHEMA_SUFFIX = ".avsc"
PRIMITIVES = frozenset(
    {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}
)


@dataclass(frozen=True)
class Schema:
    """One named Avro type, with every reference it makes expanded inline."""

    name: str
    expanded: Mapping[str, Any]
    parsed: Any
    canonical: str
    fingerprint: bytes

    def json(self) -> str:
        return json.dumps(self.expanded, ensure_ascii=False, separators=(",", ":"))


def load_definitions(directory: Path) -> dict[str, dict[str, Any]]:
    """Read every `.avsc` file of a directory, keyed by the type's full name."""
    if not directory.is_dir():
        raise SchemaError(f"schema directory {str(directory)!r} does not exist")
    definitions: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob(f"*{SCHEMA_SUFFIX}")):
        definition = _read_definition(path)
        definitions[_full_name(definition)] = definition
    return definitions


def _read_definition(path: Path) -> dict[str, Any]:
    try:
        definition = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise SchemaError(f"cannot read schema {str(path)!r}: {exc}") from exc
    if not isinstance(definition, dict) or "name" not in definition:
        raise SchemaError(f"{str(path)!r} must hold one named Avro type")
    if path.stem != definition["name"]:
        raise SchemaError(
            f"{str(path)!r} defines {definition['name']!r}; "
            f"a schema file must be named after its type"
        )
    return definition


def _full_name(definition: Mapping[str, Any]) -> str:
    namespace = definition.get("namespace")
    name = str(definition["name"])
    return f"{namespace}.{name}" if namespace and "." not in name else name


def references(node: Any) -> set[str]:
    """Full names of the named types a definition refers to."""
    if isinstance(node, str):
        return set() if node in PRIMITIVES else {node}
    if isinstance(node, list):
        return set().union(*(references(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found: set[str] = set()
    for field in node.get("fields", []):
        found |= references(field["type"])
    for child in ("items", "values"):
        if child in node:
            found |= references(node[child])
    if node.get("type") not in ("record", "enum", "fixed", "array", "map"):
        found |= references(node.get("type"))
    return found


def resolve(definitions: Mapping[str, dict[str, Any]]) -> dict[str, Schema]:
    """Check every definition's references and expand each one on its own."""
    _dependency_order(definitions)
    schemas: dict[str, Schema] = {}
    for name in definitions:
        schemas[name] = build_schema(expand(name, definitions))
    return schemas


def build_schema(expanded: Mapping[str, Any]) -> Schema:
    """A `Schema` from a standalone definition (every named type defined inside)."""
    canonical = to_parsing_canonical_form(dict(expanded))
    return Schema(
        name=json.loads(canonical)["name"],
        expanded=expanded,
        # Parsed once with fastavro's mark, so encoding and decoding do not parse
        # the schema again for every message.
        parsed=parse_schema(dict(expanded)),
        canonical=canonical,
        fingerprint=bytes.fromhex(fingerprint(canonical, "CRC-64-AVRO")),
    )


def expand(name: str, definitions: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """A standalone schema for a type: each referenced type defined inline where it
    first appears and named afterwards, as the Avro specification requires."""
    defined: set[str] = set()

    def walk(node: Any) -> Any:
        if isinstance(node, str):
            if node in PRIMITIVES or node in defined:
                return node
            defined.add(node)
            return walk_named(definitions[node])
        if isinstance(node, list):
            return [walk(item) for item in node]
        if node.get("type") in ("array", "map"):
            child = "items" if node["type"] == "array" else "values"
            return {**node, child: walk(node[child])}
        if node.get("type") in ("record", "error"):
            return walk_named(node)
        return node

    def walk_named(node: dict[str, Any]) -> dict[str, Any]:
        defined.add(_full_name(node))
        if node.get("type") not in ("record", "error"):
            return dict(node)
        fields = [{**field, "type": walk(field["type"])} for field in node["fields"]]
        return {**node, "fields": fields}

    return walk_named(definitions[name])


def _dependency_order(definitions: Mapping[str, dict[str, Any]]) -> list[str]:
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str, referrer: str) -> None:
        if name in ordered:
            return
        if name not in definitions:
            raise SchemaError(f"{referrer!r} refers to unknown type {name!r}")
        if name in visiting:
            raise SchemaError(
                f"schemas refer to each other in a cycle through {name!r}"
            )
        visiting.add(name)
        for reference in sorted(references(definitions[name]) - {name}):
            visit(reference, name)
        visiting.discard(name)
        ordered.append(name)

    for name in sorted(definitions):
        visit(name, name)
    return ordered


class SchemaRepository:
    """All schemas of a directory, by full name and by single-object fingerprint."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.schemas = resolve(load_definitions(directory))
        self._by_fingerprint = {s.fingerprint: s for s in self.schemas.values()}

    def get(self, full_name: str) -> Schema:
        try:
            return self.schemas[full_name]
        except KeyError:
            raise SchemaError(
                f"no schema named {full_name!r} in {str(self.directory)!r}"
            ) from None

    def by_fingerprint(self, value: bytes) -> Schema | None:
        return self._by_fingerprint.get(value)


@cache
def repository(directory: Path) -> SchemaRepository:
    """The repository of a directory, loaded once per process."""
    return SchemaRepository(directory)
