"""Words become visual lines, even when Tesseract splits a row or the scan is skewed."""

import math

import pytest

from processors.documents.lines import estimate_slope, group_lines
from processors.documents.words import OcrWord, join_words


def _fragment(
    texts: list[str], left: int, top: int, block: int, slope: float = 0.0
) -> list[OcrWord]:
    words = []
    for index, text in enumerate(texts):
        x = left + index * 60
        words.append(OcrWord(text, x, round(top + slope * x), 40, 40, 0.9, block, 1, 1))
    return words


def test_cells_of_one_row_become_one_line() -> None:
    """A label and its value read as separate blocks come back as one line."""
    words = _fragment(["所", "在"], 100, 500, block=1) + _fragment(
        ["港区", "南青山"], 600, 503, block=2
    )
    words += _fragment(["建物", "の名称"], 100, 580, block=3)

    lines = group_lines(words)

    assert [[word.text for word in line.words] for line in lines] == [
        ["所", "在", "港区", "南青山"],
        ["建物", "の名称"],
    ]


def test_skew_is_measured_and_taken_out_before_merging() -> None:
    """At 0.9° a row drifts a line height across the page, yet stays one line."""
    slope = math.tan(math.radians(0.9))
    first = _fragment(list("専有部分の家屋番号"), 100, 500, block=1, slope=slope)
    far = _fragment(list("南青山三丁目"), 1900, 500, block=2, slope=slope)
    below = _fragment(list("建物の名称です"), 100, 560, block=3, slope=slope)

    assert estimate_slope(first + far + below) == pytest.approx(slope, abs=0.002)
    lines = group_lines(first + far + below)

    assert [len(line.words) for line in lines] == [15, 7]


def test_join_words_puts_spaces_only_at_real_gaps() -> None:
    """Touching words join; a gap wider than half a character becomes a space."""
    words = [
        OcrWord("東京", 0, 0, 80, 40, 0.9),
        OcrWord("都", 82, 0, 40, 40, 0.9),
        OcrWord("徒歩5分", 200, 0, 160, 40, 0.9),
    ]

    assert join_words(words) == "東京都 徒歩5分"
