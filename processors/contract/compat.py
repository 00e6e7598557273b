"""Backward compatibility of schemas: can the new schema read what the old one wrote?

Follows Avro's schema resolution rules: a reader field missing from the writer needs
a default, types may only widen (int to long, float or double; long to float or
double; float to double; string and bytes either way), enum symbols the reader lacks
need a reader default, and every branch of a writer union must be readable.
"""

import json
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from processors.contract.exceptions import IncompatibleSchemaChange, SchemaError
from processors.contract.schemas import PRIMITIVES, SCHEMA_SUFFIX, resolve

PROMOTIONS = {
    "int": {"long", "float", "double"},
    "long": {"float", "double"},
    "float": {"double"},
    "string": {"bytes"},
    "bytes": {"string"},
}


class _Names:
    """Named types of one standalone schema, to follow references by name."""

    def __init__(self, root: Mapping[str, Any]) -> None:
        self.types: dict[str, Mapping[str, Any]] = {}
        self._collect(root, None)

    def _collect(self, node: Any, namespace: str | None) -> None:
        if isinstance(node, list):
            for item in node:
                self._collect(item, namespace)
        if not isinstance(node, Mapping):
            return
        if node.get("type") in ("record", "error", "enum", "fixed"):
            name = _full(node, namespace)
            self.types[name] = node
            namespace = name.rpartition(".")[0] or None
        for field in node.get("fields", []):
            self._collect(field["type"], namespace)
        for child in ("items", "values"):
            if child in node:
                self._collect(node[child], namespace)

    def resolve(self, node: Any) -> Any:
        if isinstance(node, str) and node not in PRIMITIVES:
            return self.types.get(node, node)
        if isinstance(node, Mapping) and node.get("type") in PRIMITIVES:
            return node["type"]
        return node


def _full(node: Mapping[str, Any], namespace: str | None) -> str:
    name = str(node["name"])
    space = node.get("namespace", namespace)
    return name if "." in name or not space else f"{space}.{name}"


def _kind(node: Any) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "union"
    return str(node["type"])


def incompatibilities(
    writer: Mapping[str, Any], reader: Mapping[str, Any]
) -> list[str]:
    """Every reason the reader schema cannot read data of the writer schema."""
    return list(_check(writer, reader, _Names(writer), _Names(reader), "", set()))


def _check(
    writer: Any, reader: Any, wn: _Names, rn: _Names, path: str, seen: set[Any]
) -> Iterator[str]:
    writer, reader = wn.resolve(writer), rn.resolve(reader)
    w_kind, r_kind = _kind(writer), _kind(reader)
    where = path or "(root)"
    if w_kind == "union":
        for branch in writer:
            yield from _check_branch(branch, reader, wn, rn, path, seen)
    elif r_kind == "union":
        if not any(_readable(writer, b, wn, rn, seen) for b in reader):
            yield f"{where}: no branch of the reader union reads writer type {w_kind!r}"
    elif w_kind != r_kind:
        if r_kind not in PROMOTIONS.get(w_kind, set()):
            yield f"{where}: type changed from {w_kind!r} to {r_kind!r}"
    elif w_kind in ("record", "error"):
        yield from _check_record(writer, reader, wn, rn, path, seen)
    elif w_kind == "enum":
        yield from _check_enum(writer, reader, where)
    elif w_kind == "array":
        yield from _check(writer["items"], reader["items"], wn, rn, f"{path}[]", seen)
    elif w_kind == "map":
        yield from _check(
            writer["values"], reader["values"], wn, rn, f"{path}{{}}", seen
        )
    elif w_kind == "fixed" and writer["size"] != reader["size"]:
        yield f"{where}: fixed size changed from {writer['size']} to {reader['size']}"


def _check_branch(
    branch: Any, reader: Any, wn: _Names, rn: _Names, path: str, seen: set[Any]
) -> Iterator[str]:
    if _kind(rn.resolve(reader)) != "union":
        yield from _check(branch, reader, wn, rn, path, seen)
    elif not any(_readable(branch, b, wn, rn, seen) for b in reader):
        kind = _kind(wn.resolve(branch))
        yield f"{path or '(root)'}: writer union branch {kind!r} has no reader branch"


def _readable(writer: Any, reader: Any, wn: _Names, rn: _Names, seen: set[Any]) -> bool:
    w, r = wn.resolve(writer), rn.resolve(reader)
    named = _kind(w) in ("record", "enum", "fixed") and _kind(r) == _kind(w)
    if named and _short(w) != _short(r):
        return False
    return not any(_check(writer, reader, wn, rn, "", seen))


def _short(node: Mapping[str, Any]) -> str:
    return _full(node, None).rpartition(".")[2]


def _check_record(
    writer: Mapping[str, Any],
    reader: Mapping[str, Any],
    wn: _Names,
    rn: _Names,
    path: str,
    seen: set[Any],
) -> Iterator[str]:
    pair = (_full(writer, None), _full(reader, None))
    if pair in seen:
        return
    seen = seen | {pair}
    written = {f["name"]: f for f in writer["fields"]}
    for field in reader["fields"]:
        source = _writer_field(field, written)
        field_path = f"{path}.{field['name']}" if path else field["name"]
        if source is None and "default" not in field:
            yield f"{field_path}: new field without a default"
        elif source is not None:
            yield from _check(source["type"], field["type"], wn, rn, field_path, seen)


def _writer_field(
    field: Mapping[str, Any], written: Mapping[str, Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    for name in [field["name"], *field.get("aliases", [])]:
        if name in written:
            return written[name]
    return None


def _check_enum(
    writer: Mapping[str, Any], reader: Mapping[str, Any], where: str
) -> Iterator[str]:
    missing = [s for s in writer["symbols"] if s not in reader["symbols"]]
    if missing and "default" not in reader:
        yield f"{where}: enum symbols {missing} removed and the enum has no default"


def committed_versions(directory: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(commit, definitions) for every commit that changed the schema directory."""
    git = ["git", "-C", str(directory)]
    if not _has_commits(git):
        return
    log = _git([*git, "log", "--format=%H", "--", "."])
    prefix = _git([*git, "rev-parse", "--show-prefix"]).strip()
    for commit in log.split():
        listing = _git([*git, "ls-tree", "--name-only", commit, "--", "."])
        definitions: dict[str, Any] = {}
        for entry in listing.split():
            if entry.endswith(SCHEMA_SUFFIX):
                text = _git([*git, "show", f"{commit}:{prefix}{Path(entry).name}"])
                definition = json.loads(text)
                definitions[_full(definition, None)] = definition
        yield commit, definitions


def _has_commits(git: list[str]) -> bool:
    probe = subprocess.run(
        [*git, "rev-parse", "--verify", "--quiet", "HEAD"], capture_output=True
    )
    return probe.returncode == 0


def _git(command: list[str]) -> str:
    try:
        return subprocess.run(
            command, check=True, capture_output=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SchemaError(f"cannot read schema history with git: {exc}") from exc


def check_directory(directory: Path, current: dict[str, Any]) -> list[str]:
    """Problems of the current schemas against every committed version of them."""
    now = resolve(current)
    problems: list[str] = []
    for commit, definitions in committed_versions(directory):
        then = resolve(definitions)
        for name, old in then.items():
            if name not in now:
                problems.append(f"{name}: removed (it existed at {commit[:12]})")
                continue
            for reason in incompatibilities(old.expanded, now[name].expanded):
                problems.append(f"{name} cannot read data of {commit[:12]}: {reason}")
    return sorted(set(problems))


def require_compatible(directory: Path, current: dict[str, Any]) -> None:
    problems = check_directory(directory, current)
    if problems:
        lines = "\n".join(f"  - {p}" for p in problems)
        raise IncompatibleSchemaChange(f"incompatible schema changes:\n{lines}")
