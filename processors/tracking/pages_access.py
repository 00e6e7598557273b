"""Logging in and out of the dashboard, and the admin page (settings, audit log)."""

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from processors.tracking import audit, preferences
from processors.tracking.access import Principal
from processors.tracking.api import change_retention
from processors.tracking.exceptions import InvalidSetting
from processors.tracking.rendering import render
from processors.tracking.sessions import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    new_login_cookie,
)
from processors.tracking.web import Dashboard, authenticate, dashboard, page_user

logger = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

Admin = Annotated[Principal, Depends(page_user("admin"))]
Anyone = Annotated[Principal, Depends(page_user("viewer"))]
Board = Annotated[Dashboard, Depends(dashboard)]
ANONYMOUS = Principal("anonymous", "viewer", "session")


def _safe_next(target: str) -> str:
    # Only paths of this site, so a crafted link cannot send a user elsewhere.
    if target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, board: Board, next: str = "/") -> Response:
    if authenticate(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return _login_page(request, board, next, status_code=200)


def _login_page(
    request: Request, board: Board, next: str, status_code: int, error: str = ""
) -> HTMLResponse:
    cookie = new_login_cookie()
    page = render(
        request,
        "login.html",
        None,
        status_code=status_code,
        login_csrf=board.signer.login_csrf(cookie),
        next=_safe_next(next),
        error=error,
        trusted_header=board.auth.trusted_header,
    )
    page.set_cookie(
        LOGIN_COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=board.settings.cookie_secure,
    )
    return page


@router.post("/login")
def login(
    request: Request,
    board: Board,
    token: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not board.signer.login_csrf_valid(request.cookies.get(LOGIN_COOKIE), csrf_token):
        return _login_page(request, board, next, 403, "The form expired; log in again.")
    entry = board.auth.token_entry(token.strip())
    if entry is None:
        logger.warning("dashboard login refused: unknown token")
        audit.record(board.store.make_session, ANONYMOUS, "login", None, {}, "refused")
        return _login_page(request, board, next, 401, "That token is not valid.")
    principal = Principal(entry.user, entry.role, "session")
    audit.record(board.store.make_session, principal, "login", None, {}, "ok")
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        board.signer.session_cookie(entry),
        max_age=board.settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=board.settings.cookie_secure,
    )
    response.delete_cookie(LOGIN_COOKIE)
    return response


@router.post("/logout")
def logout(board: Board, principal: Anyone) -> Response:
    audit.record(board.store.make_session, principal, "logout", None, {}, "ok")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/admin", response_class=HTMLResponse)
def admin(
    request: Request, board: Board, principal: Admin, notice: str = ""
) -> HTMLResponse:
    return _admin_page(request, board, principal, notice=notice)


def _admin_page(
    request: Request,
    board: Board,
    principal: Principal,
    status_code: int = 200,
    **context: str,
) -> HTMLResponse:
    with board.store.make_session() as session:
        days = preferences.retention_days(session, board.tracking.retention_days)
        rows = preferences.setting_rows(session)
        entries = audit.recent(session)
    return render(
        request,
        "admin.html",
        principal,
        status_code=status_code,
        current="admin",
        retention_days=days,
        retention_default=board.tracking.retention_days,
        settings_rows=rows,
        entries=entries,
        **context,
    )


@router.post("/admin/settings", response_class=HTMLResponse)
def change_settings(
    request: Request,
    board: Board,
    principal: Admin,
    retention_days: Annotated[int, Form()],
) -> Response:
    try:
        change_retention(board, principal, retention_days)
    except InvalidSetting as exc:
        return _admin_page(request, board, principal, 422, problem=str(exc))
    return RedirectResponse(
        "/admin?notice=Retention+set+to+" + str(retention_days) + "+days",
        status_code=303,
    )
