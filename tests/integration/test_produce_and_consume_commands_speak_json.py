"""`processors produce` publishes valid JSON events and refuses invalid ones by
field; `processors consume` prints them back as JSON lines."""

import json
from collections.abc import Callable

import pytest

from tests.integration.cli import run_cli

pytestmark = pytest.mark.kafka

VALID = {
    "certified_copy_id": "cc-77",
    "document": {
        "uri": "file:///var/documents/cc-77.pdf",
        "sha256": "ab" * 32,
        "size_bytes": 1234,
    },
}


def test_a_valid_event_is_acknowledged_and_consumed_back(
    bootstrap_servers: str, new_topic: Callable[..., str]
) -> None:
    """The ack names the partition and offset; consume prints the same event."""
    topic = new_topic(2)
    env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers}

    produced = run_cli(
        "produce",
        "certified-copy-uploaded",
        "--topic",
        topic,
        stdin=json.dumps(VALID),
        env=env,
    )
    consumed = run_cli("consume", topic, "--from-beginning", "--max", "1", env=env)

    assert produced.returncode == 0, produced.stderr
    ack = json.loads(produced.stdout)
    assert ack["topic"] == topic and ack["key"] == "cc-77" and ack["offset"] == 0
    assert consumed.returncode == 0, consumed.stderr
    line = json.loads(consumed.stdout.splitlines()[0])
    assert line["event_type"] == "CertifiedCopyUploaded"
    assert line["event"]["document"]["size_bytes"] == 1234
    assert line["event"]["event_id"] == ack["event_id"]
    assert line["headers"]["traceparent"].startswith("00-")
    assert (line["partition"], line["offset"]) == (ack["partition"], 0)


def test_an_invalid_event_is_refused_naming_the_field(
    bootstrap_servers: str, new_topic: Callable[..., str]
) -> None:
    """Exit code 2, the bad field and value in the message, nothing published."""
    topic = new_topic(1)
    env = {"KAFKA_BOOTSTRAP_SERVERS": bootstrap_servers}
    bad = {**VALID, "document": {**VALID["document"], "sha256": "not-a-hash"}}

    produced = run_cli(
        "produce",
        "certified-copy-uploaded",
        "--topic",
        topic,
        stdin=json.dumps(bad),
        env=env,
    )
    consumed = run_cli("consume", topic, "--from-beginning", "--timeout", "2", env=env)

    assert produced.returncode == 2
    assert "document.sha256" in produced.stderr
    assert "'not-a-hash'" in produced.stderr
    assert consumed.stdout == ""


def test_an_unknown_event_type_and_bad_json_are_refused() -> None:
    """Both are input errors, exit code 2, with what is allowed."""
    unknown = run_cli("produce", "property-sold", stdin="{}")
    not_json = run_cli("produce", "maisoku-uploaded", stdin="{oops")

    assert unknown.returncode == 2
    assert "unknown event type 'property-sold'" in unknown.stderr
    assert "MaisokuUploaded" in unknown.stderr
    assert not_json.returncode == 2
    assert "not JSON" in not_json.stderr
