"""The fresh topics and consumer groups of one benchmark invocation, all removed
when it ends: the broker is shared, and only what this invocation made is touched."""

import logging
from contextlib import suppress
from typing import Any

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient, NewTopic

from benchmarks.exceptions import BenchmarkError
from processors.contract.topics import Catalog
from processors.messaging.admin import TopicAdmin

logger = logging.getLogger(__name__)

ADMIN_TIMEOUT_S = 30.0
LOG_APPEND_TIME = {"message.timestamp.type": "LogAppendTime"}


class TopicFactory:
    """Creates topics and remembers them, and the groups used on them, for removal."""

    def __init__(self, bootstrap_servers: str) -> None:
        self.config: dict[str, Any] = {"bootstrap.servers": bootstrap_servers}
        self.admin = AdminClient(self.config)
        self.topics: list[str] = []
        self.groups: list[str] = []

    def create(self, name: str, partitions: int, *, output: bool = False) -> str:
        """A new topic; an output topic stamps messages with the broker's time."""
        topic = NewTopic(name, partitions, 1, config=LOG_APPEND_TIME if output else {})
        future = self.admin.create_topics([topic], request_timeout=ADMIN_TIMEOUT_S)
        try:
            future[name].result(timeout=ADMIN_TIMEOUT_S)
        except KafkaException as exc:
            raise BenchmarkError(f"cannot create topic {name!r}: {exc}") from exc
        self.topics.append(name)
        return name

    def apply(self, catalog: Catalog) -> None:
        """Create what a runtime run's catalog declares or derives."""
        TopicAdmin(self.config).apply(catalog)
        self.topics.extend(t for t in catalog.desired_topics() if t not in self.topics)

    def used_group(self, group: str) -> None:
        self.groups.append(group)

    def clean_up(self) -> None:
        if self.groups:
            for future in self.admin.delete_consumer_groups(self.groups).values():
                # A group the broker already dropped (it never committed) is fine.
                with suppress(KafkaException):
                    future.result(timeout=ADMIN_TIMEOUT_S)
        if self.topics:
            for name, future in self.admin.delete_topics(self.topics).items():
                try:
                    future.result(timeout=ADMIN_TIMEOUT_S)
                except KafkaException as exc:
                    logger.warning("benchmark topic %s not deleted: %s", name, exc)
        logger.info(
            "removed %d benchmark topics and %d groups",
            len(self.topics),
            len(self.groups),
        )
