"""The dead-letter page: records per dead-letter topic, and bulk replay with a
dry run first, then the execution of the same filters."""

from dataclasses import dataclass
from datetime import tzinfo
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from processors.exceptions import ProcessorsError
from processors.operations.dead_letters import Filters
from processors.tracking import audit
from processors.tracking.access import Principal
from processors.tracking.pages import local_time
from processors.tracking.rendering import render
from processors.tracking.web import Dashboard, dashboard, page_user

router = APIRouter(include_in_schema=False)

Viewer = Annotated[Principal, Depends(page_user("viewer"))]
Operator = Annotated[Principal, Depends(page_user("operator"))]
Board = Annotated[Dashboard, Depends(dashboard)]
DEFAULT_LIMIT = 200


@dataclass(frozen=True)
class Asked:
    """The filters as the operator typed them, to fill the forms again."""

    topic: str = ""
    job: str = ""
    error_type: str = ""
    key: str = ""
    since: str = ""
    until: str = ""
    limit: str = ""

    def filters(self, zone: tzinfo) -> Filters:
        return Filters(
            self.job or None,
            self.error_type or None,
            self.key or None,
            local_time(self.since, zone),
            local_time(self.until, zone),
        )

    def limit_count(self) -> int | None:
        return int(self.limit) if self.limit.isdigit() and int(self.limit) > 0 else None

    def parameters(self) -> dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if value}


@router.get("/dead-letters", response_class=HTMLResponse)
def dead_letters(
    request: Request,
    board: Board,
    principal: Viewer,
    topic: str = "",
    job: str = "",
    error_type: str = "",
    key: str = "",
    since: str = "",
    until: str = "",
    limit: str = "",
) -> HTMLResponse:
    asked = Asked(topic, job, error_type, key, since, until, limit)
    records, problem = [], None
    if topic:
        try:
            found = board.actions.records(
                topic, asked.filters(board.zone), asked.limit_count() or DEFAULT_LIMIT
            )
            records = [board.shown(principal).dead_letter(r) for r in found]
        except ProcessorsError as exc:
            problem = str(exc)
    return _page(request, board, principal, asked, records=records, problem=problem)


def _page(
    request: Request,
    board: Board,
    principal: Principal,
    asked: Asked,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    return render(
        request,
        "dead_letters.html",
        principal,
        status_code=status_code,
        current="dead-letters",
        topics=board.actions.topics(),
        asked=asked,
        **context,
    )


@router.post("/dead-letters/replay", response_class=HTMLResponse)
def replay(
    request: Request,
    board: Board,
    principal: Operator,
    topic: Annotated[str, Form()],
    mode: Annotated[str, Form()] = "dry-run",
    job: Annotated[str, Form()] = "",
    error_type: Annotated[str, Form()] = "",
    key: Annotated[str, Form()] = "",
    since: Annotated[str, Form()] = "",
    until: Annotated[str, Form()] = "",
    limit: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """A dry run shows what would be re-published and offers to execute it."""
    asked = Asked(topic, job, error_type, key, since, until, limit)
    if mode == "execute":
        return _execute(request, board, principal, asked)
    return _dry_run(request, board, principal, asked)


def _dry_run(
    request: Request, board: Board, principal: Principal, asked: Asked
) -> HTMLResponse:
    filters, limit = asked.filters(board.zone), asked.limit_count()
    try:
        plan = board.actions.plan(asked.topic, filters, limit)
    except ProcessorsError as exc:
        _audit(board, principal, "replay-dry-run", asked, f"refused: {exc}")
        return _page(request, board, principal, asked, 409, problem=str(exc))
    outcome = f"{len(plan.records)} would be re-published"
    _audit(board, principal, "replay-dry-run", asked, outcome)
    shown = board.shown(principal)
    return _page(
        request,
        board,
        principal,
        asked,
        plan=[shown.dead_letter(r) for r in plan.records],
        already_replayed=plan.already_replayed,
    )


def _execute(
    request: Request, board: Board, principal: Principal, asked: Asked
) -> HTMLResponse:
    filters, limit = asked.filters(board.zone), asked.limit_count()
    try:
        done = board.actions.replay(asked.topic, filters, limit, principal.user)
    except ProcessorsError as exc:
        _audit(board, principal, "replay", asked, f"refused: {exc}")
        return _page(request, board, principal, asked, 409, problem=str(exc))
    outcome = f"replay {done.result.replay_id}: {done.result.published} re-published"
    _audit(board, principal, "replay", asked, outcome)
    shown = board.shown(principal)
    return _page(
        request,
        board,
        principal,
        asked,
        replayed=done.result,
        plan=[shown.dead_letter(r) for r in done.plan.records],
        already_replayed=done.plan.already_replayed,
    )


def _audit(
    board: Board, principal: Principal, action: str, asked: Asked, outcome: str
) -> None:
    audit.record(
        board.store.make_session,
        principal,
        action,
        asked.topic,
        asked.parameters(),
        outcome,
    )
