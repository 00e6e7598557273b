"""The JSON API under /api: jobs, numbers, dead letters, lag, and the actions."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from processors.exceptions import ProcessorsError
from processors.messaging.exceptions import DeliveryFailed, MessagingError
from processors.operations.dead_letters import Filters
from processors.operations.exceptions import OperationError
from processors.tracking import audit, preferences, queries, stats
from processors.tracking.access import Principal
from processors.tracking.exceptions import (
    ActionRefused,
    InvalidCursor,
    InvalidSetting,
    TrackingError,
)
from processors.tracking.queries import JobFilters
from processors.tracking.views import (
    CountsOut,
    DeadLetterOut,
    HourOut,
    JobDetailOut,
    JobPageOut,
    ReportRowOut,
    hour_out,
    report_out,
)
from processors.tracking.web import Dashboard, api_user, dashboard

router = APIRouter(tags=["jobs"])

Viewer = Annotated[Principal, Depends(api_user("viewer"))]
Operator = Annotated[Principal, Depends(api_user("operator"))]
Admin = Annotated[Principal, Depends(api_user("admin"))]
Board = Annotated[Dashboard, Depends(dashboard)]


def refusal(exc: ProcessorsError) -> HTTPException:
    """The HTTP answer to an error of the package, by what caused it."""
    if isinstance(exc, InvalidCursor | InvalidSetting):
        return HTTPException(422, str(exc))
    if isinstance(exc, ActionRefused):
        return HTTPException(409, str(exc))
    if isinstance(exc, OperationError):
        return HTTPException(404, str(exc))
    if isinstance(exc, DeliveryFailed):
        return HTTPException(502, str(exc))
    if isinstance(exc, MessagingError | TrackingError):
        return HTTPException(503, str(exc))
    return HTTPException(500, str(exc))


@router.get("/jobs", response_model=JobPageOut)
def list_jobs(
    board: Board,
    principal: Viewer,
    job_name: str | None = None,
    state: Annotated[list[str] | None, Query()] = None,
    error_type: str | None = None,
    key: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    q: Annotated[str | None, Query(description="Text in an error message.")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    cursor: str | None = None,
) -> JobPageOut:
    """Jobs newest first; `error_type` and `key` accept `*` wildcards."""
    filters = JobFilters(job_name, tuple(state or ()), error_type, key, since, until, q)
    shown = board.shown(principal)
    try:
        with board.store.make_session() as session:
            page = queries.list_jobs(session, filters, limit, cursor)
            return JobPageOut(
                jobs=[shown.job(j) for j in page.jobs], next_cursor=page.next_cursor
            )
    except InvalidCursor as exc:
        raise refusal(exc) from exc


@router.get("/jobs/{job_id}", response_model=JobDetailOut)
def job_detail(job_id: str, board: Board, principal: Viewer) -> JobDetailOut:
    """One job with every attempt and every status event received."""
    with board.store.make_session() as session:
        detail = queries.job_detail(session, job_id)
        if detail is None:
            raise HTTPException(404, f"no job {job_id!r} in the job history")
        topic = board.dead_letter_topic(detail.job.job_name)
        return board.shown(principal).detail(detail, topic)


@router.get("/stats/counts", response_model=CountsOut)
def counts(board: Board, principal: Viewer) -> CountsOut:
    """Jobs per job name and state."""
    with board.store.make_session() as session:
        table = stats.counts(session)
    return CountsOut(by_job=table, by_state=stats.state_totals(table))


@router.get("/stats/activity", response_model=list[HourOut])
def activity(
    board: Board,
    principal: Viewer,
    hours: Annotated[int, Query(ge=1, le=24 * 14)] = 24,
) -> list[HourOut]:
    """Per hour: attempts that ended, by outcome, and the share that failed."""
    with board.store.make_session() as session:
        return [hour_out(h) for h in stats.activity(session, hours)]


@router.get("/reports", response_model=list[ReportRowOut])
def reports(
    board: Board,
    principal: Viewer,
    days: Annotated[int, Query(ge=1, le=366)] = 14,
    job_name: str | None = None,
) -> list[ReportRowOut]:
    """Per job and day: volume, p50/p95 attempt duration, error, retry and
    dead-letter rates."""
    with board.store.make_session() as session:
        rows = stats.reports(session, days, board.zone, job_name)
    return [report_out(r) for r in rows]


@router.get("/reports.csv", response_class=PlainTextResponse)
def reports_csv(
    board: Board,
    principal: Viewer,
    days: Annotated[int, Query(ge=1, le=366)] = 14,
    job_name: str | None = None,
) -> PlainTextResponse:
    with board.store.make_session() as session:
        rows = stats.reports(session, days, board.zone, job_name)
    return csv_response(stats.reports_csv(rows))


def csv_response(text: str) -> PlainTextResponse:
    return PlainTextResponse(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="job-reports.csv"'},
    )


@router.get("/dead-letters", response_model=list[str])
def dead_letter_topics(board: Board, principal: Viewer) -> list[str]:
    """The dead-letter topic of every job."""
    return board.actions.topics()


@router.get("/dead-letters/{topic}", response_model=list[DeadLetterOut])
def dead_letters(
    topic: str,
    board: Board,
    principal: Viewer,
    job: str | None = None,
    error_type: str | None = None,
    key: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 500,
) -> list[DeadLetterOut]:
    """Dead letters of one topic; the same filters as `processors dlq list`."""
    filters = Filters(job, error_type, key, since, until)
    try:
        records = board.actions.records(topic, filters, limit)
    except ProcessorsError as exc:
        raise refusal(exc) from exc
    shown = board.shown(principal)
    return [shown.dead_letter(r) for r in records]


class ReplayIn(BaseModel):
    """Which dead letters to re-publish; a dry run unless `execute`."""

    job: str | None = None
    error_type: str | None = None
    key: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int | None = Field(None, ge=1)
    execute: bool = False

    def filters(self) -> Filters:
        return Filters(self.job, self.error_type, self.key, self.since, self.until)


class ReplayOut(BaseModel):
    dry_run: bool
    records: list[DeadLetterOut]
    already_replayed: int
    replay_id: str | None = None
    published: int = 0


@router.post("/dead-letters/{topic}/replay", response_model=ReplayOut)
def replay(topic: str, body: ReplayIn, board: Board, principal: Operator) -> ReplayOut:
    """Re-publish the originals of matching dead letters to their topic, as
    `processors dlq replay` does; records replayed before are skipped."""
    parameters = {"topic": topic, **body.model_dump(mode="json")}
    action = "replay" if body.execute else "replay-dry-run"
    try:
        answer = _replay(board, principal, topic, body)
    except ProcessorsError as exc:
        _audit(board, principal, action, topic, parameters, f"refused: {exc}")
        raise refusal(exc) from exc
    outcome = f"{answer.published} re-published, {len(answer.records)} planned"
    _audit(board, principal, action, topic, parameters, outcome)
    return answer


def _replay(
    board: Dashboard, principal: Principal, topic: str, body: ReplayIn
) -> ReplayOut:
    shown = board.shown(principal)
    if not body.execute:
        plan = board.actions.plan(topic, body.filters(), body.limit)
        return ReplayOut(
            dry_run=True,
            records=[shown.dead_letter(r) for r in plan.records],
            already_replayed=plan.already_replayed,
        )
    done = board.actions.replay(topic, body.filters(), body.limit, principal.user)
    return ReplayOut(
        dry_run=False,
        records=[shown.dead_letter(r) for r in done.plan.records],
        already_replayed=done.plan.already_replayed,
        replay_id=done.result.replay_id,
        published=done.result.published,
    )


class RetryOut(BaseModel):
    job_id: str
    replay_id: str
    published: int


@router.post("/jobs/{job_id}/retry", response_model=RetryOut)
def retry_job(job_id: str, board: Board, principal: Operator) -> RetryOut:
    """Re-publish a failed job's trigger from its dead-letter topic now."""
    try:
        result = retry(board, principal, job_id)
    except ProcessorsError as exc:
        raise refusal(exc) from exc
    return result


def retry(board: Dashboard, principal: Principal, job_id: str) -> RetryOut:
    """Retry a job and write the audit entry, whatever the outcome."""
    with board.store.make_session() as session:
        detail = queries.job_detail(session, job_id)
    parameters: dict[str, Any] = {"job_id": job_id}
    try:
        if detail is None:
            raise ActionRefused(f"no job {job_id!r} in the job history")
        if detail.job.state != "failed":
            raise ActionRefused(
                f"job {job_id} is {detail.job.state}; only a failed job can be retried"
            )
        done = board.actions.retry_job(job_id, detail.job.job_name, principal.user)
    except ProcessorsError as exc:
        _audit(board, principal, "retry", job_id, parameters, f"refused: {exc}")
        raise
    outcome = f"replay {done.result.replay_id}: {done.result.published} re-published"
    _audit(board, principal, "retry", job_id, parameters, outcome)
    return RetryOut(
        job_id=job_id,
        replay_id=done.result.replay_id,
        published=done.result.published,
    )


def _audit(
    board: Dashboard,
    principal: Principal,
    action: str,
    target: str | None,
    parameters: dict[str, Any],
    outcome: str,
) -> None:
    audit.record(
        board.store.make_session, principal, action, target, parameters, outcome
    )


class GroupLagOut(BaseModel):
    group_id: str
    total: int
    topics: dict[str, int]


@router.get("/lag", response_model=list[GroupLagOut])
def lag(board: Board, principal: Viewer) -> list[GroupLagOut]:
    """Messages each consumer group has yet to read, per topic, from the broker."""
    try:
        groups = board.lag()
    except TrackingError as exc:
        raise refusal(exc) from exc
    return [
        GroupLagOut(group_id=g.group_id, total=g.total, topics=g.per_topic())
        for g in groups
    ]


class SettingsOut(BaseModel):
    retention_days: int


class SettingsIn(BaseModel):
    retention_days: int


@router.get("/settings", response_model=SettingsOut)
def get_settings(board: Board, principal: Admin) -> SettingsOut:
    with board.store.make_session() as session:
        days = preferences.retention_days(session, board.tracking.retention_days)
    return SettingsOut(retention_days=days)


@router.put("/settings", response_model=SettingsOut)
def put_settings(body: SettingsIn, board: Board, principal: Admin) -> SettingsOut:
    """Change the history retention; the tracker applies it at its next sweep."""
    try:
        change_retention(board, principal, body.retention_days)
    except InvalidSetting as exc:
        raise refusal(exc) from exc
    return SettingsOut(retention_days=body.retention_days)


def change_retention(board: Dashboard, principal: Principal, days: int) -> None:
    parameters = {"retention_days": days}
    try:
        with board.store.make_session.begin() as session:
            preferences.set_retention_days(session, days, principal.user)
    except InvalidSetting as exc:
        _audit(board, principal, "settings", "retention_days", parameters, str(exc))
        raise
    _audit(board, principal, "settings", "retention_days", parameters, "changed")


class AuditOut(BaseModel):
    at: datetime
    actor: str
    role: str
    action: str
    target: str | None
    parameters: str
    outcome: str


@router.get("/audit", response_model=list[AuditOut])
def audit_log(
    board: Board,
    principal: Admin,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> list[AuditOut]:
    with board.store.make_session() as session:
        entries = audit.recent(session, limit)
    return [
        AuditOut(
            at=e.at,
            actor=e.actor,
            role=e.role,
            action=e.action,
            target=e.target,
            parameters=e.parameters,
            outcome=e.outcome,
        )
        for e in entries
    ]
