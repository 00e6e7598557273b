"""`topics.yaml`: every topic and every job, loaded into frozen, checked models.

Retry and dead-letter topics are not declared: each job that consumes a topic gets
`<topic>.retry.<delay>` per retry delay and `<topic>.dlq`, derived here, with the
partition count of the topic they serve so a key keeps its partition.
"""

from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from processors.contract.events import EVENT_MODELS, Event, event_model
from processors.contract.exceptions import TopicsFileError

RETRY_INFIX = ".retry."
DEAD_LETTER_SUFFIX = ".dlq"

TopicName = Annotated[
    str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", max_length=200)
]
JobName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Defaults(Frozen):
    partitions: int = Field(6, ge=1, le=10_000)
    replication_factor: int = Field(3, ge=1, le=16)
    configs: dict[str, str] = {}
    retry_configs: dict[str, str] = {"retention.ms": str(7 * 24 * 3600 * 1000)}
    dead_letter_configs: dict[str, str] = {"retention.ms": str(90 * 24 * 3600 * 1000)}


class TopicSpec(Frozen):
    """A declared topic; `schema` is the event type its message values carry."""

    schema_: str = Field(alias="schema")
    partitions: int | None = Field(None, ge=1, le=10_000)
    replication_factor: int | None = Field(None, ge=1, le=16)
    configs: dict[str, str] = {}
    description: str = ""

    @model_validator(mode="after")
    def _known_event(self) -> "TopicSpec":
        if self.schema_ not in EVENT_MODELS:
            known = ", ".join(sorted(EVENT_MODELS))
            raise ValueError(f"schema {self.schema_!r} is not an event; known: {known}")
        return self


class JobSpec(Frozen):
    """A job: what triggers it, what it produces and how it is run and retried."""

    handler: str = Field(pattern=r"^[a-zA-Z_][\w.]*:[a-zA-Z_]\w*$")
    consumes: TopicName
    produces: TopicName | None = None
    description: str = ""
    retry_delays_s: tuple[float, ...] = Field((10.0, 60.0, 600.0), max_length=20)
    max_attempts: int = Field(4, ge=1, le=100)
    timeout_s: float = Field(300.0, gt=0, le=24 * 3600)
    concurrency: int = Field(8, ge=1, le=10_000)
    pool: Literal["thread", "process"] = "thread"
    priority: int = Field(0, ge=-100, le=100)
    grace_period_s: float = Field(30.0, ge=0, le=3600)
    ordered_retries: bool = False

    @model_validator(mode="after")
    def _delays_positive(self) -> "JobSpec":
        bad = [delay for delay in self.retry_delays_s if delay <= 0]
        if bad:
            raise ValueError(f"retry_delays_s must be positive seconds, got {bad}")
        if self.max_attempts > 1 and not self.retry_delays_s:
            raise ValueError("max_attempts above 1 needs at least one retry delay")
        return self

    def delay_for(self, failed_attempt: int) -> float:
        """Seconds to wait after the given attempt failed (the last delay repeats)."""
        index = min(failed_attempt, len(self.retry_delays_s)) - 1
        return self.retry_delays_s[index]


def delay_label(seconds: float) -> str:
    """A short label for a delay, used in retry topic names: 10s, 1m, 2h30m."""
    whole = int(seconds)
    if whole != seconds or whole < 1:
        return f"{int(seconds * 1000)}ms"
    units = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))
    parts = []
    for unit, size in units:
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


class DerivedTopic(Frozen):
    """A topic the system creates for a job: a retry tier or a dead-letter topic."""

    name: str
    serves: str
    kind: Literal["retry", "dead_letter"]
    delay_s: float | None = None


class Catalog(Frozen):
    """The whole of topics.yaml, checked."""

    defaults: Defaults = Defaults()
    topics: dict[TopicName, TopicSpec]
    jobs: dict[JobName, JobSpec] = {}

    @model_validator(mode="after")
    def _jobs_fit_topics(self) -> "Catalog":
        problems = list(self._job_problems())
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def _job_problems(self) -> Iterator[str]:
        retrying: dict[str, str] = {}
        for name, job in self.jobs.items():
            for role in ("consumes", "produces"):
                topic = getattr(job, role)
                if topic is not None and topic not in self.topics:
                    yield f"jobs.{name}.{role}: topic {topic!r} is not declared"
            if job.consumes in retrying:
                yield (
                    f"jobs.{name}.consumes: {job.consumes!r} is already consumed by "
                    f"job {retrying[job.consumes]!r}; its retry and dead-letter "
                    f"topics would be shared"
                )
            retrying[job.consumes] = name

    def partitions(self, topic: str) -> int:
        spec = self.topics[topic]
        return spec.partitions or self.defaults.partitions

    def replication_factor(self, topic: str) -> int:
        spec = self.topics[topic]
        return spec.replication_factor or self.defaults.replication_factor

    def event_type(self, topic: str) -> type[Event]:
        return event_model(self.topics[topic].schema_)

    def topic_for(self, event_type: type[Event]) -> str:
        """The one declared topic whose values are events of this type."""
        matches = [
            name
            for name, spec in self.topics.items()
            if spec.schema_ == event_type.__name__
        ]
        if len(matches) != 1:
            raise TopicsFileError(
                "topics.yaml",
                [
                    f"{event_type.__name__} must be the schema of exactly one topic, "
                    f"found {matches or 'none'}"
                ],
            )
        return matches[0]

    def retry_topic(self, job: str, delay_s: float) -> str:
        return f"{self.jobs[job].consumes}{RETRY_INFIX}{delay_label(delay_s)}"

    def dead_letter_topic(self, job: str) -> str:
        return f"{self.jobs[job].consumes}{DEAD_LETTER_SUFFIX}"

    @cached_property
    def derived_topics(self) -> dict[str, DerivedTopic]:
        derived: dict[str, DerivedTopic] = {}
        for name, job in self.jobs.items():
            for delay_s in dict.fromkeys(job.retry_delays_s[: job.max_attempts - 1]):
                topic = self.retry_topic(name, delay_s)
                derived[topic] = DerivedTopic(
                    name=topic, serves=job.consumes, kind="retry", delay_s=delay_s
                )
            topic = self.dead_letter_topic(name)
            derived[topic] = DerivedTopic(
                name=topic, serves=job.consumes, kind="dead_letter"
            )
        return derived

    def job_retry_topics(self, job: str) -> dict[str, float]:
        """The retry topics of a job with their delays in seconds."""
        return {
            name: topic.delay_s
            for name, topic in self.derived_topics.items()
            if topic.kind == "retry"
            and topic.serves == self.jobs[job].consumes
            and topic.delay_s is not None
        }

    def desired_topics(self) -> dict[str, "DesiredTopic"]:
        """Every topic that should exist, declared and derived, with its settings."""
        desired = {
            name: DesiredTopic(
                name=name,
                partitions=self.partitions(name),
                replication_factor=self.replication_factor(name),
                configs={**self.defaults.configs, **spec.configs},
            )
            for name, spec in self.topics.items()
        }
        for name, topic in self.derived_topics.items():
            extra = (
                self.defaults.retry_configs
                if topic.kind == "retry"
                else self.defaults.dead_letter_configs
            )
            desired[name] = DesiredTopic(
                name=name,
                partitions=self.partitions(topic.serves),
                replication_factor=self.replication_factor(topic.serves),
                configs={**self.defaults.configs, **extra},
            )
        return desired


class DesiredTopic(Frozen):
    name: str
    partitions: int
    replication_factor: int
    configs: dict[str, str]


def load_catalog(path: Path) -> Catalog:
    """Read and check topics.yaml in full; every problem is listed, one per line."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TopicsFileError(str(path), [f"cannot be read: {exc}"]) from exc
    except yaml.YAMLError as exc:
        raise TopicsFileError(str(path), [f"is not valid YAML: {exc}"]) from exc
    return parse_catalog(raw, source=str(path))


def parse_catalog(raw: Any, *, source: str = "topics.yaml") -> Catalog:
    if not isinstance(raw, Mapping):
        raise TopicsFileError(source, ["the file must be a mapping with `topics`"])
    try:
        return Catalog.model_validate(raw)
    except ValidationError as exc:
        raise TopicsFileError(source, _problems(exc)) from exc


def _problems(exc: ValidationError) -> list[str]:
    problems: list[str] = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"])
        message = error["msg"].removeprefix("Value error, ")
        if not where:
            problems.extend(message.splitlines())
        elif error["type"] in ("missing", "extra_forbidden"):
            problems.append(f"{where}: {message}")
        else:
            problems.append(f"{where}: {message} (got {error.get('input')!r})")
    return problems
