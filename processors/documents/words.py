"""Recognised words, the visual lines they form, and the text of a page."""

import itertools
from dataclasses import dataclass
from enum import StrEnum
from statistics import median
from typing import Any


@dataclass(frozen=True, slots=True)
class OcrWord:
    """A word with its box in page pixels and a confidence from 0 to 1.

    `block`, `paragraph` and `line` are Tesseract's layout numbers (1-based); words
    taken from a PDF text layer carry 0 for all three.
    """

    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float
    block: int = 0
    paragraph: int = 0
    line: int = 0

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height

    @property
    def center_y(self) -> float:
        return self.top + self.height / 2


@dataclass(frozen=True, slots=True)
class OcrLine:
    """Words that sit on one visual line of a page, ordered left to right."""

    words: tuple[OcrWord, ...]

    @property
    def text(self) -> str:
        """The words joined, with one space wherever the gap is wider than a space."""
        return join_words(self.words)

    @property
    def left(self) -> int:
        return min(word.left for word in self.words)

    @property
    def right(self) -> int:
        return max(word.right for word in self.words)

    @property
    def top(self) -> int:
        return min(word.top for word in self.words)

    @property
    def bottom(self) -> int:
        return max(word.bottom for word in self.words)

    @property
    def char_height(self) -> float:
        """The median word height, a robust measure of the line's font size."""
        return float(median(word.height for word in self.words))

    @property
    def confidence(self) -> float:
        return min(word.confidence for word in self.words)


class TextSource(StrEnum):
    """Where a page's text came from."""

    TEXT_LAYER = "text_layer"
    OCR = "ocr"


@dataclass(frozen=True, slots=True)
class PageText:
    """The lines of one page, top to bottom, in pixels of the page at `dpi`."""

    number: int
    width_px: int
    height_px: int
    dpi: int
    source: TextSource
    lines: tuple[OcrLine, ...]

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def as_dict(self) -> dict[str, Any]:
        """The page as JSON-ready data; each word is [text, left, top, width,
        height, confidence, block, paragraph, line]."""
        return {
            "number": self.number,
            "width_px": self.width_px,
            "height_px": self.height_px,
            "dpi": self.dpi,
            "source": self.source.value,
            "lines": [
                [[getattr(word, name) for name in _WORD_FIELDS] for word in line.words]
                for line in self.lines
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PageText":
        """The page written by `as_dict`."""
        lines = tuple(
            OcrLine(tuple(OcrWord(*word) for word in line)) for line in data["lines"]
        )
        return cls(
            number=data["number"],
            width_px=data["width_px"],
            height_px=data["height_px"],
            dpi=data["dpi"],
            source=TextSource(data["source"]),
            lines=lines,
        )


_WORD_FIELDS = (
    "text",
    "left",
    "top",
    "width",
    "height",
    "confidence",
    "block",
    "paragraph",
    "line",
)


SPACE_GAP_RATIO = 0.45
"""A gap wider than this share of the character height counts as a space."""


def join_words(words: tuple[OcrWord, ...] | list[OcrWord]) -> str:
    """Join words left to right, putting a space only where the page shows one."""
    if not words:
        return ""
    height = median(word.height for word in words)
    parts = [words[0].text]
    for before, after in itertools.pairwise(words):
        if after.left - before.right > SPACE_GAP_RATIO * height:
            parts.append(" ")
        parts.append(after.text)
    return "".join(parts)
