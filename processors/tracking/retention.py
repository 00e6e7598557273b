"""Deleting the history of jobs that finished longer ago than the retention."""

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from processors.tracking.exceptions import StoreUnavailable
from processors.tracking.ordering import FINAL_STATES
from processors.tracking.preferences import retention_days
from processors.tracking.schema import Attempt, Job, StatusEventRow

logger = logging.getLogger(__name__)

DELETE_CHUNK = 500


def sweep(
    make_session: sessionmaker[Session],
    default_days: int,
    now: datetime | None = None,
) -> int:
    """Delete expired finished jobs in chunks; returns how many were deleted."""
    try:
        return _sweep(make_session, default_days, now or datetime.now(UTC))
    except DBAPIError as exc:
        raise StoreUnavailable(f"retention sweep failed: {exc.orig}") from exc


def _sweep(
    make_session: sessionmaker[Session], default_days: int, now: datetime
) -> int:
    with make_session() as session:
        days = retention_days(session, default_days)
    cutoff = now - timedelta(days=days)
    deleted = 0
    while True:
        with make_session.begin() as session:
            chunk = _expired(session, cutoff)
            _delete(session, chunk)
        deleted += len(chunk)
        if len(chunk) < DELETE_CHUNK:
            break
    if deleted:
        logger.info(
            "deleted the history of %d jobs finished before %s (retention %d days)",
            deleted,
            cutoff.isoformat(),
            days,
        )
    return deleted


def _expired(session: Session, cutoff: datetime) -> list[str]:
    query = (
        select(Job.job_id)
        .where(Job.state.in_(FINAL_STATES), Job.finished_at < cutoff)
        .limit(DELETE_CHUNK)
    )
    return list(session.scalars(query))


def _delete(session: Session, job_ids: list[str]) -> None:
    # Children first, so no database needs ON DELETE CASCADE switched on.
    if not job_ids:
        return
    session.execute(delete(StatusEventRow).where(StatusEventRow.job_id.in_(job_ids)))
    session.execute(delete(Attempt).where(Attempt.job_id.in_(job_ids)))
    session.execute(delete(Job).where(Job.job_id.in_(job_ids)))
