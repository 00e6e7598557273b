"""Offline checks of rendered Kubernetes manifests: built-in kinds against the
Kubernetes OpenAPI schemas that the kubernetes-validate package ships, custom
resources (KEDA's) against JSON schemas kept in a folder, one file per kind named
`<group>-<version>-<Kind>.json`.

Strict: a field the schema does not know is a problem, as a typo in a manifest is
silently dropped by the API server otherwise.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Checked:
    """The outcome of checking every document of a rendered stream."""

    kinds: tuple[str, ...]
    problems: tuple[str, ...]


def documents(text: str) -> Iterator[dict[str, Any]]:
    """The non-empty YAML documents of a `helm template` output."""
    for document in yaml.safe_load_all(text):
        if document:
            yield document


def check_manifests(text: str, kubernetes_version: str, crd_schemas: Path) -> Checked:
    kinds: list[str] = []
    problems: list[str] = []
    for document in documents(text):
        kind = f"{document.get('kind')}/{document.get('metadata', {}).get('name')}"
        kinds.append(kind)
        problems.extend(
            f"{kind}: {p}" for p in _check(document, kubernetes_version, crd_schemas)
        )
    return Checked(tuple(kinds), tuple(problems))


def _check(
    document: dict[str, Any], kubernetes_version: str, crd_schemas: Path
) -> list[str]:
    schema_file = crd_schemas / _schema_name(document)
    if schema_file.is_file():
        return _check_custom(document, schema_file)
    return _check_builtin(document, kubernetes_version)


def _schema_name(document: dict[str, Any]) -> str:
    group_version = str(document.get("apiVersion", "")).replace("/", "-")
    return f"{group_version}-{document.get('kind')}.json"


def _check_custom(document: dict[str, Any], schema_file: Path) -> list[str]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(
        json.loads(schema_file.read_text(encoding="utf-8"))
    )
    return [
        f"{'.'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def _check_builtin(document: dict[str, Any], kubernetes_version: str) -> list[str]:
    import kubernetes_validate
    from kubernetes_validate.utils import SchemaNotFoundError, ValidationError

    try:
        kubernetes_validate.validate(document, kubernetes_version, strict=True)
    except SchemaNotFoundError:
        return [
            f"no schema for {document.get('apiVersion')} {document.get('kind')} in "
            f"Kubernetes {kubernetes_version} nor in the custom resource schemas"
        ]
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.absolute_path) or "(root)"
        return [f"{where}: {exc.message}"]
    return []
