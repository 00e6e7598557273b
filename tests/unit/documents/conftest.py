"""Factories for recognised pages laid out by hand, as Tesseract would return them."""

import math
from collections.abc import Callable, Sequence
from dataclasses import replace

import pytest

from processors.documents.words import OcrLine, OcrWord, PageText, TextSource

Cell = tuple[int, str]
"""Where a run of text starts (x in pixels) and the text; spaces split words."""

PageFactory = Callable[..., PageText]

CHAR_PX = 40
LINE_PX = 60


def _words(cell: Cell, top: int, confidence: float, row: int) -> list[OcrWord]:
    x, text = cell
    words = []
    for chunk in text.split(" "):
        if chunk:
            width = CHAR_PX * len(chunk)
            words.append(
                OcrWord(chunk, x, top, width, CHAR_PX - 4, confidence, 1, 1, row + 1)
            )
            x += width
        x += CHAR_PX
    return words


def _turned(word: OcrWord, angle_deg: float, centre: tuple[float, float]) -> OcrWord:
    """The word where a scan turned by the angle about the centre puts it."""
    angle = math.radians(angle_deg)
    dx, dy = word.left - centre[0], word.top - centre[1]
    left = centre[0] + dx * math.cos(angle) - dy * math.sin(angle)
    top = centre[1] + dx * math.sin(angle) + dy * math.cos(angle)
    return replace(word, left=round(left), top=round(top))


@pytest.fixture
def make_page() -> PageFactory:
    """Build a page from rows of cells; an empty row leaves a blank line.

    Each row is one Tesseract line; `angle_deg` turns the page as a skewed scan.
    """

    def build(
        rows: Sequence[Sequence[Cell]],
        *,
        number: int = 1,
        confidence: float = 0.9,
        height_px: int = 3508,
        angle_deg: float = 0.0,
    ) -> PageText:
        lines = []
        for index, row in enumerate(rows):
            top = 100 + index * LINE_PX
            words = [w for cell in row for w in _words(cell, top, confidence, index)]
            words = [_turned(w, angle_deg, (1240, height_px / 2)) for w in words]
            if words:
                lines.append(OcrLine(tuple(words)))
        return PageText(number, 2480, height_px, 300, TextSource.OCR, tuple(lines))

    return build
