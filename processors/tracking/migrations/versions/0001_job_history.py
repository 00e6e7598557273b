"""Job history: jobs, attempts, status events, audit log, dashboard settings.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = sa.DateTime(timezone=True)


def _coordinates(prefix: str) -> list[sa.Column]:
    return [
        sa.Column(f"{prefix}topic", sa.String(300), nullable=True),
        sa.Column(f"{prefix}partition", sa.Integer(), nullable=True),
        sa.Column(f"{prefix}offset", sa.BigInteger(), nullable=True),
    ]


def _jobs() -> None:
    op.create_table(
        "jobs",
        sa.Column("job_id", sa.String(64), primary_key=True),
        sa.Column("job_name", sa.String(200), nullable=False),
        sa.Column("trigger_event_id", sa.String(200), nullable=False),
        sa.Column("trigger_event_type", sa.String(200), nullable=False),
        sa.Column("key", sa.String(500), nullable=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=False),
        sa.Column("state_rank", sa.Integer(), nullable=False),
        *_coordinates("trigger_"),
        *_coordinates("outcome_"),
        sa.Column("trace_id", sa.String(64), nullable=True),
        sa.Column("error_type", sa.String(300), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("result_summary", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", MOMENT, nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("run_started_at", MOMENT, nullable=False),
        sa.Column("state_changed_at", MOMENT, nullable=False),
        sa.Column("started_at", MOMENT, nullable=True),
        sa.Column("finished_at", MOMENT, nullable=True),
        sa.Column("updated_at", MOMENT, nullable=False),
    )
    op.create_index("ix_jobs_created", "jobs", ["created_at", "job_id"])
    op.create_index("ix_jobs_name_created", "jobs", ["job_name", "created_at"])
    op.create_index("ix_jobs_state", "jobs", ["state"])
    op.create_index("ix_jobs_key", "jobs", ["key"])
    op.create_index("ix_jobs_finished", "jobs", ["finished_at"])


def _attempts() -> None:
    op.create_table(
        "attempts",
        sa.Column(
            "job_id",
            sa.String(64),
            sa.ForeignKey("jobs.job_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("run", sa.Integer(), primary_key=True),
        sa.Column("attempt", sa.Integer(), primary_key=True),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("state_rank", sa.Integer(), nullable=False),
        *_coordinates(""),
        sa.Column("queued_at", MOMENT, nullable=True),
        sa.Column("started_at", MOMENT, nullable=True),
        sa.Column("finished_at", MOMENT, nullable=True),
        sa.Column("duration_ms", sa.BigInteger(), nullable=True),
        sa.Column("next_attempt_at", MOMENT, nullable=True),
        sa.Column("error_type", sa.String(300), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("trace_id", sa.String(64), nullable=True),
        *_coordinates("outcome_"),
    )
    op.create_index("ix_attempts_finished", "attempts", ["finished_at"])
    op.create_index("ix_attempts_error_type", "attempts", ["error_type"])


def _status_events() -> None:
    op.create_table(
        "status_events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column(
            "job_id",
            sa.String(64),
            sa.ForeignKey("jobs.job_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("run", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("occurred_at", MOMENT, nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("status_partition", sa.Integer(), nullable=True),
        sa.Column("status_offset", sa.BigInteger(), nullable=True),
        sa.Column("recorded_at", MOMENT, nullable=False),
    )
    op.create_index("ix_status_events_job", "status_events", ["job_id", "occurred_at"])


def _audit_and_settings() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", MOMENT, nullable=False),
        sa.Column("actor", sa.String(300), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(100), nullable=False),
        sa.Column("target", sa.String(500), nullable=True),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "dashboard_settings",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("changed_by", sa.String(300), nullable=False),
        sa.Column("changed_at", MOMENT, nullable=False),
    )


def upgrade() -> None:
    _jobs()
    _attempts()
    _status_events()
    _audit_and_settings()


def downgrade() -> None:
    for table in (
        "dashboard_settings",
        "audit_log",
        "status_events",
        "attempts",
        "jobs",
    ):
        op.drop_table(table)
