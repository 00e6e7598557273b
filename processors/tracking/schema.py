"""Tables of the job store. Alembic migrations under `migrations/` create them; a
test proves the two agree."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC: timezone-aware in Python, naive UTC where the database
    (SQLite) keeps no zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = value.astimezone(UTC)
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value


class Base(DeclarativeBase):
    pass


class Job(Base):
    """One job: the work one trigger event asks of one job name."""

    __tablename__ = "jobs"

    job_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    job_name: Mapped[str] = mapped_column(String(200))
    trigger_event_id: Mapped[str] = mapped_column(String(200))
    trigger_event_type: Mapped[str] = mapped_column(String(200))
    key: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(20))
    run: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer)
    max_attempts: Mapped[int] = mapped_column(Integer)
    state_rank: Mapped[int] = mapped_column(Integer)
    trigger_topic: Mapped[str | None] = mapped_column(String(300))
    trigger_partition: Mapped[int | None] = mapped_column(Integer)
    trigger_offset: Mapped[int | None] = mapped_column(BigInteger)
    outcome_topic: Mapped[str | None] = mapped_column(String(300))
    outcome_partition: Mapped[int | None] = mapped_column(Integer)
    outcome_offset: Mapped[int | None] = mapped_column(BigInteger)
    trace_id: Mapped[str | None] = mapped_column(String(64))
    error_type: Mapped[str | None] = mapped_column(String(300))
    error_message: Mapped[str | None] = mapped_column(Text)
    result_summary: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    run_started_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state_changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (
        Index("ix_jobs_created", "created_at", "job_id"),
        Index("ix_jobs_name_created", "job_name", "created_at"),
        Index("ix_jobs_state", "state"),
        Index("ix_jobs_key", "key"),
        Index("ix_jobs_finished", "finished_at"),
    )


class Attempt(Base):
    """One attempt of a job; `run` counts the deliveries of the trigger (a replay
    from the dead-letter topic starts run 2 at attempt 1)."""

    __tablename__ = "attempts"

    job_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("jobs.job_id", ondelete="CASCADE"), primary_key=True
    )
    run: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt: Mapped[int] = mapped_column(Integer, primary_key=True)
    state: Mapped[str] = mapped_column(String(20))
    state_rank: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str | None] = mapped_column(String(300))
    partition: Mapped[int | None] = mapped_column(Integer)
    offset: Mapped[int | None] = mapped_column(BigInteger)
    queued_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    duration_ms: Mapped[int | None] = mapped_column(BigInteger)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    error_type: Mapped[str | None] = mapped_column(String(300))
    error_message: Mapped[str | None] = mapped_column(Text)
    trace_id: Mapped[str | None] = mapped_column(String(64))
    outcome_topic: Mapped[str | None] = mapped_column(String(300))
    outcome_partition: Mapped[int | None] = mapped_column(Integer)
    outcome_offset: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_attempts_finished", "finished_at"),
        Index("ix_attempts_error_type", "error_type"),
    )


class StatusEventRow(Base):
    """A status event as received; its id makes writing idempotent."""

    __tablename__ = "status_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    job_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("jobs.job_id", ondelete="CASCADE")
    )
    run: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime)
    applied: Mapped[bool] = mapped_column()
    status_partition: Mapped[int | None] = mapped_column(Integer)
    status_offset: Mapped[int | None] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_status_events_job", "job_id", "occurred_at"),)


class AuditEntry(Base):
    """One action taken on the dashboard or the API."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(100))
    target: Mapped[str | None] = mapped_column(String(500))
    parameters: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_log_at", "at"),)


class SettingRow(Base):
    """A setting changed by an admin; it wins over the environment."""

    __tablename__ = "dashboard_settings"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(300))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime)
