"""Charts as inline SVG, drawn on the server: no script, no outside asset.

The drawing is 360 units wide, a phone's width, and scales with its container.
Colours come from CSS classes (`series-*`), so the stylesheet themes them.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from html import escape
from typing import Protocol

from markupsafe import Markup

WIDTH = 360
HEIGHT = 170
LEFT = 40
RIGHT = 8
TOP = 24
BOTTOM = 24
PLOT_W = WIDTH - LEFT - RIGHT
PLOT_H = HEIGHT - TOP - BOTTOM
MAX_X_LABELS = 6


@dataclass(frozen=True)
class Series:
    """One named row of values; None is a gap."""

    name: str
    css: str
    values: Sequence[float | None]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * step:
            return factor * step
    return 10.0 * step


def _y(value: float, top: float) -> float:
    return TOP + PLOT_H - (value / top) * PLOT_H


def _frame(
    title: str,
    body: list[str],
    legend: Sequence[Series],
    height: int = HEIGHT,
    css: str = "chart",
) -> Markup:
    keys = []
    for n, series in enumerate(legend):
        x = LEFT + n * 100
        keys.append(
            f'<rect x="{x}" y="4" width="10" height="10" class="key {series.css}"/>'
            f'<text x="{x + 13}" y="13" class="legend">{escape(series.name)}</text>'
        )
    svg = (
        f'<svg class="{css}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(keys)}{''.join(body)}</svg>"
    )
    return Markup(svg)


def _axes(top: float, labels: Sequence[str], fmt: Callable[[float], str]) -> list[str]:
    parts = []
    for fraction in (0.0, 0.5, 1.0):
        y = _y(top * fraction, top)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="grid"/><text x="{LEFT - 3}" y="{y + 3:.1f}" class="axis" '
            f'text-anchor="end">{escape(fmt(top * fraction))}</text>'
        )
    step = max(1, -(-len(labels) // MAX_X_LABELS))
    slot = PLOT_W / max(1, len(labels))
    for index in range(0, len(labels), step):
        x = LEFT + slot * (index + 0.5)
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 6}" class="axis" '
            f'text-anchor="middle">{escape(labels[index])}</text>'
        )
    return parts


def stacked_bars(title: str, labels: Sequence[str], stacks: Sequence[Series]) -> Markup:
    """Bars per label, each series stacked on the one before."""
    totals = [sum(s.values[i] or 0 for s in stacks) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    slot = PLOT_W / max(1, len(labels))
    body = _axes(top, labels, lambda v: f"{v:g}")
    for index in range(len(labels)):
        base = 0.0
        for series in stacks:
            value = series.values[index] or 0
            if value:
                body.append(_bar(index, slot, base, value, top, series, labels))
            base += value
    return _frame(title, body, stacks)


def _bar(
    index: int,
    slot: float,
    base: float,
    value: float,
    top: float,
    series: Series,
    labels: Sequence[str],
) -> str:
    x = LEFT + slot * index + slot * 0.15
    y = _y(base + value, top)
    height = _y(base, top) - y
    tip = f"{labels[index]} {series.name}: {value:g}"
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
        f'height="{height:.1f}" class="{series.css}"><title>{escape(tip)}</title>'
        f"</rect>"
    )


def lines(
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    top: float | None = None,
) -> Markup:
    """One line per series; a point alone is drawn as a dot."""
    values = [v for s in series for v in s.values if v is not None]
    ceiling = top or _nice_max(max(values, default=0))
    slot = PLOT_W / max(1, len(labels))
    body = _axes(ceiling, labels, fmt)
    for one in series:
        body.extend(_line(one, slot, ceiling, labels, fmt))
    return _frame(title, body, series)


def _line(
    series: Series,
    slot: float,
    top: float,
    labels: Sequence[str],
    fmt: Callable[[float], str],
) -> list[str]:
    points = [
        (LEFT + slot * (i + 0.5), _y(v, top), labels[i], v)
        for i, v in enumerate(series.values)
        if v is not None
    ]
    parts = []
    if len(points) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y, _, _ in points)
        parts.append(f'<polyline points="{path}" class="line {series.css}"/>')
    for x, y, label, value in points:
        tip = f"{label} {series.name}: {fmt(value)}"
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" class="{series.css}">'
            f"<title>{escape(tip)}</title></circle>"
        )
    return parts


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def milliseconds(value: float) -> str:
    return f"{value / 1000:.1f}s" if value >= 1000 else f"{value:.0f}ms"


STATE_CSS = {
    "succeeded": "series-ok",
    "retrying": "series-warn",
    "failed": "series-bad",
    "cancelled": "series-dead",
    "running": "series-run",
    "queued": "series-wait",
}
ROW_H = 20
LABEL_W = 70


class Timed(Protocol):
    @property
    def run(self) -> int: ...
    @property
    def attempt(self) -> int: ...
    @property
    def state(self) -> str: ...
    @property
    def queued_at(self) -> datetime | None: ...
    @property
    def started_at(self) -> datetime | None: ...
    @property
    def finished_at(self) -> datetime | None: ...


def timeline(attempts: Sequence[Timed], zone: tzinfo) -> Markup:
    """Each attempt on its own row: waiting (queued to started), then running
    (started to its end), coloured by how it ended, on one time axis."""
    moments = [
        m
        for a in attempts
        for m in (a.queued_at, a.started_at, a.finished_at)
        if m is not None
    ]
    if not moments:
        return Markup("")
    start, end = min(moments), max(moments)
    span_s = max((end - start).total_seconds(), 0.001)
    height = TOP + ROW_H * len(attempts) + BOTTOM
    body = [_timeline_row(n, a, start, span_s) for n, a in enumerate(attempts)]
    body.append(_timeline_axis(start, end, zone, height))
    legend = [
        Series("waiting", "series-wait", []),
        Series("running", "series-run", []),
        Series("ended", "series-ok", []),
    ]
    return _frame("Attempt timeline", body, legend, height, "chart timeline")


def _timeline_x(moment: datetime, start: datetime, span_s: float) -> float:
    usable = WIDTH - LABEL_W - RIGHT
    return LABEL_W + (moment - start).total_seconds() / span_s * usable


def _timeline_row(index: int, attempt: Timed, start: datetime, span_s: float) -> str:
    y = TOP + ROW_H * index
    label = f"run {attempt.run} · #{attempt.attempt}"
    parts = [f'<text x="2" y="{y + 13}" class="axis">{escape(label)}</text>']
    begin = attempt.queued_at or attempt.started_at
    if begin is not None and attempt.started_at is not None:
        parts.append(
            _segment(begin, attempt.started_at, start, span_s, y, "series-wait")
        )
    if attempt.started_at is not None:
        stop = attempt.finished_at or attempt.started_at
        css = STATE_CSS.get(attempt.state, "series-run")
        parts.append(_segment(attempt.started_at, stop, start, span_s, y, css))
    return "".join(parts)


def _segment(
    begin: datetime,
    stop: datetime,
    start: datetime,
    span_s: float,
    y: float,
    css: str,
) -> str:
    x1 = _timeline_x(begin, start, span_s)
    width = max(1.5, _timeline_x(stop, start, span_s) - x1)
    return (
        f'<rect x="{x1:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW_H - 8}" '
        f'class="{css}"/>'
    )


def _timeline_axis(start: datetime, end: datetime, zone: tzinfo, height: int) -> str:
    first = start.astimezone(zone).strftime("%H:%M:%S")
    last = end.astimezone(zone).strftime("%H:%M:%S")
    y = height - 6
    return (
        f'<text x="{LABEL_W}" y="{y}" class="axis">{first}</text>'
        f'<text x="{WIDTH - RIGHT}" y="{y}" class="axis" text-anchor="end">{last}'
        f"</text>"
    )
