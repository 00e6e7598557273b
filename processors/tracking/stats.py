"""Numbers about jobs: counts per state and job, hourly throughput and error rate,
and daily reports per job."""

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from processors.tracking.ordering import OUTCOME_STATES
from processors.tracking.schema import Attempt, Job

ERROR_STATES = frozenset({"retrying", "failed"})


def counts(session: Session) -> dict[str, dict[str, int]]:
    """Jobs per job name and state."""
    rows = session.execute(
        select(Job.job_name, Job.state, func.count()).group_by(Job.job_name, Job.state)
    )
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for job_name, state, count in rows:
        table[job_name][state] = count
    return dict(sorted(table.items()))


def state_totals(table: dict[str, dict[str, int]]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for by_state in table.values():
        for state, count in by_state.items():
            totals[state] += count
    return dict(totals)


@dataclass
class Hour:
    """Attempts that ended within one hour."""

    start: datetime
    succeeded: int = 0
    retried: int = 0
    dead_lettered: int = 0
    cancelled: int = 0

    @property
    def finished(self) -> int:
        return self.succeeded + self.retried + self.dead_lettered + self.cancelled

    @property
    def error_rate(self) -> float | None:
        if not self.finished:
            return None
        return (self.retried + self.dead_lettered) / self.finished


def activity(session: Session, hours: int, now: datetime | None = None) -> list[Hour]:
    """Per hour, oldest first, ending with the current hour."""
    current = (now or datetime.now(UTC)).astimezone(UTC)
    current = current.replace(minute=0, second=0, microsecond=0)
    first = current - timedelta(hours=hours - 1)
    buckets = {
        first + timedelta(hours=n): Hour(first + timedelta(hours=n))
        for n in range(hours)
    }
    rows = session.execute(
        select(Attempt.finished_at, Attempt.state).where(
            Attempt.finished_at >= first, Attempt.state.in_(OUTCOME_STATES)
        )
    )
    for finished_at, state in rows:
        if finished_at is None:
            continue
        hour = finished_at.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
        bucket = buckets.get(hour)
        if bucket is not None:
            _count_outcome(bucket, state)
    return list(buckets.values())


def _count_outcome(hour: Hour, state: str) -> None:
    if state == "succeeded":
        hour.succeeded += 1
    elif state == "retrying":
        hour.retried += 1
    elif state == "failed":
        hour.dead_lettered += 1
    else:
        hour.cancelled += 1


@dataclass
class DayReport:
    """One job name on one day (UTC): jobs created that day and their attempts."""

    job_name: str
    day: date
    jobs: int = 0
    retried_jobs: int = 0
    dead_lettered_jobs: int = 0
    attempts: int = 0
    failed_attempts: int = 0
    durations_ms: list[int] = field(default_factory=list)

    @property
    def p50_ms(self) -> int | None:
        return percentile(self.durations_ms, 50)

    @property
    def p95_ms(self) -> int | None:
        return percentile(self.durations_ms, 95)

    @property
    def error_rate(self) -> float | None:
        return _share(self.failed_attempts, self.attempts)

    @property
    def retry_rate(self) -> float | None:
        return _share(self.retried_jobs, self.jobs)

    @property
    def dead_letter_rate(self) -> float | None:
        return _share(self.dead_lettered_jobs, self.jobs)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def percentile(values: Sequence[int], pct: float) -> int | None:
    """Nearest-rank percentile."""
    if not values:
        return None
    ordered = sorted(values)
    index = max(0, math.ceil(pct / 100 * len(ordered)) - 1)
    return ordered[index]


def reports(
    session: Session,
    days: int,
    zone: tzinfo = UTC,
    job_name: str | None = None,
    now: datetime | None = None,
) -> list[DayReport]:
    """Per job name and day (in `zone`), the days in order, for the last `days`
    days; a job counts on the day it was created."""
    today = (now or datetime.now(UTC)).astimezone(zone).date()
    since = datetime.combine(today - timedelta(days=days - 1), time.min, zone)
    table: dict[tuple[str, date], DayReport] = {}
    for job in _jobs_since(session, since, job_name):
        day = job.created_at.astimezone(zone).date()
        report = table.setdefault((job.job_name, day), DayReport(job.job_name, day))
        _count_job(report, job.state, job.attempt, job.run)
    attempts = _attempts_since(session, since, job_name)
    for name, created_at, state, duration_ms in attempts:
        found = table.get((name, created_at.astimezone(zone).date()))
        if found is not None and state in OUTCOME_STATES:
            _count_attempt(found, state, duration_ms)
    return sorted(table.values(), key=lambda r: (r.job_name, r.day))


def _jobs_since(
    session: Session, since: datetime, job_name: str | None
) -> Iterable[Job]:
    query = select(Job).where(Job.created_at >= since)
    if job_name:
        query = query.where(Job.job_name == job_name)
    return session.scalars(query)


def _attempts_since(
    session: Session, since: datetime, job_name: str | None
) -> Iterable[tuple[str, datetime, str, int | None]]:
    query = (
        select(Job.job_name, Job.created_at, Attempt.state, Attempt.duration_ms)
        .join(Attempt, Attempt.job_id == Job.job_id)
        .where(Job.created_at >= since)
    )
    if job_name:
        query = query.where(Job.job_name == job_name)
    return session.execute(query)


def _count_job(report: DayReport, state: str, attempt: int, run: int) -> None:
    report.jobs += 1
    if attempt > 1 or run > 1:
        report.retried_jobs += 1
    if state == "failed":
        report.dead_lettered_jobs += 1


def _count_attempt(report: DayReport, state: str, duration_ms: int | None) -> None:
    report.attempts += 1
    if state in ERROR_STATES:
        report.failed_attempts += 1
    if duration_ms is not None:
        report.durations_ms.append(duration_ms)


CSV_COLUMNS = (
    "job_name",
    "day",
    "jobs",
    "attempts",
    "p50_duration_ms",
    "p95_duration_ms",
    "error_rate",
    "retry_rate",
    "dead_letter_rate",
)


def reports_csv(rows: Iterable[DayReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            [
                r.job_name,
                r.day.isoformat(),
                r.jobs,
                r.attempts,
                _blank(r.p50_ms),
                _blank(r.p95_ms),
                _rate(r.error_rate),
                _rate(r.retry_rate),
                _rate(r.dead_letter_rate),
            ]
        )
    return out.getvalue()


def _blank(value: int | None) -> str:
    return "" if value is None else str(value)


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"
