"""What every request handler shares: the dashboard's parts and who is asking."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from fastapi import HTTPException, Request

from processors.contract.topics import Catalog
from processors.tracking.access import Authenticator, Principal
from processors.tracking.dead_letter_actions import DeadLetterActions
from processors.tracking.exceptions import Forbidden, LoginRequired
from processors.tracking.lag import GroupLag
from processors.tracking.masking import Masker
from processors.tracking.sessions import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    SessionSigner,
)
from processors.tracking.settings import DashboardSettings, Role, TrackingSettings
from processors.tracking.store import JobStore
from processors.tracking.views import Shown

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@dataclass
class Dashboard:
    """The parts behind the API and the pages."""

    store: JobStore
    catalog: Catalog
    actions: DeadLetterActions
    lag: Callable[[], list[GroupLag]]
    auth: Authenticator
    signer: SessionSigner
    masker: Masker
    settings: DashboardSettings
    tracking: TrackingSettings

    def shown(self, principal: Principal) -> Shown:
        """Viewers see personal data masked; operators and admins act on it."""
        return Shown(None if principal.may("operator") else self.masker)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.timezone)

    def dead_letter_topic(self, job_name: str) -> str | None:
        if job_name not in self.catalog.jobs:
            return None
        return self.catalog.dead_letter_topic(job_name)


def dashboard(request: Request) -> Dashboard:
    found: Dashboard = request.app.state.dashboard
    return found


def authenticate(request: Request) -> Principal | None:
    """Bearer token first, then the proxy's trusted header, then the session."""
    board = dashboard(request)
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token:
        return board.auth.from_bearer(token.strip())
    header = board.auth.trusted_header
    if header and request.headers.get(header):
        return board.auth.from_header(request.headers[header])
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return board.signer.principal(cookie, board.auth)
    return None


async def _csrf_token(request: Request) -> str | None:
    given = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("Content-Type", "")
    if given is None and content_type.startswith(FORM_TYPES):
        value = (await request.form()).get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    return given


async def check_csrf(request: Request, principal: Principal) -> None:
    if not principal.needs_csrf:
        return
    given = await _csrf_token(request)
    if not dashboard(request).signer.csrf_valid(principal, given):
        raise Forbidden("the form's CSRF token is missing or wrong; reload the page")


def api_user(role: Role = "viewer") -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the caller, refused with 401 or 403 (and CSRF checked on
    anything that changes state)."""

    async def resolve(request: Request) -> Principal:
        principal = authenticate(request)
        if principal is None:
            raise HTTPException(
                401,
                "a valid bearer token (or dashboard login) is required",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if not principal.may(role):
            raise HTTPException(403, f"role {role} or higher is required")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                await check_csrf(request, principal)
            except Forbidden as exc:
                raise HTTPException(403, str(exc)) from exc
        return principal

    return resolve


def page_user(role: Role = "viewer") -> Callable[[Request], Awaitable[Principal]]:
    """A dependency: the logged-in user; sends others to the login page."""

    async def resolve(request: Request) -> Principal:
        principal = authenticate(request)
        if principal is None:
            raise LoginRequired(f"{request.url.path} needs a login")
        if not principal.may(role):
            raise Forbidden(f"this page needs role {role} or higher")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            await check_csrf(request, principal)
        return principal

    return resolve
