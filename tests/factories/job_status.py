"""Status event trails of jobs, as the runtime publishes them, for the tracker."""

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from processors.contract.events import JobState, JobStatusChanged
from processors.runtime.job import job_id as derive_job_id

START = datetime(2026, 4, 1, 9, 0, 0, tzinfo=UTC)


@dataclass
class Trail:
    """The status events of one job, in the order the runtime emits them."""

    job_name: str
    key: str
    started: datetime = START
    trigger_event_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    max_attempts: int = 3
    events: list[JobStatusChanged] = field(default_factory=list)
    clock_s: float = 0.0

    @property
    def job_id(self) -> str:
        return derive_job_id(self.job_name, self.trigger_event_id)

    def at(self, seconds: float) -> datetime:
        return self.started + timedelta(seconds=seconds)

    def step(
        self, state: JobState, attempt: int, after_s: float = 1.0, **details: Any
    ) -> JobStatusChanged:
        self.clock_s += after_s
        event = JobStatusChanged(
            occurred_at=self.at(self.clock_s),
            job_id=self.job_id,
            job_name=self.job_name,
            state=state,
            attempt=attempt,
            max_attempts=self.max_attempts,
            trigger_event_id=self.trigger_event_id,
            trigger_event_type="CertifiedCopyUploaded",
            key=self.key,
            topic="documents.certified_copy.uploaded"
            if attempt == 1
            else "documents.certified_copy.uploaded.retry.10s",
            partition=2,
            offset=40 if attempt == 1 else 10 + attempt,
            trace_id="0af7651916cd43dd8448eb211c80319c",
            **details,
        )
        self.events.append(event)
        return event

    def attempt(
        self, attempt: int, outcome: JobState, run_s: float = 2.0, **details: Any
    ) -> "Trail":
        """Queued, running, then the outcome `run_s` seconds later."""
        self.step(JobState.QUEUED, attempt)
        started = self.at(self.clock_s + 1.0)
        self.step(JobState.RUNNING, attempt, started_at=started)
        self.step(
            outcome,
            attempt,
            after_s=run_s,
            started_at=started,
            finished_at=self.at(self.clock_s + run_s),
            **details,
        )
        return self

    def succeed(self, attempt: int = 1, run_s: float = 2.0) -> "Trail":
        return self.attempt(
            attempt,
            JobState.SUCCEEDED,
            run_s,
            result_summary=json.dumps({"certified_copy_id": self.key}),
            outcome_topic="documents.certified_copy.read",
            outcome_partition=1,
            outcome_offset=7,
        )

    def retry(self, attempt: int = 1, error: str = "scanner offline") -> "Trail":
        return self.attempt(
            attempt,
            JobState.RETRYING,
            error_type="ScannerOffline",
            error_message=error,
            next_attempt_at=self.at(self.clock_s + 12),
        )

    def fail(
        self,
        attempt: int = 1,
        error_type: str = "NotACertifiedCopy",
        error: str = "not a certified copy",
    ) -> "Trail":
        return self.attempt(
            attempt,
            JobState.FAILED,
            error_type=error_type,
            error_message=error,
            outcome_topic="documents.certified_copy.uploaded.dlq",
        )


def trail(
    job_name: str = "certified_copy_reader", key: str = "copy-1", **kw: Any
) -> Trail:
    return Trail(job_name=job_name, key=key, **kw)
