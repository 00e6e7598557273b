"""Settings of the workers, read from PROCESSORS_* environment variables."""

import os
import socket
from functools import cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RuntimeSettings(BaseSettings):
    """How workers poll, commit, buffer and stop."""

    model_config = SettingsConfigDict(env_prefix="PROCESSORS_", frozen=True)

    group_prefix: str = Field(
        "processors.",
        description="PROCESSORS_GROUP_PREFIX: consumer group of a job is this prefix "
        "plus the job name. Default: processors.",
    )
    poll_timeout_s: float = Field(
        0.05,
        gt=0,
        le=5,
        description="PROCESSORS_POLL_TIMEOUT_S: longest wait for messages in one poll; "
        "bounds how late a finished job's outcome is handled. Default: 0.05.",
    )
    batch_size: int = Field(
        500,
        ge=1,
        le=100_000,
        description="PROCESSORS_BATCH_SIZE: most messages taken from one poll. "
        "Default: 500.",
    )
    commit_interval_s: float = Field(
        0.5,
        gt=0,
        description="PROCESSORS_COMMIT_INTERVAL_S: how often finished offsets are "
        "committed. Default: 0.5.",
    )
    buffer_messages: int = Field(
        2000,
        ge=1,
        le=1_000_000,
        description="PROCESSORS_BUFFER_MESSAGES: most messages a processor holds, "
        "running or waiting their turn, before it pauses its partitions (at least "
        "twice the job's concurrency); it resumes them below half. Default: 2000.",
    )
    revoke_grace_s: float = Field(
        10.0,
        ge=0,
        description="PROCESSORS_REVOKE_GRACE_S: how long a revoked partition's running "
        "jobs may finish before they are abandoned to the new owner. Default: 10.",
    )
    status_events: bool = Field(
        True,
        description="PROCESSORS_STATUS_EVENTS: publish every job state change to "
        "jobs.status. Default: true.",
    )
    max_poll_interval_ms: int = Field(
        300_000,
        ge=10_000,
        description="PROCESSORS_MAX_POLL_INTERVAL_MS: librdkafka max.poll.interval.ms. "
        "The poll loop never blocks on a job, so this only catches a stuck loop. "
        "Default: 300000.",
    )
    session_timeout_ms: int = Field(
        45_000,
        ge=6_000,
        description="PROCESSORS_SESSION_TIMEOUT_MS: librdkafka session.timeout.ms; how "
        "soon a killed worker's partitions move to the others. Default: 45000.",
    )

    exactly_once: bool = Field(
        False,
        description="PROCESSORS_EXACTLY_ONCE: produce each job's outcome in the Kafka "
        "transaction that commits its input offset, so read_committed readers see it "
        "once even when a worker dies. Default: false (at least once).",
    )
    instance_id: str = Field(
        default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}",
        description="PROCESSORS_INSTANCE_ID: this worker's name in transactional ids. "
        "Default: host name and process id.",
    )
    transaction_timeout_ms: int = Field(
        60_000,
        ge=1_000,
        description="PROCESSORS_TRANSACTION_TIMEOUT_MS: transaction.timeout.ms; how "
        "long the broker keeps a dead worker's open transaction, during which readers "
        "of its output topics wait. Default: 60000.",
    )


@cache
def runtime_settings() -> RuntimeSettings:
    return RuntimeSettings()
