"""Reading job history: filtered job lists with cursor pages, and one job whole."""

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from processors.tracking.exceptions import InvalidCursor
from processors.tracking.schema import Attempt, Job, StatusEventRow

LIKE_ESCAPE = "\\"


@dataclass(frozen=True)
class JobFilters:
    """Which jobs to list. Empty fields match everything.

    `error_type` and `key` accept `*` wildcards; `error_type` and `text` match any
    attempt of the job; times bound the job's creation.
    """

    job_name: str | None = None
    states: tuple[str, ...] = ()
    error_type: str | None = None
    key: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    text: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.job_name:
            found.append(Job.job_name == self.job_name)
        if self.states:
            found.append(Job.state.in_(self.states))
        if self.key:
            found.append(_matches(Job.key, self.key))
        if self.since is not None:
            found.append(Job.created_at >= self.since)
        if self.until is not None:
            found.append(Job.created_at < self.until)
        found.extend(self._attempt_conditions())
        return found

    def _attempt_conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.error_type:
            found.append(_any_attempt(_matches(Attempt.error_type, self.error_type)))
        if self.text:
            pattern = f"%{_escape(self.text)}%"
            found.append(
                _any_attempt(Attempt.error_message.ilike(pattern, escape=LIKE_ESCAPE))
            )
        return found


def _escape(text: str) -> str:
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return text


def _matches(
    column: InstrumentedAttribute[str | None], pattern: str
) -> ColumnElement[bool]:
    if "*" not in pattern:
        return column == pattern
    like = _escape(pattern).replace("*", "%")
    return column.like(like, escape=LIKE_ESCAPE)


def _any_attempt(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(Attempt.job_id == Job.job_id, condition)


@dataclass(frozen=True)
class Page:
    """Jobs newest first, and the cursor of the next page when there is one."""

    jobs: list[Job]
    next_cursor: str | None


def list_jobs(
    session: Session, filters: JobFilters, limit: int, cursor: str | None = None
) -> Page:
    query = select(Job).where(*filters.conditions())
    if cursor:
        query = query.where(_after(*decode_cursor(cursor)))
    query = query.order_by(Job.created_at.desc(), Job.job_id.desc()).limit(limit + 1)
    jobs = list(session.scalars(query))
    if len(jobs) <= limit:
        return Page(jobs, None)
    last = jobs[limit - 1]
    return Page(jobs[:limit], encode_cursor(last.created_at, last.job_id))


def _after(created_at: datetime, job_id: str) -> ColumnElement[bool]:
    return or_(
        Job.created_at < created_at,
        and_(Job.created_at == created_at, Job.job_id < job_id),
    )


def encode_cursor(created_at: datetime, job_id: str) -> str:
    raw = f"{created_at.isoformat()}|{job_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The position a cursor stands for; raises InvalidCursor for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        moment, job_id = base64.urlsafe_b64decode(padded).decode().split("|", 1)
        return datetime.fromisoformat(moment), job_id
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise InvalidCursor(
            f"page cursor {cursor!r} is not one this dashboard made; start from the "
            f"first page"
        ) from exc


@dataclass(frozen=True)
class JobDetail:
    """A job with its attempts (oldest first) and its status events."""

    job: Job
    attempts: Sequence[Attempt] = field(default_factory=list)
    events: Sequence[StatusEventRow] = field(default_factory=list)


def job_detail(session: Session, job_id: str) -> JobDetail | None:
    job = session.get(Job, job_id)
    if job is None:
        return None
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.job_id == job_id)
        .order_by(Attempt.run, Attempt.attempt)
    ).all()
    events = session.scalars(
        select(StatusEventRow)
        .where(StatusEventRow.job_id == job_id)
        .order_by(StatusEventRow.occurred_at, StatusEventRow.recorded_at)
    ).all()
    return JobDetail(job, attempts, events)


def job_names(session: Session) -> list[str]:
    return list(session.scalars(select(Job.job_name).distinct().order_by(Job.job_name)))
