"""`processors kafka up|status|down` run a real broker through the installed CLI."""

import os
import re
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic

CLI = Path(sys.executable).with_name("processors")
PORT = 19092
CONTROLLER_PORT = 19093
BOOTSTRAP = f"127.0.0.1:{PORT}"

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def kafka_cli(tmp_path: Path) -> Iterator[Run]:
    """Runs `processors kafka <command>` on a home of its own (with blanks and
    Japanese in its path) and test ports; stops that broker afterwards."""
    environment = {
        **os.environ,
        "KAFKA_LOCAL_HOME": str(tmp_path / "ローカル broker"),
        "KAFKA_LOCAL_PORT": str(PORT),
        "KAFKA_LOCAL_CONTROLLER_PORT": str(CONTROLLER_PORT),
    }

    def run(command: str, **overrides: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(CLI), "kafka", command],
            env={**environment, **overrides},
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )

    yield run

    run("down")


def _pid_in(output: str) -> int:
    found = re.search(r"\(pid (\d+)\)", output)
    assert found is not None, output
    return int(found.group(1))


def _produce_and_consume_one_message(bootstrap: str) -> bytes | None:
    topic = f"test-local-broker-{uuid.uuid4().hex}"
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=1)])[topic].result(30)

    producer = Producer({"bootstrap.servers": bootstrap})
    producer.produce(topic, key=b"article-1", value=b"hello")
    assert producer.flush(30) == 0

    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap,
            "group.id": f"test-group-{uuid.uuid4().hex}",
            "auto.offset.reset": "earliest",
        }
    )
    consumer.subscribe([topic])
    try:
        message = consumer.poll(30)
    finally:
        consumer.close()
    assert message is not None and message.error() is None
    return message.value()


@pytest.mark.kafka
def test_up_twice_starts_one_broker_that_serves_and_down_stops_it(
    kafka_cli: Run,
) -> None:
    """A second `up` is a no-op, the broker carries a message, `down` stops it."""
    first = kafka_cli("up")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == BOOTSTRAP

    pid = _pid_in(first.stderr)

    second = kafka_cli("up")
    assert second.returncode == 0, second.stderr
    assert "already running" in second.stderr
    assert _pid_in(second.stderr) == pid
    assert second.stdout.strip() == BOOTSTRAP

    running = kafka_cli("status")
    assert running.returncode == 0
    assert f"pid {pid}, bootstrap {BOOTSTRAP}" in running.stdout

    assert _produce_and_consume_one_message(BOOTSTRAP) == b"hello"

    stopped = kafka_cli("down")
    assert stopped.returncode == 0, stopped.stderr
    assert f"stopped (pid {pid})" in stopped.stdout
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", PORT), timeout=5).close()

    after = kafka_cli("status")
    assert after.returncode == 3
    assert after.stdout.startswith("stopped")

    again = kafka_cli("down")
    assert again.returncode == 0
    assert "not running" in again.stdout


def test_up_refuses_a_port_another_process_listens_on(kafka_cli: Run) -> None:
    """`up` fails with the taken port, its owner and the variable to change."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]

        refused = kafka_cli("up", KAFKA_LOCAL_PORT=str(port))

    assert refused.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in refused.stderr
    assert f"pid {os.getpid()}" in refused.stderr
    assert "KAFKA_LOCAL_PORT" in refused.stderr
