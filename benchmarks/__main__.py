"""`python -m benchmarks run|smoke|profile`: the benchmarks from the command line."""

import dataclasses
import logging
import signal
import sys
from pathlib import Path
from types import FrameType

import click

from benchmarks.child import run_child
from benchmarks.profile import py_spy_wrapper, summarise
from benchmarks.report import markdown, ratio_lines, table
from benchmarks.results import ScenarioResult
from benchmarks.scenarios import FULL, SMOKE, Plan
from benchmarks.spec import RunSpec
from benchmarks.suite import Suite
from processors.settings import PACKAGE_ROOT, kafka_settings

RESULTS_FILE = PACKAGE_ROOT / "benchmarks" / "results" / "latest.md"
WORK_DIR = PACKAGE_ROOT / "var" / "bench"


@click.group()
def main() -> None:
    """Benchmarks of the runtime against a bare loop and Quix Streams."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")


@main.command()
@click.option("--records", type=int, default=FULL.records, show_default=True)
@click.option("--runs", type=int, default=FULL.runs, show_default=True)
@click.option("--only", help="Comma-separated scenario slugs, e.g. a1,b,t3_b256.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=RESULTS_FILE,
    show_default=True,
    help="Markdown file the table and ratios are written to.",
)
def run(records: int, runs: int, only: str | None, output: Path) -> None:
    """Every scenario, three runs each, then the table and the ratios."""
    plan = dataclasses.replace(FULL, records=records, runs=runs)
    sys.exit(_execute(plan, only, output))


@main.command()
@click.option("--only", help="Comma-separated scenario slugs.")
def smoke(only: str | None) -> None:
    """A few thousand messages, one run each: fails when a run loses or reorders."""
    sys.exit(_execute(SMOKE, only, None))


@main.command(hidden=True)
@click.argument("spec", type=click.Path(exists=True, path_type=Path))
@click.argument("report", type=click.Path(path_type=Path))
def child(spec: Path, report: Path) -> None:
    """Run one scenario as told by SPEC and write what it measured to REPORT."""
    run_child(spec, report)


@main.command()
@click.option("--scenario", default="b", show_default=True, help="Scenario slug.")
@click.option("--records", type=int, default=50_000, show_default=True)
@click.option("--top", type=int, default=30, show_default=True)
@click.option(
    "--idle/--gil",
    default=False,
    help="Sample every thread, waiting ones too (where time goes), instead of the "
    "one holding the GIL (where Python CPU goes).",
)
def profile(scenario: str, records: int, top: int, idle: bool) -> None:
    """One run of a scenario under py-spy; prints where its time went."""
    plan = dataclasses.replace(FULL, records=records, io_records=records, runs=1)
    recordings: list[Path] = []

    def wrapper(spec: RunSpec) -> list[str]:
        recordings.append(WORK_DIR / f"{spec.run_id}.collapsed.txt")
        return py_spy_wrapper(recordings[-1], idle=idle)

    suite = Suite(plan, kafka_settings().bootstrap_servers, WORK_DIR, _echo, wrapper)
    results = suite.run([scenario], latency=False)
    runs = [run for result in results for run in result.runs]
    for recording, run in zip(recordings, runs, strict=False):
        click.echo(f"\n{recording} (collapsed stacks; speedscope opens it)")
        click.echo(summarise(recording).render(top, run.handled))
    sys.exit(_exit_code(results))


def _execute(plan: Plan, only: str | None, output: Path | None) -> int:
    # SIGTERM unwinds like Ctrl-C, so the suite still removes its topics.
    signal.signal(signal.SIGTERM, _interrupted)
    suite = Suite(plan, kafka_settings().bootstrap_servers, WORK_DIR, _echo)
    chosen = [slug.strip() for slug in only.split(",")] if only else None
    results = suite.run(chosen)
    click.echo("")
    click.echo(table(results, plan))
    click.echo("")
    for line in ratio_lines(results, plan):
        click.echo(line)
    if output is not None:
        output.write_text(markdown(results, plan))
        click.echo(f"\nwritten to {output}")
    return _exit_code(results)


def _exit_code(results: list[ScenarioResult]) -> int:
    failed = [r for r in results if r.failures]
    for result in failed:
        for failure in result.failures:
            click.echo(f"FAILED {result.scenario.name} {failure}", err=True)
    return 1 if failed else 0


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _echo(line: str) -> None:
    click.echo(line, err=True)


if __name__ == "__main__":
    main()
