"""The dashboard's pages: overview, jobs, one job, reports."""

from collections.abc import Callable
from datetime import date, datetime, timedelta, tzinfo
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from processors.exceptions import ProcessorsError
from processors.tracking import charts, queries, stats
from processors.tracking.access import Principal
from processors.tracking.api import csv_response, retry
from processors.tracking.charts import Series
from processors.tracking.exceptions import InvalidCursor
from processors.tracking.queries import JobFilters
from processors.tracking.rendering import render
from processors.tracking.web import Dashboard, dashboard, page_user

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(page_user("viewer"))]
Operator = Annotated[Principal, Depends(page_user("operator"))]
Board = Annotated[Dashboard, Depends(dashboard)]


def local_time(text: str | None, zone: tzinfo) -> datetime | None:
    """A `datetime-local` form value, read in the dashboard's time zone."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, board: Board, principal: Viewer) -> HTMLResponse:
    with board.store.make_session() as session:
        table = stats.counts(session)
        hours = stats.activity(session, board.settings.activity_hours)
    lag, lag_error = _lag(board)
    return render(
        request,
        "overview.html",
        principal,
        current="overview",
        counts=table,
        totals=stats.state_totals(table),
        activity_chart=_activity_chart(hours, board.zone),
        error_chart=_error_chart(hours, board.zone),
        hours=board.settings.activity_hours,
        lag=lag,
        lag_error=lag_error,
    )


def _lag(board: Dashboard) -> tuple[list, str | None]:
    try:
        return board.lag(), None
    except ProcessorsError as exc:
        return [], str(exc)


def _hour_labels(hours: list[stats.Hour], zone: tzinfo) -> list[str]:
    return [h.start.astimezone(zone).strftime("%H:00") for h in hours]


def _activity_chart(hours: list[stats.Hour], zone: tzinfo) -> Markup:
    return charts.stacked_bars(
        "Attempts ended per hour",
        _hour_labels(hours, zone),
        [
            Series("succeeded", "series-ok", [h.succeeded for h in hours]),
            Series("retried", "series-warn", [h.retried for h in hours]),
            Series("dead-lettered", "series-bad", [h.dead_lettered for h in hours]),
        ],
    )


def _error_chart(hours: list[stats.Hour], zone: tzinfo) -> Markup:
    return charts.lines(
        "Error rate per hour",
        _hour_labels(hours, zone),
        [Series("error rate", "series-bad", [h.error_rate for h in hours])],
        fmt=charts.percent,
        top=1.0,
    )


@router.get("/jobs", response_class=HTMLResponse)
def jobs(
    request: Request,
    board: Board,
    principal: Viewer,
    job_name: str = "",
    state: Annotated[list[str] | None, Query()] = None,
    error_type: str = "",
    key: str = "",
    since: str = "",
    until: str = "",
    q: str = "",
    cursor: str = "",
) -> HTMLResponse:
    asked = {
        "job_name": job_name,
        "error_type": error_type,
        "key": key,
        "since": since,
        "until": until,
        "q": q,
    }
    states = state or []
    with board.store.make_session() as session:
        names = queries.job_names(session)
        page = _page_of_jobs(session, _job_filters(asked, states, board), board, cursor)
        rows = [board.shown(principal).job(j) for j in page.jobs]
    return render(
        request,
        "jobs.html",
        principal,
        current="jobs",
        jobs=rows,
        job_names=sorted(set(names) | set(board.catalog.jobs)),
        asked=asked,
        asked_states=set(states),
        next_url=_next_url(asked, states, page.next_cursor),
    )


def _job_filters(
    asked: dict[str, str], states: list[str], board: Dashboard
) -> JobFilters:
    return JobFilters(
        asked["job_name"] or None,
        tuple(states),
        asked["error_type"] or None,
        asked["key"] or None,
        local_time(asked["since"], board.zone),
        local_time(asked["until"], board.zone),
        asked["q"] or None,
    )


def _page_of_jobs(
    session: Session, filters: JobFilters, board: Dashboard, cursor: str
) -> queries.Page:
    # A stale or mangled cursor in a bookmark shows the first page, not an error.
    try:
        return queries.list_jobs(session, filters, board.settings.page_size, cursor)
    except InvalidCursor:
        return queries.list_jobs(session, filters, board.settings.page_size)


def _next_url(asked: dict[str, str], states: list[str], cursor: str | None) -> str:
    if cursor is None:
        return ""
    pairs = [(k, v) for k, v in asked.items() if v]
    pairs += [("state", s) for s in states] + [("cursor", cursor)]
    return "/jobs?" + urlencode(pairs)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job(request: Request, job_id: str, board: Board, principal: Viewer) -> HTMLResponse:
    with board.store.make_session() as session:
        detail = queries.job_detail(session, job_id)
    if detail is None:
        return render(
            request,
            "error.html",
            principal,
            status_code=404,
            message=f"No job {job_id} in the job history.",
        )
    topic = board.dead_letter_topic(detail.job.job_name)
    view = board.shown(principal).detail(detail, topic)
    return render(
        request,
        "job.html",
        principal,
        current="jobs",
        detail=view,
        timeline=charts.timeline(view.attempts, board.zone),
        notice=request.query_params.get("notice", ""),
    )


@router.post("/jobs/{job_id}/retry")
def retry_page(
    request: Request, job_id: str, board: Board, principal: Operator
) -> Response:
    try:
        done = retry(board, principal, job_id)
    except ProcessorsError as exc:
        return render(
            request, "error.html", principal, status_code=409, message=str(exc)
        )
    notice = f"Retried: replay {done.replay_id} re-published {done.published} message"
    query = urlencode({"notice": notice})
    return RedirectResponse(f"/jobs/{job_id}?{query}", status_code=303)


@router.get("/reports", response_class=HTMLResponse)
def reports(
    request: Request,
    board: Board,
    principal: Viewer,
    days: Annotated[int | None, Query(ge=1, le=366)] = None,
    job_name: str = "",
) -> HTMLResponse:
    chosen_days = days or board.settings.report_days
    with board.store.make_session() as session:
        rows = stats.reports(session, chosen_days, board.zone, job_name or None)
    by_job: dict[str, list[stats.DayReport]] = {}
    for row in rows:
        by_job.setdefault(row.job_name, []).append(row)
    return render(
        request,
        "reports.html",
        principal,
        current="reports",
        days=chosen_days,
        job_name=job_name,
        job_names=sorted(board.catalog.jobs),
        sections=[
            (name, reports_charts(r, report_days(chosen_days, board.zone)), r)
            for name, r in by_job.items()
        ],
        csv_url="/reports.csv?"
        + urlencode({"days": chosen_days, "job_name": job_name}),
    )


def reports_charts(rows: list[stats.DayReport], days: list[date]) -> list[Markup]:
    """Volume, duration and rates of one job over every day, empty days too."""
    by_day = {r.day: r for r in rows}
    found = [by_day.get(day) for day in days]
    labels = [day.strftime("%m-%d") for day in days]

    def series(name: str, css: str, pick: Callable[[stats.DayReport], Any]) -> Series:
        return Series(name, css, [pick(r) if r else None for r in found])

    return [
        charts.stacked_bars(
            "Jobs per day", labels, [series("jobs", "series-ok", lambda r: r.jobs)]
        ),
        charts.lines(
            "Attempt duration",
            labels,
            [
                series("p50", "series-ok", lambda r: r.p50_ms),
                series("p95", "series-warn", lambda r: r.p95_ms),
            ],
            fmt=charts.milliseconds,
        ),
        charts.lines(
            "Error, retry and dead-letter rates",
            labels,
            [
                series("errors", "series-bad", lambda r: r.error_rate),
                series("retries", "series-warn", lambda r: r.retry_rate),
                series("dead letters", "series-dead", lambda r: r.dead_letter_rate),
            ],
            fmt=charts.percent,
            top=1.0,
        ),
    ]


def report_days(days: int, zone: tzinfo) -> list[date]:
    today = datetime.now(zone).date()
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


@router.get("/reports.csv")
def reports_download(
    board: Board,
    principal: Viewer,
    days: Annotated[int | None, Query(ge=1, le=366)] = None,
    job_name: str = "",
) -> Response:
    with board.store.make_session() as session:
        rows = stats.reports(
            session, days or board.settings.report_days, board.zone, job_name or None
        )
    return csv_response(stats.reports_csv(rows))
