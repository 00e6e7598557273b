"""Reading the boxed tables of a registry copy: columns under a header, entries
(順位番号) of the rights sections, and the labelled items inside an entry."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from processors.documents import fuzzy
from processors.documents.layout import LEADING_MARKS, Line, Piece, label_at_start
from processors.documents.words import OcrWord

RIGHTS_HEADER = ("順位番号", "登記の目的", "受付年月日", "権利者その他の事項")

ITEM_LABELS = (
    "原因",
    "所有者",
    "共有者",
    "持分",
    "債権額",
    "極度額",
    "債権の範囲",
    "利息",
    "損害金",
    "債務者",
    "抵当権者",
    "根抵当権者",
    "取扱店",
    "共同担保",
    "順位",
)
"""Labels that open an item in the 権利者その他の事項 column."""

_ADDRESS_END = re.compile(
    r"^(?P<address>.*(?:\d+号|\d+番地\d*|\d+番\d+|番地))(?P<name>.+)$"
)


def header_columns(line: Line, labels: Sequence[str]) -> list[float] | None:
    """The left edge of each labelled column of a header line; None if one lacks."""
    starts = []
    for label in labels:
        # Every label must be there, in order, so one misread letter can be allowed.
        found = fuzzy.find(line.text, label, max(1, fuzzy.allowed_errors(label)))
        if found is None:
            return None
        x = line.piece.x_of(_cell_start(line.text, found.start))
        starts.append(line.straight_x(x, (line.top + line.bottom) / 2))
    return starts if starts == sorted(starts) else None


def _cell_start(text: str, start: int) -> int:
    # Column headers are numbered, ①種類 reading as 1種類: the cell starts at the
    # number, unless that digit ends a unit such as m2 (㎡).
    unit = start >= 2 and text[start - 2].isascii() and text[start - 2].isalpha()
    if start > 0 and text[start - 1].isdigit() and not unit:
        return start - 1
    return start


def split_columns(line: Line, starts: Sequence[float]) -> list[Piece]:
    """The line's words grouped by the column they start in (`starts` are column
    edges as `header_columns` gives them, straightened for the page's skew)."""
    tolerance = line.height * 0.8
    groups: list[list[OcrWord]] = [[] for _ in starts]
    for word in line.ocr.words:
        left = line.straight_x(word.left, word.center_y)
        column = 0
        for index, start in enumerate(starts):
            if left >= start - tolerance:
                column = index
        groups[column].append(word)
    return [Piece.of(words) for words in groups]


@dataclass
class Entry:
    """One numbered entry of a rights section, its columns gathered over its lines.

    `number_read` is False when the 順位番号 was illegible and the number was
    taken as one more than the previous entry's.
    """

    number: int
    number_read: bool = True
    purpose: list[Piece] = field(default_factory=list)
    rights: list[Piece] = field(default_factory=list)

    @property
    def purpose_text(self) -> str:
        return "".join(piece.text for piece in self.purpose)


ENTRY_PURPOSE = re.compile(
    r"^(?:\d+番)?(?:付記\d+号)?.*?(?:所有権|抵当権|根抵当権|賃借権|地上権|差押|仮登記|"
    r"買戻|抹消|変更|更正)"
)
"""The start of a 登記の目的: a line opening with it opens an entry."""


def rights_columns(lines: Sequence[Line]) -> list[float] | None:
    """The column edges of the first 順位番号… header row among the lines."""
    for line in lines:
        columns = header_columns(line, RIGHTS_HEADER)
        if columns is not None:
            return columns
    return None


def entries(lines: Sequence[Line], starts: list[float] | None = None) -> list[Entry]:
    """The numbered entries of a rights section (甲区 or 乙区), in order.

    `starts` are column edges to use until a header row is met, for a section
    whose header was not read or that continues on a new page.
    """
    found: list[Entry] = []
    for line in lines:
        columns = header_columns(line, RIGHTS_HEADER)
        if columns is not None:
            starts = columns
            continue
        if starts is None:
            continue
        number, purpose, _, rights = split_columns(line, starts)
        opened = _opened_entry(number.strip().text, purpose.text, found)
        if opened is not None:
            found.append(opened)
        if found:
            _extend(found[-1], purpose, rights)
    return found


def _opened_entry(number: str, purpose: str, found: list[Entry]) -> Entry | None:
    if re.fullmatch(r"\d{1,3}", number):
        return Entry(int(number))
    # An illegible number still opens an entry when a new purpose starts beside it.
    if number and ENTRY_PURPOSE.match(purpose):
        previous = found[-1].number if found else 0
        return Entry(previous + 1, number_read=False)
    return None


def _extend(entry: Entry, purpose: Piece, rights: Piece) -> None:
    if purpose.text:
        entry.purpose.append(purpose)
    if rights.text:
        entry.rights.append(rights)


@dataclass
class Item:
    """A labelled item of an entry (原因, 所有者, 債権額…): the text after the
    label on its first line and any continuation lines."""

    label: str
    lines: list[Piece]

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.lines)

    @property
    def confidence(self) -> float:
        words = [word for piece in self.lines for word in piece.words]
        return sum(word.confidence for word in words) / len(words) if words else 0.0


def items(entry: Entry) -> list[Item]:
    """The entry's rights column cut into labelled items."""
    found: list[Item] = []
    for piece in entry.rights:
        labelled = _item_label(piece)
        if labelled is not None:
            label, rest = labelled
            found.append(Item(label, [rest] if rest.text else []))
        elif found:
            found[-1].lines.append(piece.strip())
    return found


_CAUSE_WITH_DATE = re.compile(r"^(?P<label>..)(?=(明治|大正|昭和|平成|令和)\d)")
"""原因 misread still shows by the date that follows it."""


def _item_label(piece: Piece) -> tuple[str, Piece] | None:
    best: tuple[int, int, str, Piece] | None = None
    for label in ITEM_LABELS:
        match = label_at_start(piece, label)
        if match is not None and (best is None or (match[1], -len(label)) < best[:2]):
            best = (match[1], -len(label), label, match[0])
    if best is not None:
        return best[2], best[3]
    cause = _CAUSE_WITH_DATE.match(piece.text)
    if cause and ("原" in cause["label"] or "因" in cause["label"]):
        return "原因", piece.slice(cause.end())
    return None


def item(found: Sequence[Item], label: str) -> Item | None:
    """The first item with the label."""
    return next((candidate for candidate in found if candidate.label == label), None)


def split_party(party: Item) -> tuple[str, str] | None:
    """(address, name) of a party item: the name is its last line, or follows the
    address's closing 号/番地 when both share one line."""
    lines = [piece.text for piece in party.lines if piece.text]
    lines = [
        text for text in lines if not LEADING_MARKS.sub("", text).startswith("取扱店")
    ]
    if len(lines) >= 2:
        return "".join(lines[:-1]), lines[-1]
    if len(lines) == 1:
        match = _ADDRESS_END.match(lines[0])
        if match:
            return match["address"], match["name"]
    return None
