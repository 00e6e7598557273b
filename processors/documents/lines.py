"""Grouping recognised words into visual lines, allowing for a slightly skewed scan.

Tesseract splits a page into blocks, so two cells of one table row, or the label and
the value of a flyer, often come back as separate lines. Parsers need the visual
line, so the lines are merged again here: the page's skew is estimated from the
slope of Tesseract's own lines, word positions are straightened by it, and lines
whose straightened extents overlap vertically become one.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from statistics import median

from processors.documents.words import OcrLine, OcrWord

MAX_SKEW_DEG = 3.0
"""Skew estimates beyond this are treated as noise; scanners rarely do worse."""

MIN_SLOPE_SPAN_PX = 150
"""Lines narrower than this say too little about the page's skew."""

SAME_LINE_OVERLAP = 0.5
"""Share of the smaller height two lines must overlap vertically to be merged."""


def group_lines(words: Iterable[OcrWord]) -> list[OcrLine]:
    """Visual lines of the words, top to bottom, each ordered left to right."""
    kept = [word for word in words if word.text.strip()]
    if not kept:
        return []
    slope = estimate_slope(kept)
    fragments = _tesseract_lines(kept)
    rows = _merge_rows(fragments, slope)
    return [OcrLine(tuple(sorted(row, key=lambda word: word.left))) for row in rows]


def estimate_slope(words: list[OcrWord]) -> float:
    """The page's text slope (dy/dx), the median over Tesseract's longer lines."""
    slopes = []
    for fragment in _tesseract_lines(words):
        span = fragment[-1].left - fragment[0].left
        if len(fragment) >= 3 and span >= MIN_SLOPE_SPAN_PX:
            slopes.append(_fit_slope(fragment))
    if not slopes:
        return 0.0
    limit = math.tan(math.radians(MAX_SKEW_DEG))
    return max(-limit, min(limit, median(slopes)))


def _fit_slope(fragment: list[OcrWord]) -> float:
    xs = [word.left + word.width / 2 for word in fragment]
    ys = [float(word.bottom) for word in fragment]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / (
        spread
    )


def _tesseract_lines(words: list[OcrWord]) -> list[list[OcrWord]]:
    fragments: dict[tuple[int, int, int], list[OcrWord]] = defaultdict(list)
    for index, word in enumerate(words):
        # Words from a text layer carry no layout numbers: each is its own fragment.
        key = (word.block, word.paragraph, word.line)
        if key == (0, 0, 0):
            key = (-1, -1, index)
        fragments[key].append(word)
    return [sorted(fragment, key=lambda w: w.left) for fragment in fragments.values()]


class _Row:
    """Words being collected into one visual line, with its straightened extent."""

    def __init__(self, words: list[OcrWord], top: float, bottom: float) -> None:
        self.words = words
        self.top = top
        self.bottom = bottom

    def overlap_share(self, top: float, bottom: float) -> float:
        overlap = min(self.bottom, bottom) - max(self.top, top)
        smaller = min(self.bottom - self.top, bottom - top)
        return overlap / smaller if smaller > 0 else 0.0


def _merge_rows(fragments: list[list[OcrWord]], slope: float) -> list[list[OcrWord]]:
    extents = [(_straight_extent(fragment, slope), fragment) for fragment in fragments]
    extents.sort(key=lambda item: (item[0][0] + item[0][1]) / 2)
    rows: list[_Row] = []
    for (top, bottom), fragment in extents:
        row = _best_row(rows, top, bottom)
        if row is None:
            rows.append(_Row(list(fragment), top, bottom))
            continue
        row.words.extend(fragment)
        row.top, row.bottom = min(row.top, top), max(row.bottom, bottom)
    rows.sort(key=lambda row: row.top)
    return [row.words for row in rows]


def _best_row(rows: list[_Row], top: float, bottom: float) -> _Row | None:
    # Only recent rows can overlap a fragment, as fragments arrive top to bottom.
    candidates = [row for row in rows[-8:] if row.overlap_share(top, bottom) > 0]
    best = max(candidates, key=lambda row: row.overlap_share(top, bottom), default=None)
    if best is None or best.overlap_share(top, bottom) < SAME_LINE_OVERLAP:
        return None
    return best


def _straight_extent(fragment: list[OcrWord], slope: float) -> tuple[float, float]:
    """The fragment's core vertical extent once the skew is taken out."""
    tops = sorted(word.top - slope * word.left for word in fragment)
    bottoms = sorted(word.bottom - slope * word.left for word in fragment)
    # Medians, so a tall bracket or a small kana does not stretch the extent.
    return tops[len(tops) // 2], bottoms[len(bottoms) // 2]
