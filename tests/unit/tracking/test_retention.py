from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from processors.tracking import preferences, retention
from processors.tracking.schema import Attempt, Job, StatusEventRow
from processors.tracking.store import JobStore
from tests.factories.job_status import trail
from tests.unit.tracking.conftest import record

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def test_only_finished_jobs_older_than_the_retention_are_deleted(
    new_sqlite_store: Callable[[], JobStore],
) -> None:
    """Old finished jobs go with their attempts and events; an old job still
    retrying and a recent one stay; an admin's setting wins over the default."""
    store = new_sqlite_store()
    old = NOW - timedelta(days=40)
    record(store, trail(key="old-ok", started=old).succeed().events)
    record(store, trail(key="old-dead", started=old).fail().events)
    record(store, trail(key="old-waiting", started=old).retry().events)
    record(store, trail(key="recent", started=NOW - timedelta(days=5)).succeed().events)

    kept_at_60 = retention.sweep(store.make_session, 60, now=NOW)
    deleted_at_30 = retention.sweep(store.make_session, 30, now=NOW)
    with store.make_session.begin() as session:
        preferences.set_retention_days(session, 2, "alice")
    deleted_by_admin = retention.sweep(store.make_session, 30, now=NOW)

    with store.make_session() as session:
        keys = set(session.scalars(select(Job.key)))
        counts = [
            session.scalar(select(func.count()).select_from(t))
            for t in (Attempt, StatusEventRow)
        ]
    assert (kept_at_60, deleted_at_30, deleted_by_admin) == (0, 2, 1)
    assert keys == {"old-waiting"}
    assert counts == [1, 3]
