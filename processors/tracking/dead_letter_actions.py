"""Operator actions on dead letters, carried out by the same code as the `dlq`
command (`processors.operations.dead_letters`)."""

import logging
from dataclasses import dataclass

from processors.contract.codec import Codec
from processors.contract.topics import Catalog
from processors.operations.dead_letters import (
    DeadLetter,
    DeadLetters,
    Filters,
    ReplayPlan,
    ReplayResult,
)
from processors.settings import KafkaSettings
from processors.tracking.exceptions import ActionRefused

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Replayed:
    """A replay as it was planned and what it re-published."""

    plan: ReplayPlan
    result: ReplayResult


class DeadLetterActions:
    """Lists and replays the dead letters of the jobs in topics.yaml."""

    def __init__(self, catalog: Catalog, codec: Codec, kafka: KafkaSettings) -> None:
        self.catalog = catalog
        self.codec = codec
        self.kafka = kafka

    def topics(self) -> list[str]:
        """Every dead-letter topic, one per job, in name order."""
        return sorted(
            {self.catalog.dead_letter_topic(job) for job in self.catalog.jobs}
        )

    def letters(self, topic: str) -> DeadLetters:
        return DeadLetters(self.catalog, self.codec, self.kafka, topic)

    def records(
        self, topic: str, filters: Filters, limit: int | None = None
    ) -> list[DeadLetter]:
        return self.letters(topic).records(filters, limit)

    def plan(
        self, topic: str, filters: Filters, limit: int | None = None
    ) -> ReplayPlan:
        """What a replay would re-publish now (a dry run)."""
        return self.letters(topic).plan(filters, limit)

    def replay(
        self, topic: str, filters: Filters, limit: int | None, replayed_by: str
    ) -> Replayed:
        """Plan again (what was replayed since is skipped) and re-publish."""
        letters = self.letters(topic)
        plan = letters.plan(filters, limit)
        result = letters.replay(plan, replayed_by=replayed_by)
        return Replayed(plan, result)

    def retry_job(self, job_id: str, job_name: str, replayed_by: str) -> Replayed:
        """Re-publish the trigger of one failed job from its dead-letter topic."""
        if job_name not in self.catalog.jobs:
            raise ActionRefused(
                f"job name {job_name!r} is not in topics.yaml; known: "
                f"{sorted(self.catalog.jobs)}"
            )
        topic = self.catalog.dead_letter_topic(job_name)
        replayed = self.replay(topic, Filters(job=job_id), None, replayed_by)
        if not replayed.plan.records:
            raise ActionRefused(
                f"job {job_id} has no dead letter left to retry in {topic} "
                f"({replayed.plan.already_replayed} replayed before)"
            )
        logger.info(
            "job %s %s retried by %s from %s (replay %s)",
            job_name,
            job_id,
            replayed_by,
            topic,
            replayed.result.replay_id,
        )
        return replayed
