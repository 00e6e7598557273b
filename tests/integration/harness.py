"""Factories for runtime scenarios: a private topics.yaml with fresh topics, workers
in this process or in child processes, and collecting what they produced."""

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition

from processors.contract.codec import Codec
from processors.contract.events import (
    CertifiedCopyUploaded,
    DocumentRef,
    Event,
    JobFailed,
)
from processors.contract.schemas import SchemaRepository
from processors.contract.topics import Catalog, load_catalog
from processors.messaging.admin import TopicAdmin
from processors.messaging.producer import PRODUCER_DEFAULTS, Publisher
from processors.messaging.reader import ReadMessage, decode_message
from processors.runtime.settings import RuntimeSettings
from processors.runtime.worker import Worker
from processors.settings import PACKAGE_ROOT

SCHEMAS = SchemaRepository(PACKAGE_ROOT / "schemas")
CODEC = Codec(SCHEMAS)
JOB = "job_under_test"


@dataclass
class Scenario:
    """A private set of topics and one job, described by its own topics.yaml."""

    prefix: str
    topics_file: Path
    catalog: Catalog
    bootstrap_servers: str
    children: list[subprocess.Popen[str]] = field(default_factory=list)

    @property
    def trigger(self) -> str:
        return self.catalog.jobs[JOB].consumes

    @property
    def result(self) -> str:
        return str(self.catalog.jobs[JOB].produces)

    @property
    def status(self) -> str:
        return f"{self.prefix}.jobs.status"

    @property
    def failed(self) -> str:
        return self.catalog.topic_for(JobFailed)

    @property
    def dead_letter(self) -> str:
        return self.catalog.dead_letter_topic(JOB)

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": self.bootstrap_servers,
            "PROCESSORS_TOPICS_FILE": str(self.topics_file),
            "PROCESSORS_GROUP_PREFIX": f"{self.prefix}.",
            # A killed worker's partitions move to the others this soon.
            "PROCESSORS_SESSION_TIMEOUT_MS": "8000",
            **extra,
        }

    def publisher(self) -> Publisher:
        producer = Producer(
            {"bootstrap.servers": self.bootstrap_servers, **PRODUCER_DEFAULTS}
        )
        return Publisher(self.catalog, CODEC, producer)

    def publish_copies(self, instructions: list[tuple[str, str]]) -> list[Event]:
        """Publish one upload per (key, instruction); returns the events in order."""
        events = [upload(key, instruction) for key, instruction in instructions]
        self.publisher().publish_all(events, topic=self.trigger)
        return events

    def collect(
        self,
        topic: str,
        until: Callable[[list[ReadMessage]], bool],
        timeout_s: float = 60,
    ) -> list[ReadMessage]:
        return collect(self.bootstrap_servers, topic, until, timeout_s)

    def worker_settings(self, **overrides: Any) -> RuntimeSettings:
        return RuntimeSettings(group_prefix=f"{self.prefix}.", **overrides)

    @contextmanager
    def worker_thread(self, **settings: Any) -> Iterator[Worker]:
        """A worker running the job in this process, so its spans reach the test."""
        worker = Worker(
            [JOB],
            self.catalog,
            CODEC,
            {"bootstrap.servers": self.bootstrap_servers},
            {"bootstrap.servers": self.bootstrap_servers, **PRODUCER_DEFAULTS},
            self.worker_settings(**settings),
        )
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        try:
            yield worker
        finally:
            worker.stop()
            thread.join(60)

    def start_worker_process(self, **env: str) -> subprocess.Popen[str]:
        """`processors run` in a child process, logging to a file in the scenario."""
        log = open(self.topics_file.parent / f"worker-{len(self.children)}.log", "w")  # noqa: SIM115
        child = subprocess.Popen(
            [sys.executable, "-m", "processors", "run", "--job", JOB],
            cwd=PACKAGE_ROOT,
            env=self.env(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.children.append(child)
        return child


def upload(key: str, instruction: str, uri: str | None = None) -> CertifiedCopyUploaded:
    return CertifiedCopyUploaded(
        certified_copy_id=key,
        document=DocumentRef(uri=uri or f"file:///copies/{key}.pdf", sha256="a" * 64),
        uploaded_by=instruction,
    )


def scenario_yaml(
    prefix: str, trigger_schema: str, result_schema: str, job: dict[str, Any]
) -> dict[str, Any]:
    topics = {
        f"{prefix}.job.trigger": {"schema": trigger_schema},
        f"{prefix}.job.result": {"schema": result_schema},
        f"{prefix}.jobs.status": {"schema": "JobStatusChanged"},
        f"{prefix}.jobs.failed": {"schema": "JobFailed"},
        f"{prefix}.jobs.control": {"schema": "JobControl", "partitions": 1},
        f"{prefix}.jobs.replays": {"schema": "DeadLetterReplayed", "partitions": 1},
    }
    if trigger_schema == "JobFailed":  # the job under test is the notifier
        del topics[f"{prefix}.jobs.failed"]
    return {
        "defaults": {"partitions": 3, "replication_factor": 1},
        "topics": topics,
        "jobs": {
            JOB: {
                "handler": "tests.jobs:copy_reader",
                "consumes": f"{prefix}.job.trigger",
                "produces": f"{prefix}.job.result",
                "retry_delays_s": [1],
                "max_attempts": 3,
                "timeout_s": 30,
                "concurrency": 8,
                "grace_period_s": 20,
                **job,
            }
        },
    }


@contextmanager
def scenario(
    bootstrap_servers: str,
    tmp_path: Path,
    *,
    trigger_schema: str = "CertifiedCopyUploaded",
    result_schema: str = "CertifiedCopyRead",
    **job: Any,
) -> Iterator[Scenario]:
    """Fresh topics for one job; by default the test job of `tests.jobs`, and
    settings in `job` override the defaults (handler included)."""
    prefix = f"rt{uuid.uuid4().hex[:10]}"
    topics_file = tmp_path / "topics.yaml"
    layout = scenario_yaml(prefix, trigger_schema, result_schema, job)
    topics_file.write_text(yaml.safe_dump(layout))
    catalog = load_catalog(topics_file)
    admin = TopicAdmin({"bootstrap.servers": bootstrap_servers})
    admin.apply(catalog)
    made = Scenario(prefix, topics_file, catalog, bootstrap_servers)
    try:
        yield made
    finally:
        for child in made.children:
            if child.poll() is None:
                child.kill()
                child.wait(10)
        names = list(catalog.desired_topics())
        for future in admin.client.delete_topics(names).values():
            with suppress(Exception):  # a topic already gone is fine at cleanup
                future.result(timeout=30)


def collect(
    bootstrap_servers: str,
    topic: str,
    until: Callable[[list[ReadMessage]], bool],
    timeout_s: float = 60,
) -> list[ReadMessage]:
    """Read a topic from the start until `until(messages)` holds or time runs out."""
    consumer = Consumer(
        {
            "bootstrap.servers": bootstrap_servers,
            "group.id": f"collector-{uuid.uuid4().hex}",
            "enable.auto.commit": False,
        }
    )
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in partitions])
    messages: list[ReadMessage] = []
    deadline = time.monotonic() + timeout_s
    try:
        while time.monotonic() < deadline and not until(messages):
            for message in consumer.consume(500, 0.2):
                if message.error() is None:
                    messages.append(decode_message(message, CODEC))
    finally:
        consumer.close()
    return messages


def at_least(count: int) -> Callable[[list[ReadMessage]], bool]:
    return lambda messages: len(messages) >= count
