"""Rendered manifests are checked strictly and offline: built-in kinds against the
Kubernetes schemas, KEDA's kinds against the schemas in deploy/schemas."""

import copy
from typing import Any

import pytest
import yaml

from processors.deploy.manifests import check_manifests
from processors.settings import PACKAGE_ROOT

CRD_SCHEMAS = PACKAGE_ROOT / "deploy" / "schemas"
KUBERNETES = "1.31"

DEPLOYMENT: dict[str, Any] = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "reader"},
    "spec": {
        "selector": {"matchLabels": {"app": "reader"}},
        "template": {
            "metadata": {"labels": {"app": "reader"}},
            "spec": {
                "terminationGracePeriodSeconds": 75,
                "containers": [
                    {"name": "worker", "image": "processors:1", "args": ["run"]}
                ],
            },
        },
    },
}
SCALED_OBJECT: dict[str, Any] = {
    "apiVersion": "keda.sh/v1alpha1",
    "kind": "ScaledObject",
    "metadata": {"name": "reader"},
    "spec": {
        "scaleTargetRef": {"name": "reader"},
        "minReplicaCount": 1,
        "maxReplicaCount": 6,
        "triggers": [
            {
                "type": "kafka",
                "metadata": {
                    "bootstrapServers": "kafka:9092",
                    "consumerGroup": "processors.reader",
                    "topic": "documents.certified_copy.uploaded",
                    "lagThreshold": "8",
                    "sasl": "scram_sha512",
                    "tls": "enable",
                },
                "authenticationRef": {"name": "kafka"},
            }
        ],
    },
}


def stream(*documents: dict[str, Any]) -> str:
    return yaml.safe_dump_all(documents)


def changed(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy with the dotted path set (list indexes as numbers)."""
    result = copy.deepcopy(document)
    *parents, last = path.split(".")
    node: Any = result
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[last] = value
    return result


def test_valid_manifests_have_no_problem() -> None:
    """A Deployment and its ScaledObject pass, both counted by kind and name."""
    checked = check_manifests(
        stream(DEPLOYMENT, SCALED_OBJECT), KUBERNETES, CRD_SCHEMAS
    )

    assert checked.problems == ()
    assert checked.kinds == ("Deployment/reader", "ScaledObject/reader")


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            changed(DEPLOYMENT, "spec.template.spec.terminationGracePeriod", 75),
            "terminationGracePeriod",
        ),
        (changed(DEPLOYMENT, "spec.replicas", "two"), "spec.replicas"),
        (changed(SCALED_OBJECT, "spec.triggers", []), "spec.triggers"),
        (
            changed(SCALED_OBJECT, "spec.triggers.0.metadata.sasl", "SCRAM-SHA-512"),
            "spec.triggers.0.metadata.sasl",
        ),
        (
            changed(SCALED_OBJECT, "spec.triggers.0.metadata.lagThreshold", 8),
            "spec.triggers.0.metadata.lagThreshold",
        ),
        (changed(SCALED_OBJECT, "spec.maxReplicas", 6), "maxReplicas"),
    ],
    ids=[
        "unknown-pod-field",
        "replicas-not-a-number",
        "no-trigger",
        "librdkafka-sasl-name",
        "threshold-not-a-string",
        "hpa-field-in-scaledobject",
    ],
)
def test_mistakes_are_reported_with_where_they_are(
    document: dict[str, Any], expected: str
) -> None:
    """Each mistake gives one problem naming the manifest and the field."""
    checked = check_manifests(stream(document), KUBERNETES, CRD_SCHEMAS)

    assert len(checked.problems) >= 1
    name = f"{document['kind']}/{document['metadata']['name']}"
    assert checked.problems[0].startswith(f"{name}: ")
    assert expected in checked.problems[0]


def test_a_kind_with_no_schema_anywhere_is_a_problem() -> None:
    """A custom resource without a schema file is not silently accepted."""
    unknown = {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w"},
    }

    checked = check_manifests(stream(unknown), KUBERNETES, CRD_SCHEMAS)

    assert checked.problems == (
        "Widget/w: no schema for example.com/v1 Widget in Kubernetes 1.31 nor in "
        "the custom resource schemas",
    )
