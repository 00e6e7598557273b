"""Finding printed labels and their values on recognised pages, without coordinates.

A line is cut into segments where the gap between words is wide (a table cell
border, a column gutter). A label's value is the rest of its segment, else the next
segment to its right, else the text just below it (cards and column headers).
"""

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from statistics import mean

from processors.documents import fuzzy
from processors.documents.lines import estimate_slope
from processors.documents.normalize import compact
from processors.documents.words import OcrLine, OcrWord, PageText

SEGMENT_GAP_RATIO = 1.6
"""A gap wider than this many character heights separates two segments."""

SPACED_LABEL_GAP = 4.0
"""The widest gap (in character heights) between the letters of a spaced label."""

BELOW_LINES = 2.6
"""How far below a label (in its line heights) its value may start."""

LEADING_MARKS = re.compile(r"^[■□●○◆◇▲△▼▽★☆※・*\-−ー|｜()（）【】\[\]「」:：]+")
"""Bullets and brackets OCR reads before a label."""


@dataclass(frozen=True)
class Piece:
    """Compact text (NFKC, no spaces) remembering the word each character came from."""

    text: str
    owners: tuple[int, ...]
    words: tuple[OcrWord, ...]

    @classmethod
    def of(cls, words: Iterable[OcrWord]) -> "Piece":
        ordered = tuple(words)
        chars: list[str] = []
        owners: list[int] = []
        for index, word in enumerate(ordered):
            text = compact(word.text)
            chars.append(text)
            owners.extend([index] * len(text))
        return cls("".join(chars), tuple(owners), ordered)

    def slice(self, start: int, end: int | None = None) -> "Piece":
        """The piece's characters from start to end, with only the words they use."""
        stop = len(self.text) if end is None else end
        used = sorted(set(self.owners[start:stop]))
        remap = {old: new for new, old in enumerate(used)}
        return Piece(
            self.text[start:stop],
            tuple(remap[owner] for owner in self.owners[start:stop]),
            tuple(self.words[index] for index in used),
        )

    def strip(self, characters: str = ":：;、,。.・|｜ ") -> "Piece":
        """The piece without the given characters at either end."""
        start, end = 0, len(self.text)
        while start < end and self.text[start] in characters:
            start += 1
        while end > start and self.text[end - 1] in characters:
            end -= 1
        return self.slice(start, end)

    @property
    def confidence(self) -> float:
        return mean(word.confidence for word in self.words) if self.words else 0.0

    @property
    def left(self) -> int:
        return min(word.left for word in self.words)

    @property
    def right(self) -> int:
        return max(word.right for word in self.words)

    def x_of(self, index: int) -> float:
        """The approximate x position of a character, interpolated inside its word."""
        owner = self.owners[index]
        word = self.words[owner]
        first = self.owners.index(owner)
        count = self.owners.count(owner)
        return word.left + word.width * (index - first) / max(count, 1)


@dataclass(frozen=True)
class Line:
    """A visual line of a document, cut into segments at wide gaps.

    `slope` is its page's skew (dy/dx of the text lines), so that positions far
    apart on a skewed page can be compared with `straight_x`.
    """

    page: int
    index: int
    ocr: OcrLine
    slope: float = 0.0

    def straight_x(self, x: float, y: float) -> float:
        """Where the point (x, y) would be across the page were the scan straight.

        A page turned by an angle shears its columns the opposite way to its
        lines, so a column edge drifts by the slope for every pixel down the page.
        """
        return x + self.slope * y

    @cached_property
    def segments(self) -> tuple[Piece, ...]:
        return tuple(Piece.of(words) for words in split_at_gaps(self.ocr.words))

    @cached_property
    def piece(self) -> Piece:
        return Piece.of(self.ocr.words)

    @property
    def text(self) -> str:
        return self.piece.text

    @property
    def top(self) -> int:
        return self.ocr.top

    @property
    def bottom(self) -> int:
        return self.ocr.bottom

    @property
    def height(self) -> float:
        return self.ocr.char_height


def split_at_gaps(words: Sequence[OcrWord]) -> list[list[OcrWord]]:
    """Words of a line grouped into runs split at gaps wider than a few characters."""
    if not words:
        return []
    height = sorted(word.height for word in words)[len(words) // 2]
    groups = [[words[0]]]
    for before, after in itertools.pairwise(words):
        if after.left - before.right > SEGMENT_GAP_RATIO * height:
            groups.append([])
        groups[-1].append(after)
    return groups


def document_lines(pages: Sequence[PageText]) -> list[Line]:
    """Every line of every page, in reading order, numbered across the document."""
    lines: list[Line] = []
    for page in pages:
        slope = estimate_slope([word for line in page.lines for word in line.words])
        for ocr_line in page.lines:
            lines.append(Line(page.number, len(lines), ocr_line, slope))
    return lines


@dataclass(frozen=True)
class Hit:
    """A label found on a line: its segment and the text after it in that segment."""

    line: Line
    segment: int
    label: str
    rest: Piece
    errors: int


def label_at_start(piece: Piece, label: str) -> tuple[Piece, int] | None:
    """The text after `label` if the piece starts with it (allowing OCR errors)."""
    marks = LEADING_MARKS.match(piece.text)
    offset = marks.end() if marks else 0
    text = piece.text[offset:]
    found = fuzzy.starts_with(text, label, fuzzy.allowed_label_errors(label))
    if found is not None:
        return piece.slice(offset + found.end).strip(), found.errors
    # A two-letter label spaced out (所　在) may catch a stray mark between them.
    if (
        len(label) == 2
        and len(text) >= 3
        and text[0] == label[0]
        and text[2] == label[1]
    ):
        return piece.slice(offset + 3).strip(), 1
    return None


def find_label(
    lines: Sequence[Line], labels: Sequence[str], all_labels: Sequence[str] = ()
) -> Hit | None:
    """The segment that starts with one of the labels most exactly, topmost first.

    A segment counts only if no other known label (`all_labels`) fits its start
    better, so 所在地 is not taken for 所在階; a misread segment that fits two
    labels equally (所在隙) counts for both, but an exact match elsewhere wins.
    Labels printed letter-spaced (所　　在) come out as one-character segments,
    joined here before matching.
    """
    known = tuple(sorted({*labels, *all_labels}))
    best: Hit | None = None
    for line in lines:
        for position in range(len(line.segments)):
            last, segment = _spaced_label(line.segments, position)
            found = _best_label(segment, known)
            if found is None or (best is not None and found.errors >= best.errors):
                continue
            wanted = [label for label in found.labels if label in labels]
            if wanted:
                best = Hit(line, last, wanted[0], found.rest, found.errors)
    return best


def _spaced_label(segments: Sequence[Piece], position: int) -> tuple[int, Piece]:
    """The segment at `position`, joined with the following ones while each holds a
    single character close to the last: a letter-spaced label (所　在　地)."""
    last = position
    words = list(segments[position].words)
    while (
        len(segments[last].text) == 1
        and last + 1 < len(segments)
        and _gap(segments[last], segments[last + 1])
        <= SPACED_LABEL_GAP * _height(segments[last])
    ):
        last += 1
        words.extend(segments[last].words)
    return last, Piece.of(words)


def _gap(before: Piece, after: Piece) -> float:
    return after.left - before.right


def _height(piece: Piece) -> float:
    return max(word.height for word in piece.words)


@dataclass(frozen=True)
class _LabelMatch:
    """The labels a segment starts with equally well, and the text after them."""

    labels: tuple[str, ...]
    rest: Piece
    errors: int


@lru_cache(maxsize=4096)
def _best_label(segment: Piece, labels: tuple[str, ...]) -> _LabelMatch | None:
    """The labels the segment starts with: fewest errors, then longest."""
    found = []
    for label in labels:
        if not _may_start_with(segment.text, label):
            continue
        match = label_at_start(segment, label)
        if match is not None:
            found.append((match[1], -len(label), label, match[0]))
    if not found:
        return None
    errors, length, _, rest = min(found, key=lambda item: item[:3])
    tied = tuple(item[2] for item in found if item[:2] == (errors, length))
    return _LabelMatch(tied, rest, errors)


def _may_start_with(text: str, label: str) -> bool:
    # A cheap test before the edit distance: enough of the label's letters must
    # appear near the start of the text.
    window = set(text[: len(label) + 4])
    present = sum(1 for char in label if char in window)
    return present >= len(label) - max(1, fuzzy.allowed_label_errors(label))


def starts_with_any(piece: Piece, labels: Sequence[str]) -> bool:
    """Whether the piece starts with any of the labels."""
    return _best_label(piece, tuple(sorted(set(labels)))) is not None


def value_right(hit: Hit, all_labels: Sequence[str]) -> Piece | None:
    """The label's value on its own line: the rest of its segment, else the next one."""
    if hit.rest.text:
        return hit.rest
    following = hit.line.segments[hit.segment + 1 : hit.segment + 2]
    if following and not starts_with_any(following[0], all_labels):
        return following[0].strip()
    return None


def value_below(
    hit: Hit, lines: Sequence[Line], all_labels: Sequence[str]
) -> Piece | None:
    """The text just under the label, within the label's column."""
    segment = hit.line.segments[hit.segment]
    tolerance = hit.line.height
    siblings = hit.line.segments[hit.segment + 1 :]
    limit = siblings[0].left if siblings else float("inf")
    reach = hit.line.bottom + BELOW_LINES * max(hit.line.height, 1)
    for line in lines[hit.line.index + 1 :]:
        if line.page != hit.line.page or line.top > reach:
            return None
        words = [
            word
            for word in line.ocr.words
            if segment.left - tolerance <= word.left + word.width / 2 < limit
        ]
        if words:
            first = split_at_gaps(words)[0]
            piece = Piece.of(first).strip()
            return None if starts_with_any(piece, all_labels) else piece
    return None


def labelled_value(
    lines: Sequence[Line], labels: Sequence[str], all_labels: Sequence[str]
) -> tuple[Hit, Piece] | None:
    """The value of a label: to its right, else below it.

    Labels are tried in the given order, so a precise label (表面利回り) wins over
    a loose one (利回り) printed higher up.
    """
    for label in labels:
        hit = find_label(lines, (label,), all_labels)
        if hit is None:
            continue
        value = value_right(hit, all_labels) or value_below(hit, lines, all_labels)
        if value is not None and value.text:
            return hit, value
    return None
