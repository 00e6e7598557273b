"""Parsing the OCR lines of a certified copy (全部事項証明書, 区分建物) into fields."""

import logging
import re
from collections.abc import Sequence
from enum import StrEnum

from processors.documents import fuzzy
from processors.documents.exceptions import WrongDocumentError
from processors.documents.layout import (
    Line,
    Piece,
    document_lines,
    labelled_value,
)
from processors.documents.normalize import (
    is_kana,
    is_kanji,
    parse_area,
    parse_date,
    parse_ratio,
    parse_yen,
    repair_chome,
    repair_lookalikes,
)
from processors.documents.reading import (
    CertifiedCopyFields,
    Mortgage,
    Reading,
    ReadingBuilder,
)
from processors.documents.registry_tables import (
    Entry,
    Item,
    entries,
    header_columns,
    item,
    items,
    rights_columns,
    split_columns,
    split_party,
)
from processors.documents.words import PageText

logger = logging.getLogger(__name__)


class Section(StrEnum):
    """The boxed sections of a copy, in the order they are printed."""

    BUILDING = "表題部（一棟の建物の表示）"
    LAND = "表題部（敷地権の目的である土地の表示）"
    UNIT = "表題部（専有部分の建物の表示）"
    LAND_RIGHT = "表題部（敷地権の表示）"
    OWNERSHIP = "権利部（甲区）"
    OTHER_RIGHTS = "権利部（乙区）"
    END = "証明文"


SECTION_CUES = (
    (Section.BUILDING, ("一棟の建物", "一棟")),
    (Section.LAND, ("敷地権の目的",)),
    (Section.UNIT, ("専有部分の建物", "専有部分")),
    (Section.LAND_RIGHT, ("敷地権の表示",)),
    (Section.OWNERSHIP, ("甲区", "所有権に関する事項")),
    (Section.OTHER_RIGHTS, ("乙区", "所有権以外の権利")),
)
"""Words of each section's title; the closest match wins, as 敷地権の目的 also
resembles 敷地権の表示."""

TITLE_WORDS = ("表題部", "権利部")
END_WORDS = ("これは登記記録に記録されている", "証明した書面である")
PAGE_FURNITURE = ("全部事項証明書", "下線のあるものは抹消事項", "整理番号")
"""The header and footer repeated on every page, which interrupt the tables."""

DOCUMENT_MARKERS = (
    "全部事項証明書",
    "表題部",
    "権利部",
    "家屋番号",
    "順位番号",
    "登記の目的",
)
FLYER_MARKERS = ("価格", "間取り", "表面利回り", "交通", "取引態様", "専有面積")
MIN_MARKERS = 3

KINDS = (
    "居宅",
    "店舗",
    "事務所",
    "共同住宅",
    "寄宿舎",
    "旅館",
    "料理店",
    "工場",
    "倉庫",
    "車庫",
    "診療所",
    "作業所",
    "物置",
    "集会所",
)
"""Kinds of building (種類) the registry rules name."""

UNIT_HEADER = ("種類", "構造", "床面積", "原因及びその日付")
ALL_LABELS = ("所在", "建物の名称", "家屋番号", "不動産番号", "余白", *UNIT_HEADER)


def parse_certified_copy(pages: Sequence[PageText]) -> Reading[CertifiedCopyFields]:
    """Read the fields of a certified copy from its recognised pages."""
    lines = document_lines(pages)
    _require_certified_copy(lines, len(pages))
    sections = split_sections([line for line in lines if not _is_furniture(line)])
    builder = ReadingBuilder(CertifiedCopyFields)
    _read_building(sections.get(Section.BUILDING, []), builder)
    _read_unit(sections.get(Section.UNIT, []), builder)
    _read_land_right(sections.get(Section.LAND_RIGHT, []), builder)
    ownership_lines = sections.get(Section.OWNERSHIP, [])
    other_lines = sections.get(Section.OTHER_RIGHTS, [])
    columns = rights_columns(ownership_lines) or rights_columns(other_lines)
    # Entries are told apart by their purpose, not their section, in case a
    # section title was misread.
    all_entries = entries(ownership_lines, columns) + entries(other_lines, columns)
    _read_owner(all_entries, builder)
    _read_mortgages(all_entries, Section.OTHER_RIGHTS in sections, builder)
    return builder.build()


def _require_certified_copy(lines: Sequence[Line], page_count: int) -> None:
    if not lines:
        raise WrongDocumentError(
            f"blank document: no text was recognised on its {page_count} page(s); "
            "a certified copy (全部事項証明書) was expected"
        )
    text = "".join(line.text for line in lines)
    found = [marker for marker in DOCUMENT_MARKERS if fuzzy.find(text, marker)]
    if len(found) >= MIN_MARKERS:
        return
    flyer = [marker for marker in FLYER_MARKERS if marker in text]
    looks_like = f"; it looks like a flyer (found {', '.join(flyer)})" if flyer else ""
    raise WrongDocumentError(
        f"not a certified copy of a registration: found {found or 'none'} of the "
        f"markers {', '.join(DOCUMENT_MARKERS)}, at least {MIN_MARKERS} are "
        f"needed{looks_like}"
    )


def _is_furniture(line: Line) -> bool:
    return any(fuzzy.find(line.text, words) for words in PAGE_FURNITURE)


def split_sections(lines: Sequence[Line]) -> dict[Section, list[Line]]:
    """The lines under each section title; a garbled title takes the next section."""
    sections: dict[Section, list[Line]] = {}
    current: Section | None = None
    for line in lines:
        title = _section_title(line, current)
        if title is not None:
            current = title
            sections.setdefault(current, [])
        elif current is not None:
            sections[current].append(line)
    sections.pop(Section.END, None)
    return sections


def _section_title(line: Line, current: Section | None) -> Section | None:
    if any(fuzzy.find(line.text, words) for words in END_WORDS):
        return Section.END
    if not any(fuzzy.find(line.text[:8], word) for word in TITLE_WORDS):
        return None
    matches = [
        (found.errors, -len(cue), section)
        for section, cues in SECTION_CUES
        for cue in cues
        if (found := fuzzy.find(line.text, cue)) is not None
    ]
    if matches:
        return min(matches)[2]
    order = list(Section)
    following = order.index(current) + 1 if current is not None else 0
    return order[min(following, len(order) - 2)]


def _read_building(
    lines: list[Line], builder: ReadingBuilder[CertifiedCopyFields]
) -> None:
    if not lines:
        builder.missing("location", "no 表題部（一棟の建物の表示） section was read")
        builder.missing(
            "building_name", "no 表題部（一棟の建物の表示） section was read"
        )
        return
    _labelled_text(lines, ("所在",), "location", _LOCATION, builder)
    _labelled_text(lines, ("建物の名称",), "building_name", _NAME, builder)


_LOCATION = re.compile(r"^\D+[市区町村郡].*\d.*$")
_NAME = re.compile(r"^.{2,}$")
_HOUSE_NUMBER = re.compile(r"^\D+\d+番(?:地)?\d*の?\d+$")


def _labelled_text(
    lines: list[Line],
    labels: tuple[str, ...],
    name: str,
    pattern: re.Pattern[str],
    builder: ReadingBuilder[CertifiedCopyFields],
) -> None:
    found = labelled_value(lines, labels, ALL_LABELS)
    if found is None:
        builder.missing(name, f"no value next to the label {labels[0]}")
        return
    value = _without_blank_marker(found[1])
    text = repair_chome(repair_lookalikes(value.text))
    if not pattern.match(text):
        builder.missing(
            name, f"unreadable: {text!r} next to {labels[0]} is not a {name}"
        )
        return
    builder.found(name, text, value.confidence)


def _without_blank_marker(value: Piece) -> Piece:
    # 余白 (blank) fills the next column of a label row when OCR merges the cells.
    if value.text.endswith("余白"):
        return value.slice(0, len(value.text) - 2)
    return value


def _read_unit(lines: list[Line], builder: ReadingBuilder[CertifiedCopyFields]) -> None:
    _labelled_text(lines, ("家屋番号",), "house_number", _HOUSE_NUMBER, builder)
    columns = _unit_columns(lines)
    if columns is None:
        reason = "the 種類/構造/床面積 table of the 専有部分 section was not found"
        for name in ("kind", "structure", "floor_area_sqm", "built_on"):
            builder.missing(name, reason)
        return
    _read_kind(columns[0], builder)
    _read_structure(columns[1], builder)
    _read_floor_area(columns[2], builder)
    _read_built_on(columns[3], builder)


def _unit_columns(lines: list[Line]) -> list[Piece] | None:
    """The text in each column of the 専有部分 table, below its header."""
    for position, line in enumerate(lines):
        starts = header_columns(line, UNIT_HEADER)
        if starts is None:
            continue
        below = [split_columns(row, starts) for row in lines[position + 1 :]]
        return [
            Piece.of(word for row in below for word in row[column].words)
            for column in range(len(UNIT_HEADER))
        ]
    return None


def _read_kind(value: Piece, builder: ReadingBuilder[CertifiedCopyFields]) -> None:
    text = value.text
    exact = [kind for kind in KINDS if text.startswith(kind)]
    if exact:
        builder.found("kind", exact[0], value.confidence)
        return
    close = [kind for kind in KINDS if fuzzy.starts_with(text, kind, max_errors=1)]
    if len(close) == 1:
        builder.found("kind", close[0], value.confidence * 0.6)
        return
    builder.missing(
        "kind", f"unreadable: {text!r} under 種類 is no known kind of building"
    )


MATERIALS = (
    "鉄骨鉄筋コンクリート造",
    "鉄筋コンクリート造",
    "軽量鉄骨造",
    "鉄骨造",
    "木造",
    "コンクリートブロック造",
    "れんが造",
    "石造",
)
"""The building materials the registry rules name (主たる構成材料), longest first."""


def parse_structure(text: str) -> str | None:
    """The structure as the registry words it: a named material, then N階建.

    The material is matched against the registry's fixed list, so a misread
    character (鉄筋コンクリート人造) still gives the registered wording.
    """
    storeys = re.search(r"(\d+)階建", text)
    if storeys is None:
        return None
    before = text[: storeys.start()]
    matches = [
        (found.errors, -len(material), material, found.end)
        for material in MATERIALS
        if (found := fuzzy.find(before, material)) is not None
    ]
    if not matches:
        return None
    _, _, material, end = min(matches)
    # Between the material and 階建 only words may stand (陸屋根); specks go.
    roof = "".join(char for char in before[end:] if is_kanji(char) or is_kana(char))
    return f"{material}{repair_lookalikes(roof)}{storeys[1]}階建"


def _read_structure(value: Piece, builder: ReadingBuilder[CertifiedCopyFields]) -> None:
    structure = parse_structure(value.text)
    if structure is None:
        builder.missing(
            "structure", f"unreadable: {value.text!r} under 構造 is not like ○○造N階建"
        )
        return
    builder.found("structure", structure, value.confidence)


def _read_floor_area(
    value: Piece, builder: ReadingBuilder[CertifiedCopyFields]
) -> None:
    # The area follows the floor it is on: ３階部分 ２５：３４.
    text = re.sub(r"^.*?階部分", "", value.text)
    area = parse_area(text)
    if area is None or not 5 <= area <= 2000:
        builder.missing(
            "floor_area_sqm", f"unreadable: no area in {value.text!r} under 床面積"
        )
        return
    builder.found("floor_area_sqm", area, value.confidence)


def _read_built_on(value: Piece, builder: ReadingBuilder[CertifiedCopyFields]) -> None:
    match = re.search(r"(?P<date>[^〔\[(]*?)新築", value.text)
    built_on = parse_date(match["date"]) if match else None
    if built_on is None:
        builder.missing("built_on", f"unreadable: no date of 新築 in {value.text!r}")
        return
    builder.found("built_on", built_on.isoformat(), value.confidence)


def _read_land_right(
    lines: list[Line], builder: ReadingBuilder[CertifiedCopyFields]
) -> None:
    for line in lines:
        ratio = parse_ratio(line.text)
        if ratio is not None:
            part, whole = (int(number) for number in ratio.split("/"))
            if 0 < part < whole:
                builder.found("land_right_ratio", ratio, line.piece.confidence)
                return
    builder.missing("land_right_ratio", "no ○分の○ share in the 敷地権の表示 section")


def _read_owner(
    found: list[Entry], builder: ReadingBuilder[CertifiedCopyFields]
) -> None:
    owner_entries = _ownership_entries(found)
    if not owner_entries:
        for name in ("owner_name", "owner_address", "ownership_acquired_on"):
            builder.missing(name, "no 所有権保存/所有権移転 entry was read in 甲区")
        return
    latest = items(owner_entries[-1])
    _read_owner_party(item(latest, "所有者"), builder)
    _read_acquired_on(item(latest, "原因"), builder)


def _ownership_entries(found: list[Entry]) -> list[Entry]:
    cancelled = _cancelled_targets(found, "所有権")
    return [
        entry
        for entry in found
        if re.search(r"所有権(保存|移転)", entry.purpose_text)
        and "抹消" not in entry.purpose_text
        and entry.number not in cancelled
    ]


def _read_owner_party(
    party: Item | None, builder: ReadingBuilder[CertifiedCopyFields]
) -> None:
    split = split_party(party) if party is not None else None
    if party is None or split is None:
        reason = "the latest ownership entry has no readable 所有者 (address and name)"
        builder.missing("owner_name", reason)
        builder.missing("owner_address", reason)
        return
    address, name = split
    builder.found(
        "owner_address", repair_chome(repair_lookalikes(address)), party.confidence
    )
    builder.found("owner_name", repair_lookalikes(name), party.confidence)


def _read_acquired_on(
    cause: Item | None, builder: ReadingBuilder[CertifiedCopyFields]
) -> None:
    acquired = parse_date(cause.text) if cause is not None else None
    if cause is None or acquired is None:
        builder.missing(
            "ownership_acquired_on", "no date in the 原因 of the latest ownership entry"
        )
        return
    builder.found("ownership_acquired_on", acquired.isoformat(), cause.confidence)


def _first_amount(found: list[Item]) -> Item | None:
    """The item holding the entry's first amount (金…円) when its label is illegible."""
    for candidate in found:
        if candidate.label in ("利息", "損害金"):
            continue
        for position, piece in enumerate(candidate.lines):
            if re.search(r"金[\d,.]+", piece.text) and parse_yen(piece.text):
                return Item("債権額", candidate.lines[position : position + 1])
    return None


def _cancelled_targets(found: list[Entry], right: str) -> set[int]:
    targets = set()
    for entry in found:
        match = re.search(rf"(\d+)番(?:根)?{right}\S*抹消", entry.purpose_text)
        if match:
            targets.add(int(match[1]))
    return targets


def _read_mortgages(
    found: list[Entry], has_section: bool, builder: ReadingBuilder[CertifiedCopyFields]
) -> None:
    unclear = [
        entry.purpose_text
        for entry in found
        if "抹消" in entry.purpose_text and not re.search(r"\d+番", entry.purpose_text)
    ]
    if unclear:
        builder.missing("mortgages", f"unreadable: which entry {unclear[0]!r} cancels")
        return
    cancelled = _cancelled_targets(found, "抵当権")
    live = [e for e in found if _is_mortgage(e) and e.number not in cancelled]
    # An empty 乙区, or none at all, is a reading too: nothing is mortgaged.
    confidences = [0.9 if has_section else 0.8]
    mortgages: list[Mortgage] = []
    for entry in live:
        read = _mortgage(entry)
        if read is None:
            reason = f"unreadable: 債権額 or 抵当権者 of 乙区 entry {entry.number}"
            builder.missing("mortgages", reason)
            return
        mortgages.append(read[0])
        # A guessed entry number makes it uncertain which entry a 抹消 cancelled.
        guessed = not entry.number_read and bool(cancelled)
        confidences.append(read[1] * (0.6 if guessed else 1.0))
    builder.found("mortgages", mortgages, min(confidences))


def _is_mortgage(entry: Entry) -> bool:
    purpose = entry.purpose_text
    return "抵当権" in purpose and not re.search("抹消|変更|更正|移転", purpose)


def _mortgage(entry: Entry) -> tuple[Mortgage, float] | None:
    found = items(entry)
    amount_item = item(found, "債権額") or item(found, "極度額") or _first_amount(found)
    party = item(found, "抵当権者") or item(found, "根抵当権者")
    amount = parse_yen(amount_item.text) if amount_item else None
    split = split_party(party) if party else None
    if amount_item is None or party is None or amount is None or split is None:
        return None
    confidence = min(amount_item.confidence, party.confidence)
    return Mortgage(
        amount_yen=amount, mortgagee=repair_lookalikes(split[1])
    ), confidence
