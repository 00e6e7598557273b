"""What job code sees: the event and a small context, nothing of Kafka."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from processors.contract.events import Event

JOB_ID_NAMESPACE = uuid.UUID("6f1c2a0e-54a3-4c1e-9d35-2f0b7c6a1e11")


@dataclass(frozen=True)
class JobContext:
    """The job being run: which one, which attempt, and until when."""

    job_name: str
    job_id: str
    attempt: int
    max_attempts: int
    key: str | None
    deadline: datetime


Handler = Callable[[Any, JobContext], Event | None]
"""A job: takes its trigger event and context, returns its result event (or None
when the job produces nothing) or raises."""


def job_id(job_name: str, trigger_event_id: str) -> str:
    """The id of the job an event triggers: the same for a replayed or duplicated
    event, different for each job the event triggers."""
    return str(uuid.uuid5(JOB_ID_NAMESPACE, f"{job_name}/{trigger_event_id}"))
