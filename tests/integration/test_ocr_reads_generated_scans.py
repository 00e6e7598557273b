"""Real Tesseract reads generated scans of a registry copy and a flyer correctly."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from processors.documents.corpus.build import generate, read_truth
from processors.documents.evaluate import values_match
from processors.documents.exceptions import WrongDocumentError
from processors.documents.readers import read_certified_copy, read_maisoku
from processors.documents.reading import Reading
from processors.exceptions import NonRetryableJobError

pytestmark = pytest.mark.ocr

MIN_SHARE_RIGHT = 0.9
"""Scans are degraded on purpose; a field or so may be misread, never most."""


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Make, once per kind, the first scan of the tuning set (never evaluated)."""
    root = tmp_path_factory.mktemp("corpus")

    def make(kind: str) -> Path:
        (path,) = generate(root, "tuning", kind, 1)
        return path

    return make


def _misses(fields: dict[str, object], truth: dict[str, object]) -> list[str]:
    return [
        f"{name}: read {fields.get(name)!r}, truth {expected!r}"
        for name, expected in truth.items()
        if not values_match(fields.get(name), expected)
    ]


@pytest.mark.parametrize(
    ("kind", "reader"),
    [("certified_copy", read_certified_copy), ("maisoku", read_maisoku)],
)
def test_a_generated_scan_reads_back_its_fields(
    scan: Callable[[str], Path], kind: str, reader: Callable[[Path], Reading[Any]]
) -> None:
    """At least 90% of the fields equal the ground truth; every null has a reason."""
    path = scan(kind)
    truth = read_truth(path)

    reading = reader(path)

    fields = reading.fields.model_dump(mode="json")
    misses = _misses(fields, truth)
    assert len(misses) <= (1 - MIN_SHARE_RIGHT) * len(truth), misses
    for name, value in fields.items():
        assert (value is None) == (name in reading.reasons)
        assert 0.0 <= reading.confidence[name] <= 1.0


def test_a_flyer_given_as_a_certified_copy_is_refused(
    scan: Callable[[str], Path],
) -> None:
    """The registry reader names the flyer for what it is, for good."""
    path = scan("maisoku")

    with pytest.raises(WrongDocumentError, match="flyer") as caught:
        read_certified_copy(path)

    assert isinstance(caught.value, NonRetryableJobError)
