from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from processors.tracking import stats
from processors.tracking.store import JobStore
from tests.factories.job_status import trail
from tests.unit.tracking.conftest import record

NOW = datetime(2026, 4, 2, 12, 30, tzinfo=UTC)


def test_percentiles_are_nearest_rank() -> None:
    """p50 of 1..10 is 5, p95 is 10; none of nothing."""
    values = list(range(10, 0, -1))

    assert (stats.percentile(values, 50), stats.percentile(values, 95)) == (5, 10)
    assert stats.percentile([7], 95) == 7
    assert stats.percentile([], 50) is None


def test_activity_counts_attempt_ends_per_hour(
    new_sqlite_store: Callable[[], JobStore],
) -> None:
    """Each ended attempt counts in the hour it ended; older hours fall out."""
    store = new_sqlite_store()
    record(
        store,
        trail(key="a", started=NOW - timedelta(hours=1)).retry(1).succeed(2).events,
    )
    record(store, trail(key="b", started=NOW - timedelta(minutes=10)).fail(1).events)
    record(store, trail(key="c", started=NOW - timedelta(hours=9)).succeed().events)

    with store.make_session() as session:
        hours = stats.activity(session, 3, now=NOW)

    assert [h.start.hour for h in hours] == [10, 11, 12]
    assert [(h.succeeded, h.retried, h.dead_lettered) for h in hours] == [
        (0, 0, 0),
        (1, 1, 0),
        (0, 0, 1),
    ]
    assert hours[1].error_rate == 0.5 and hours[0].error_rate is None


def test_reports_count_jobs_on_their_days_in_the_dashboards_zone(
    new_sqlite_store: Callable[[], JobStore],
) -> None:
    """Tokyo's day starts at 15:00 UTC: a job at 16:00 UTC counts on the next
    day; rates and durations per job and day; CSV rows match."""
    store = new_sqlite_store()
    day_one = datetime(2026, 4, 1, 1, 0, tzinfo=UTC)
    record(store, trail(key="a", started=day_one).succeed(run_s=1).events)
    record(store, trail(key="b", started=day_one).retry(1).succeed(2, run_s=3).events)
    record(store, trail(key="c", started=day_one).fail(1).events)
    record(
        store, trail(key="d", started=day_one + timedelta(hours=15)).succeed().events
    )
    record(store, trail("maisoku_reader", "m", started=day_one).succeed().events)

    with store.make_session() as session:
        rows = stats.reports(session, 3, ZoneInfo("Asia/Tokyo"), now=NOW)
        only = stats.reports(session, 3, ZoneInfo("Asia/Tokyo"), "maisoku_reader", NOW)
    csv_rows = stats.reports_csv(rows).splitlines()

    first = rows[0]
    assert [(r.job_name, r.day.isoformat(), r.jobs) for r in rows] == [
        ("certified_copy_reader", "2026-04-01", 3),
        ("certified_copy_reader", "2026-04-02", 1),
        ("maisoku_reader", "2026-04-01", 1),
    ]
    assert (first.attempts, first.failed_attempts) == (4, 2)
    assert (first.p50_ms, first.p95_ms) == (2000, 3000)
    assert first.retry_rate == first.dead_letter_rate == 1 / 3
    assert [r.job_name for r in only] == ["maisoku_reader"]
    assert csv_rows[1] == (
        "certified_copy_reader,2026-04-01,3,4,2000,3000,0.5000,0.3333,0.3333"
    )


def test_counts_are_per_job_name_and_state(
    new_sqlite_store: Callable[[], JobStore],
) -> None:
    """Each job counts once, under its job name and current state."""
    store = new_sqlite_store()
    record(store, trail(key="a").succeed().events + trail(key="b").fail().events)
    record(store, trail("maisoku_reader", "m").retry().events)

    with store.make_session() as session:
        table = stats.counts(session)

    assert table == {
        "certified_copy_reader": {"succeeded": 1, "failed": 1},
        "maisoku_reader": {"retrying": 1},
    }
    assert stats.state_totals(table) == {"succeeded": 1, "failed": 1, "retrying": 1}
