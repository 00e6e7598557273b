"""Field accuracy and CPU cost of the readers on generated scans.

`python -m processors.documents.evaluate` generates the held-out set if it is
missing, reads every document and prints, for each kind, the accuracy of each field
and overall, and the CPU seconds per page (this process and its children).

A field matches when the read value equals the truth after normalisation: strings
compared in NFKC with all whitespace removed; numbers exactly, floats within 0.01;
dates and ratios as strings; mortgages as sets of (amount, normalised mortgagee).
A null read matches only a null truth.
"""

import argparse
import json
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from processors.documents.corpus.build import KINDS, generate, read_truth
from processors.documents.exceptions import DocumentsError
from processors.documents.normalize import compact
from processors.documents.pages import load_pages
from processors.documents.readers import read_certified_copy, read_maisoku
from processors.documents.settings import OcrSettings

FLOAT_TOLERANCE = 0.01
TARGET_ACCURACY = 0.95
READERS: dict[str, Callable[..., Any]] = {
    "certified_copy": read_certified_copy,
    "maisoku": read_maisoku,
}


def values_match(read: object, truth: object) -> bool:
    """Whether a read value counts as correct for the truth (see the module doc)."""
    if read is None or truth is None:
        return read is None and truth is None
    if isinstance(truth, list) and isinstance(read, list):
        return _mortgage_set(read) == _mortgage_set(truth)
    if isinstance(truth, float) or isinstance(read, float):
        return isinstance(read, int | float) and abs(float(read) - float(truth)) <= (  # type: ignore[arg-type]
            FLOAT_TOLERANCE
        )
    if isinstance(truth, str):
        return isinstance(read, str) and compact(read) == compact(truth)
    return read == truth


def _mortgage_set(mortgages: list[Any]) -> set[tuple[int, str]]:
    return {(int(item["amount_yen"]), compact(item["mortgagee"])) for item in mortgages}


@dataclass
class KindReport:
    """Results for one kind of document."""

    kind: str
    documents: int = 0
    pages: int = 0
    cpu_s: float = 0.0
    wall_s: float = 0.0
    right: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    wrong: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    null: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    failures: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        total = (
            sum(self.right.values())
            + sum(self.wrong.values())
            + sum(self.null.values())
        )
        return sum(self.right.values()) / total if total else 0.0

    def field_accuracy(self, name: str) -> float:
        total = self.right[name] + self.wrong[name] + self.null[name]
        return self.right[name] / total if total else 0.0


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def evaluate_kind(kind: str, paths: list[Path], settings: OcrSettings) -> KindReport:
    """Read every document of one kind and compare it with its truth."""
    report = KindReport(kind)
    for path in paths:
        truth = read_truth(path)
        report.pages += len(load_pages(path, dpi=72))
        started_cpu, started = _cpu_s(), time.perf_counter()
        try:
            fields = READERS[kind](path, settings=settings).fields.model_dump(
                mode="json"
            )
        except DocumentsError as exc:
            report.failures.append(f"{path.name}: {exc}")
            fields = {}
        report.cpu_s += _cpu_s() - started_cpu
        report.wall_s += time.perf_counter() - started
        report.documents += 1
        _score(report, path, fields, truth)
    return report


def _score(
    report: KindReport, path: Path, fields: dict[str, Any], truth: dict[str, Any]
) -> None:
    for name, expected in truth.items():
        got = fields.get(name)
        if values_match(got, expected):
            report.right[name] += 1
            continue
        (report.null if got is None else report.wrong)[name] += 1
        report.misses.append(f"{path.name} {name}: read {got!r}, truth {expected!r}")


def print_report(report: KindReport, *, verbose: bool) -> None:
    """Per-field and overall accuracy, and CPU per page, for one kind."""
    print(f"\n== {report.kind}: {report.documents} documents, {report.pages} pages")
    print(f"{'field':24} {'accuracy':>8} {'wrong':>6} {'null':>6}")
    for name in sorted(set(report.right) | set(report.wrong) | set(report.null)):
        print(
            f"{name:24} {report.field_accuracy(name):8.3f} "
            f"{report.wrong[name]:6d} {report.null[name]:6d}"
        )
    print(f"{'overall':24} {report.accuracy:8.3f}")
    pages = max(report.pages, 1)
    print(
        f"CPU s/page {report.cpu_s / pages:.2f}, "
        f"wall s/page {report.wall_s / pages:.2f}"
    )
    for failure in report.failures:
        print(f"  failed: {failure}")
    if verbose:
        for miss in report.misses:
            print(f"  miss: {miss}")


def main(argv: list[str] | None = None) -> int:
    """Evaluate the readers; exit 1 if a kind falls below the target accuracy."""
    arguments = _arguments(argv)
    # One page at a time in this process: pool workers are children of the
    # forkserver, whose CPU time never reaches this process's children count.
    overrides: dict[str, Any] = {"max_workers": 1}
    if arguments.preprocess is not None:
        overrides["preprocess"] = arguments.preprocess
    if arguments.languages:
        overrides["languages"] = arguments.languages
    settings = OcrSettings(**overrides)
    reports = []
    for kind in arguments.kind or KINDS:
        paths = generate(arguments.corpus, arguments.set, kind, arguments.count)
        report = evaluate_kind(kind, paths, settings)
        print_report(report, verbose=arguments.verbose)
        reports.append(report)
    if arguments.json:
        arguments.json.write_text(json.dumps([_summary(r) for r in reports], indent=2))
    return 0 if all(r.accuracy >= arguments.target for r in reports) else 1


def _summary(report: KindReport) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "documents": report.documents,
        "pages": report.pages,
        "accuracy": round(report.accuracy, 4),
        "cpu_s_per_page": round(report.cpu_s / max(report.pages, 1), 3),
        "fields": {
            name: round(report.field_accuracy(name), 4) for name in sorted(report.right)
        },
    }


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("heldout", "tuning"), default="heldout")
    parser.add_argument("--kind", choices=KINDS, action="append")
    parser.add_argument("--count", type=int, default=12, help="documents of each kind")
    parser.add_argument("--corpus", type=Path, default=Path("var/corpus"))
    parser.add_argument("--preprocess", help="override PROCESSORS_OCR_PREPROCESS")
    parser.add_argument("--languages", help="override PROCESSORS_OCR_LANGUAGES")
    parser.add_argument("--target", type=float, default=TARGET_ACCURACY)
    parser.add_argument("--json", type=Path, help="also write a summary here")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
