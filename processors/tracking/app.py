"""The dashboard and API as one ASGI application."""

import logging
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from processors.contract.codec import Codec
from processors.contract.topics import Catalog
from processors.settings import KafkaSettings
from processors.tracking import api, pages, pages_access, pages_dead_letters
from processors.tracking.access import Authenticator
from processors.tracking.dead_letter_actions import DeadLetterActions
from processors.tracking.exceptions import Forbidden, LoginRequired
from processors.tracking.lag import LagReader
from processors.tracking.masking import masker_from_setting
from processors.tracking.rendering import STATIC_DIR, render
from processors.tracking.sessions import SessionSigner
from processors.tracking.settings import DashboardSettings, TrackingSettings
from processors.tracking.store import JobStore
from processors.tracking.web import Dashboard, authenticate

logger = logging.getLogger(__name__)

# Every asset comes from this app; inline SVG charts need no script at all.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def build_dashboard(
    store: JobStore,
    catalog: Catalog,
    codec: Codec,
    kafka: KafkaSettings,
    settings: DashboardSettings,
    tracking: TrackingSettings,
) -> Dashboard:
    """The dashboard's parts from its settings."""
    secret = settings.session_secret
    if secret is None:
        logger.warning(
            "DASHBOARD_SESSION_SECRET is unset: browser sessions end when the "
            "dashboard restarts and are not shared between replicas"
        )
    lag_reader = LagReader(kafka.librdkafka(), settings.lag_group_prefix)
    return Dashboard(
        store=store,
        catalog=catalog,
        actions=DeadLetterActions(catalog, codec, kafka),
        lag=lag_reader.groups,
        auth=Authenticator(settings),
        signer=SessionSigner(
            secret.get_secret_value().encode() if secret else secrets.token_bytes(32),
            settings.session_max_age_s,
        ),
        masker=masker_from_setting(settings.masked_fields),
        settings=settings,
        tracking=tracking,
    )


def create_app(board: Dashboard) -> FastAPI:
    app = FastAPI(
        title="SUPPLIER job history",
        description="Jobs, their attempts, dead letters and consumer lag; retry "
        "and replay. Authenticate with `Authorization: Bearer <token>`.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.dashboard = board
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api.router, prefix="/api")
    app.include_router(pages_access.router)
    app.include_router(pages.router)
    app.include_router(pages_dead_letters.router)
    app.add_exception_handler(LoginRequired, _to_login)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, _forbidden)  # type: ignore[arg-type]
    app.middleware("http")(_security_headers)
    return app


async def _to_login(request: Request, exc: LoginRequired) -> Response:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


async def _forbidden(request: Request, exc: Forbidden) -> HTMLResponse:
    return render(request, "error.html", authenticate(request), 403, message=str(exc))


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
