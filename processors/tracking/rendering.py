"""Rendering pages: the template folder, the filters templates use, and the
context every page gets (who is logged in, their CSRF token, the menu)."""

import json
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from processors.tracking.access import Principal
from processors.tracking.web import dashboard

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"

MENU = (
    ("overview", "/", "Overview", "viewer"),
    ("jobs", "/jobs", "Jobs", "viewer"),
    ("dead-letters", "/dead-letters", "Dead letters", "viewer"),
    ("reports", "/reports", "Reports", "viewer"),
    ("admin", "/admin", "Admin", "admin"),
)
STATES = ("queued", "running", "retrying", "succeeded", "failed", "cancelled")
STATE_LABELS = {
    "queued": "queued",
    "running": "running",
    "retrying": "retrying",
    "succeeded": "succeeded",
    "failed": "failed · dead letter",
    "cancelled": "cancelled",
    "unknown": "unknown",
}

templates = Jinja2Templates(directory=TEMPLATES_DIR)


def when(moment: datetime | None, zone: tzinfo, seconds: bool = True) -> str:
    if moment is None:
        return "–"
    shown = moment.astimezone(zone)
    return shown.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%m-%d %H:%M")


def duration(ms: int | float | None) -> str:
    if ms is None:
        return "–"
    if ms < 1000:
        return f"{ms:.0f} ms"
    if ms < 120_000:
        return f"{ms / 1000:.1f} s"
    return f"{ms / 60_000:.1f} min"


def pretty_json(text: str | None) -> str:
    """JSON indented for reading; anything else as it is."""
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


templates.env.filters["duration"] = duration
templates.env.filters["pct"] = pct
templates.env.filters["pretty_json"] = pretty_json
templates.env.globals["STATES"] = STATES
templates.env.globals["STATE_LABELS"] = STATE_LABELS


def render(
    request: Request,
    name: str,
    principal: Principal | None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    board = dashboard(request)
    zone = board.zone
    page: dict[str, Any] = {
        "principal": principal,
        "csrf": board.signer.csrf_token(principal) if principal else "",
        "menu": [m for m in MENU if principal and principal.may(m[3])],  # type: ignore[arg-type]
        "when": lambda moment, seconds=True: when(moment, zone, seconds),
        "zone_name": board.settings.timezone,
        **context,
    }
    return templates.TemplateResponse(request, name, page, status_code=status_code)
