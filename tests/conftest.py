"""Fixtures shared by every test: a Kafka broker, fresh topics, fresh group ids.

The broker is, in this order: the one named by KAFKA_BOOTSTRAP_SERVERS; a
testcontainers Kafka container when a Docker engine answers and testcontainers
is installed; else the project's own local broker (`processors kafka up`), which
is left running for later test runs.
"""

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
from confluent_kafka.admin import AdminClient, NewTopic

from processors.broker import local
from processors.broker.exceptions import BrokerPortTakenError
from processors.broker.readiness import broker_answers
from processors.broker.settings import HOST, LocalBrokerSettings
from processors.telemetry import configure_tracing

# Spans are recorded in every test process, whichever test sets tracing up first,
# so the tests that read spans with an in-memory exporter find them.
os.environ.setdefault("OTEL_TRACES_SAMPLER", "always_on")
configure_tracing()

BOOTSTRAP_SERVERS_ENV = "KAFKA_BOOTSTRAP_SERVERS"
_DOCKER_INFO_TIMEOUT_S = 5.0
_TOPIC_READY_TIMEOUT_S = 15.0
_ADMIN_TIMEOUT_S = 30.0


@pytest.fixture(scope="session")
def bootstrap_servers() -> Iterator[str]:
    """The bootstrap address of the Kafka broker the tests use."""
    configured = os.environ.get(BOOTSTRAP_SERVERS_ENV, "").strip()
    if configured:
        yield configured
    elif _docker_answers() and _testcontainers_installed():
        yield from _kafka_container()
    else:
        yield _local_broker()


@pytest.fixture(scope="session")
def admin_client(bootstrap_servers: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap_servers})


@pytest.fixture
def new_topic(admin_client: AdminClient) -> Iterator[Callable[..., str]]:
    """A factory of fresh, uniquely named topics, deleted after the test."""
    created: list[str] = []

    def create(
        partitions: int = 1,
        *,
        prefix: str = "test",
        config: dict[str, str] | None = None,
    ) -> str:
        name = f"{prefix}-{uuid.uuid4().hex}"
        topic = NewTopic(name, num_partitions=partitions, config=config or {})
        admin_client.create_topics([topic])[name].result(timeout=_ADMIN_TIMEOUT_S)
        created.append(name)
        _wait_for_leaders(admin_client, name, partitions)
        return name

    yield create

    if created:
        for future in admin_client.delete_topics(created).values():
            future.result(timeout=_ADMIN_TIMEOUT_S)


@pytest.fixture
def new_group_id() -> Callable[..., str]:
    """A factory of fresh consumer group ids."""

    def create(prefix: str = "test-group") -> str:
        return f"{prefix}-{uuid.uuid4().hex}"

    return create


def _docker_answers() -> bool:
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        done = subprocess.run(
            [docker, "info"],
            capture_output=True,
            timeout=_DOCKER_INFO_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def _testcontainers_installed() -> bool:
    try:
        import testcontainers.kafka  # noqa: F401
    except ImportError:
        return False
    return True


def _kafka_container() -> Iterator[str]:
    from testcontainers.kafka import KafkaContainer

    container = KafkaContainer().with_kraft()
    # Transactions need their state topic, which one node cannot replicate 3 times.
    container.with_env("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
    container.with_env("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
    with container:
        yield container.get_bootstrap_server()


def _local_broker() -> str:
    settings = LocalBrokerSettings()
    try:
        return local.up(settings).broker.bootstrap_servers
    except BrokerPortTakenError:
        # A Kafka broker started by other means on the same port serves as well.
        if broker_answers(HOST, settings.port):
            return settings.bootstrap_servers
        raise


def _wait_for_leaders(admin: AdminClient, topic: str, partitions: int) -> None:
    deadline = time.monotonic() + _TOPIC_READY_TIMEOUT_S
    while True:
        metadata = admin.list_topics(topic=topic, timeout=_ADMIN_TIMEOUT_S)
        found = metadata.topics[topic].partitions.values()
        if len(found) == partitions and all(p.leader >= 0 for p in found):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"topic {topic!r} has no leader for all {partitions} partitions "
                f"after {_TOPIC_READY_TIMEOUT_S:g} s"
            )
        time.sleep(0.1)
