"""The parsers read every field from real Tesseract output of generated scans.

The fixtures hold what Tesseract returned for a few scans (misread 余白, phantom
letters, split labels and all) next to the fields the scans were generated from;
`tests/fixtures/ocr/make_fixtures.py` writes them.
"""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from processors.documents.certified_copy import parse_certified_copy
from processors.documents.evaluate import values_match
from processors.documents.maisoku import parse_maisoku
from processors.documents.reading import Reading
from processors.documents.words import PageText

FIXTURES = Path(__file__).parents[2] / "fixtures" / "ocr"
PARSERS: dict[str, Callable[[list[PageText]], Reading[Any]]] = {
    "certified_copy": parse_certified_copy,
    "maisoku": parse_maisoku,
}


@pytest.mark.parametrize("name", sorted(path.stem for path in FIXTURES.glob("*.json")))
def test_every_field_matches_the_truth(name: str) -> None:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    pages = [PageText.from_dict(page) for page in data["pages"]]

    fields = PARSERS[data["kind"]](pages).fields.model_dump(mode="json")

    misses = {
        field: (fields.get(field), truth)
        for field, truth in data["truth"].items()
        if not values_match(fields.get(field), truth)
    }
    assert misses == {}
