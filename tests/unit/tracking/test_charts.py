import re
from datetime import UTC, datetime, timedelta

from processors.tracking import charts
from processors.tracking.charts import Series
from processors.tracking.views import AttemptOut, Coordinates

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def heights(svg: str, css: str) -> list[float]:
    pattern = (
        rf'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)" class="{css}"'
    )
    return [float(h) for h in re.findall(pattern, svg)]


def test_stacked_bars_are_as_tall_as_their_values() -> None:
    """Two and four units stack; the scale rounds up to a readable maximum."""
    svg = str(
        charts.stacked_bars(
            "Attempts",
            ["09:00", "10:00"],
            [Series("ok", "series-ok", [2, 4]), Series("bad", "series-bad", [0, 4])],
        )
    )

    ok, bad = heights(svg, "series-ok"), heights(svg, "series-bad")

    assert ok[1] == bad[0] == 2 * ok[0]
    assert len(bad) == 1
    assert ">10<" in svg and 'aria-label="Attempts"' in svg


def test_labels_are_escaped_and_gaps_are_not_drawn() -> None:
    """A job name cannot inject markup; None leaves a point out."""
    svg = str(
        charts.lines(
            "<script>",
            ["a", "b", "c"],
            [Series("<b>", "series-bad", [0.5, None, 0.25])],
            fmt=charts.percent,
            top=1.0,
        )
    )

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert svg.count("<circle") == 2
    assert "50%" in svg


def test_the_timeline_has_a_row_per_attempt_coloured_by_its_end() -> None:
    """Waiting and running segments per attempt, on one axis."""

    def attempt(n: int, state: str, start_s: int) -> AttemptOut:
        nowhere = Coordinates(topic=None, partition=None, offset=None)
        return AttemptOut(
            run=1,
            attempt=n,
            state=state,
            consumed=nowhere,
            queued_at=T0 + timedelta(seconds=start_s),
            started_at=T0 + timedelta(seconds=start_s + 1),
            finished_at=T0 + timedelta(seconds=start_s + 3),
            duration_ms=2000,
            next_attempt_at=None,
            error_type=None,
            error_message=None,
            trace_id=None,
            outcome=nowhere,
        )

    svg = str(
        charts.timeline([attempt(1, "retrying", 0), attempt(2, "succeeded", 10)], UTC)
    )

    assert "run 1 · #1" in svg and "run 1 · #2" in svg
    assert len(heights(svg, "series-warn")) == 1
    assert len(heights(svg, "series-ok")) == 1
    assert "09:00:00" in svg and "09:00:13" in svg
    assert str(charts.timeline([], UTC)) == ""
