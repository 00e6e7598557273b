"""`processors topics apply` creates declared and derived topics once, raises
partitions and fixes configs that drifted, and a second run changes nothing."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from confluent_kafka.admin import AdminClient, ConfigResource, ResourceType

from tests.integration.cli import run_cli

pytestmark = pytest.mark.kafka


def catalog_yaml(prefix: str, partitions: int, retention_ms: str) -> str:
    return yaml.safe_dump(
        {
            "defaults": {"partitions": 2, "replication_factor": 3},
            "topics": {
                f"{prefix}.copy.uploaded": {
                    "schema": "CertifiedCopyUploaded",
                    "partitions": partitions,
                    "configs": {"retention.ms": retention_ms},
                },
                f"{prefix}.copy.read": {"schema": "CertifiedCopyRead"},
            },
            "jobs": {
                "reader": {
                    "handler": "processors.jobs.certified_copy_reader:read",
                    "consumes": f"{prefix}.copy.uploaded",
                    "produces": f"{prefix}.copy.read",
                    "retry_delays_s": [1, 60],
                    "max_attempts": 3,
                }
            },
        }
    )


@pytest.fixture
def prefix(admin_client: AdminClient) -> Iterator[str]:
    name = f"t{uuid.uuid4().hex[:10]}"
    yield name
    mine = [
        t for t in admin_client.list_topics(timeout=10).topics if t.startswith(name)
    ]
    if mine:
        for future in admin_client.delete_topics(mine).values():
            future.result(timeout=30)


def apply(bootstrap_servers: str, topics_file: Path, *flags: str) -> list[str]:
    env = {
        "KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers,
        "PROCESSORS_TOPICS_FILE": str(topics_file),
    }
    done = run_cli("topics", "apply", *flags, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_apply_twice_creates_once_then_reports_up_to_date(
    bootstrap_servers: str, admin_client: AdminClient, prefix: str, tmp_path: Path
) -> None:
    """The dry run changes nothing; the first run creates five topics; the second
    has nothing to do."""
    topics_file = tmp_path / "topics.yaml"
    topics_file.write_text(catalog_yaml(prefix, 3, "86400000"))

    dry = apply(bootstrap_servers, topics_file, "--dry-run")
    before = admin_client.list_topics(timeout=10).topics
    first = apply(bootstrap_servers, topics_file)
    second = apply(bootstrap_servers, topics_file)

    assert len([line for line in dry if line.startswith("would create")]) == 5
    assert not [t for t in before if t.startswith(prefix)]
    created = sorted(line.split()[2].rstrip(":") for line in first)
    assert created == sorted(
        [
            f"{prefix}.copy.uploaded",
            f"{prefix}.copy.read",
            f"{prefix}.copy.uploaded.retry.1s",
            f"{prefix}.copy.uploaded.retry.1m",
            f"{prefix}.copy.uploaded.dlq",
        ]
    )
    assert second == ["topics up to date (5 topics)"]
    metadata = admin_client.list_topics(timeout=10).topics
    assert len(metadata[f"{prefix}.copy.uploaded"].partitions) == 3
    assert len(metadata[f"{prefix}.copy.uploaded.dlq"].partitions) == 3
    assert len(metadata[f"{prefix}.copy.read"].partitions) == 2


def test_apply_raises_partitions_and_fixes_drifted_configs(
    bootstrap_servers: str, admin_client: AdminClient, prefix: str, tmp_path: Path
) -> None:
    """More partitions and a new retention in the file reach the cluster."""
    topics_file = tmp_path / "topics.yaml"
    topics_file.write_text(catalog_yaml(prefix, 2, "86400000"))
    apply(bootstrap_servers, topics_file)
    topics_file.write_text(catalog_yaml(prefix, 4, "172800000"))

    changes = apply(bootstrap_servers, topics_file)

    topic = f"{prefix}.copy.uploaded"
    assert f"did add_partitions {topic}: 2 -> 4" in changes
    assert any(line.startswith(f"did alter_configs {topic}:") for line in changes)
    assert len(admin_client.list_topics(timeout=10).topics[topic].partitions) == 4
    resource = ConfigResource(ResourceType.TOPIC, topic)
    configs = admin_client.describe_configs([resource])[resource].result(timeout=30)
    assert configs["retention.ms"].value == "172800000"
    assert apply(bootstrap_servers, topics_file)[-1].startswith("topics up to date")
