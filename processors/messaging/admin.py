"""Make the cluster's topics match topics.yaml: create what is missing, raise
partition counts and fix configs that drifted. Never deletes, never lowers."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from confluent_kafka import KafkaException
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewPartitions,
    NewTopic,
    ResourceType,
)

from processors.contract.topics import Catalog, DesiredTopic
from processors.messaging.exceptions import MessagingError

logger = logging.getLogger(__name__)

ADMIN_TIMEOUT_S = 30.0
MIN_INSYNC_REPLICAS = "min.insync.replicas"


@dataclass
class TopicChange:
    """What `apply` does, or would do, to one topic."""

    topic: str
    action: str  # create, add_partitions, alter_configs
    detail: str


@dataclass
class Plan:
    """The changes that make the cluster match, and the topics as they should be."""

    desired: dict[str, DesiredTopic] = field(default_factory=dict)
    changes: list[TopicChange] = field(default_factory=list)
    cannot: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def topics_to(self, action: str) -> list[DesiredTopic]:
        return [self.desired[c.topic] for c in self.changes if c.action == action]


def fit_to_cluster(topic: DesiredTopic, brokers: int) -> DesiredTopic:
    """Cap replication (and min.insync.replicas with it) to the brokers there are."""
    replication = min(topic.replication_factor, brokers)
    configs = dict(topic.configs)
    if MIN_INSYNC_REPLICAS in configs:
        configs[MIN_INSYNC_REPLICAS] = str(
            min(int(configs[MIN_INSYNC_REPLICAS]), replication)
        )
    return topic.model_copy(
        update={"replication_factor": replication, "configs": configs}
    )


class TopicAdmin:
    """Reads the cluster's topics and applies a catalog to it."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.client = AdminClient(config)

    def plan(self, catalog: Catalog) -> Plan:
        metadata = self._metadata()
        brokers = max(len(metadata.brokers), 1)
        desired = {
            name: fit_to_cluster(topic, brokers)
            for name, topic in catalog.desired_topics().items()
        }
        existing = {name: len(t.partitions) for name, t in metadata.topics.items()}
        plan = Plan(desired=desired)
        present = [topic for topic in desired.values() if topic.name in existing]
        for topic in desired.values():
            if topic.name not in existing:
                plan.changes.append(_creation(topic))
            else:
                _plan_partitions(plan, topic, existing[topic.name])
        for name, drift in self._config_drift(present).items():
            plan.changes.append(TopicChange(name, "alter_configs", drift))
        return plan

    def apply(self, catalog: Catalog) -> Plan:
        plan = self.plan(catalog)
        self._create(plan.topics_to("create"))
        self._grow(plan.topics_to("add_partitions"))
        self._alter(plan.topics_to("alter_configs"))
        return plan

    def _metadata(self) -> Any:
        try:
            return self.client.list_topics(timeout=ADMIN_TIMEOUT_S)
        except KafkaException as exc:
            raise MessagingError(f"cannot read cluster metadata: {exc}") from exc

    def _config_drift(self, topics: Iterable[DesiredTopic]) -> dict[str, str]:
        wanted = {t.name: t.configs for t in topics if t.configs}
        if not wanted:
            return {}
        resources = [ConfigResource(ResourceType.TOPIC, name) for name in wanted]
        futures = self.client.describe_configs(
            resources, request_timeout=ADMIN_TIMEOUT_S
        )
        drift: dict[str, str] = {}
        for resource, future in futures.items():
            actual = {key: entry.value for key, entry in _result(future).items()}
            changed = [
                f"{key}: {actual.get(key)!r} -> {value!r}"
                for key, value in sorted(wanted[resource.name].items())
                if actual.get(key) != value
            ]
            if changed:
                drift[resource.name] = ", ".join(changed)
        return drift

    def _create(self, topics: list[DesiredTopic]) -> None:
        if not topics:
            return
        new = [
            NewTopic(
                t.name,
                num_partitions=t.partitions,
                replication_factor=t.replication_factor,
                config=t.configs,
            )
            for t in topics
        ]
        futures = self.client.create_topics(new, request_timeout=ADMIN_TIMEOUT_S)
        for name, future in futures.items():
            _result(future, allow="TOPIC_ALREADY_EXISTS")
            logger.info("created topic %s", name)

    def _grow(self, topics: list[DesiredTopic]) -> None:
        if not topics:
            return
        new = [NewPartitions(t.name, t.partitions) for t in topics]
        futures = self.client.create_partitions(new, request_timeout=ADMIN_TIMEOUT_S)
        for name, future in futures.items():
            _result(future)
            logger.info("raised partitions of topic %s", name)

    def _alter(self, topics: list[DesiredTopic]) -> None:
        if not topics:
            return
        resources = [
            ConfigResource(
                ResourceType.TOPIC,
                t.name,
                incremental_configs=[
                    ConfigEntry(key, value, incremental_operation=AlterConfigOpType.SET)
                    for key, value in t.configs.items()
                ],
            )
            for t in topics
        ]
        futures = self.client.incremental_alter_configs(resources)
        for resource, future in futures.items():
            _result(future)
            logger.info("updated configs of topic %s", resource.name)


def _creation(topic: DesiredTopic) -> TopicChange:
    configs = ", ".join(f"{k}={v}" for k, v in sorted(topic.configs.items()))
    detail = f"partitions={topic.partitions} replication={topic.replication_factor}"
    return TopicChange(topic.name, "create", f"{detail} {configs}".strip())


def _plan_partitions(plan: Plan, topic: DesiredTopic, actual: int) -> None:
    if topic.partitions > actual:
        plan.changes.append(
            TopicChange(topic.name, "add_partitions", f"{actual} -> {topic.partitions}")
        )
    elif topic.partitions < actual:
        plan.cannot.append(
            f"{topic.name}: has {actual} partitions, topics.yaml asks for "
            f"{topic.partitions}; Kafka cannot lower a partition count, left as is"
        )


def _result(future: Any, allow: str | None = None) -> Any:
    try:
        return future.result()
    except KafkaException as exc:
        error = exc.args[0]
        if allow is not None and error.name() == allow:
            return None
        raise MessagingError(f"Kafka refused the request: {error.str()}") from exc
