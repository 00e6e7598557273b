"""The child side of a run: import the engine, run it within its budget, and
report what the budget measured."""

import logging
from collections.abc import Callable
from pathlib import Path

from benchmarks.budget import Budget
from benchmarks.spec import ChildReport, RunSpec


def run_child(spec_path: Path, report_path: Path) -> None:
    logging.basicConfig(level=logging.WARNING)
    spec = RunSpec.load(spec_path)
    engine = _engine(spec)
    budget = Budget(spec)
    handled = engine(spec, budget)
    report = ChildReport(
        handled=handled,
        out_of_time=budget.out_of_time,
        cpu_us_per_message=budget.cpu_us_per_message(),
    )
    report.save(report_path)


def _engine(spec: RunSpec) -> Callable[[RunSpec, Budget], int]:
    """The engine's run function, imported before the clock starts."""
    if spec.engine == "runtime":
        from benchmarks.runtime_run import run_runtime

        return run_runtime
    if spec.engine == "quix":
        import quixstreams  # noqa: F401  (its import is start-up, not work)

        from benchmarks.quix_run import run_quix

        return run_quix
    from benchmarks.loops import Loop

    return lambda spec, budget: Loop(spec, budget).run()
