"""Parsing the OCR lines of a property flyer (マイソク) into fields.

Flyers differ from broker to broker, so nothing here depends on coordinates: each
fact is found by its label (and synonyms) and read from the right of the label or
from just below it; the name is the largest text near the top unless labelled; the
broker is the company printed next to the license number in the bottom band.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from processors.documents import fuzzy
from processors.documents.exceptions import WrongDocumentError
from processors.documents.layout import Line, Piece, document_lines, labelled_value
from processors.documents.normalize import (
    PREFECTURES,
    parse_area,
    parse_percent,
    parse_year_month,
    parse_yen,
    repair_chome,
    repair_lookalikes,
)
from processors.documents.reading import MaisokuFields, Reading, ReadingBuilder
from processors.documents.words import PageText

Builder = ReadingBuilder[MaisokuFields]

LABELS = {
    "price": ("価格", "販売価格", "売買価格", "物件価格"),
    "address": ("所在地", "物件所在地", "住所"),
    "access": ("交通", "最寄駅", "最寄り駅", "アクセス"),
    "area": ("専有面積", "面積"),
    "layout": ("間取り", "間取"),
    "built": ("築年月", "建築年月", "竣工年月", "完成年月", "築年"),
    "structure": ("構造", "建物構造"),
    "floor": ("所在階/階建", "所在階", "階数"),
    "stories": ("階建", "所在階/階建", "所在階", "構造", "階数"),
    "units": ("総戸数",),
    "management_fee": ("管理費",),
    "repair_reserve": ("修繕積立金", "修繕積立費", "修繕積立"),
    "rent": ("賃料", "現行賃料", "月額賃料", "家賃", "現況賃料"),
    "yield": ("表面利回り", "利回り"),
    "name": ("物件名", "マンション名", "建物名"),
}

OTHER_LABELS = (
    "バルコニー面積",
    "現況",
    "管理会社",
    "管理形態",
    "取引態様",
    "引渡し",
    "備考",
    "土地権利",
    "用途地域",
    "駐車場",
    "設備",
    "商号",
    "担当",
)
ALL_LABELS = tuple(
    dict.fromkeys([*(one for group in LABELS.values() for one in group), *OTHER_LABELS])
)

FLYER_MARKERS = (
    "価格",
    "所在地",
    "交通",
    "専有面積",
    "間取",
    "築年月",
    "管理費",
    "利回り",
)
REGISTRY_MARKERS = ("全部事項証明書", "表題部", "権利部", "順位番号", "登記の目的")
MIN_MARKERS = 3


def parse_maisoku(pages: Sequence[PageText]) -> Reading[MaisokuFields]:
    """Read the fields of a flyer from its recognised pages."""
    lines = document_lines(pages)
    _require_flyer(lines, len(pages))
    builder = ReadingBuilder(MaisokuFields)
    for read in (*_FACTS, _read_total_floors, _read_access):
        read(lines, builder)
    _read_name(lines, pages, builder)
    _read_broker(lines, builder)
    return builder.build()


def _require_flyer(lines: Sequence[Line], page_count: int) -> None:
    if not lines:
        raise WrongDocumentError(
            f"blank document: no text was recognised on its {page_count} page(s); "
            "a property flyer (マイソク) was expected"
        )
    text = "".join(line.text for line in lines)
    registry = [marker for marker in REGISTRY_MARKERS if fuzzy.find(text, marker)]
    found = [marker for marker in FLYER_MARKERS if fuzzy.find(text, marker)]
    if len(registry) >= MIN_MARKERS:
        raise WrongDocumentError(
            f"not a flyer: it reads as a certified copy of a registration (found "
            f"{', '.join(registry)})"
        )
    if len(found) < MIN_MARKERS:
        raise WrongDocumentError(
            f"not a flyer: found {found or 'none'} of the facts "
            f"{', '.join(FLYER_MARKERS)}, at least {MIN_MARKERS} are needed"
        )


def _value(lines: Sequence[Line], key: str) -> Piece | None:
    found = labelled_value(lines, LABELS[key], ALL_LABELS)
    return found[1] if found else None


@dataclass(frozen=True)
class _Fact:
    """A field read from one labelled value: the parse and a check of the result."""

    field: str
    key: str
    parse: Callable[[str], object | None]
    plausible: Callable[[object], bool]

    def __call__(self, lines: Sequence[Line], builder: Builder) -> None:
        value = _value(lines, self.key)
        if value is None:
            label = LABELS[self.key][0]
            builder.missing(self.field, f"no {label} label with a value on the flyer")
            return
        parsed = self.parse(_repair_digits(value.text))
        if parsed is None or not self.plausible(parsed):
            builder.missing(
                self.field, f"unreadable: {value.text!r} is no {self.field}"
            )
            return
        builder.found(self.field, parsed, value.confidence)


def _repair_digits(text: str) -> str:
    # OCR reads 0 as O and 1 as l or I next to other digits.
    text = re.sub(r"(?<=\d)[Oo]|[Oo](?=\d)", "0", text)
    return re.sub(r"(?<=\d)[lI|]|[lI|](?=\d)", "1", text)


def _between(low: float, high: float) -> Callable[[object], bool]:
    return lambda value: isinstance(value, int | float) and low <= value <= high


def _always(value: object) -> bool:
    return True


_LAYOUT = re.compile(r"(?<![0-9A-Z])([1-9])\s*(S?L?D?K|R)(?![A-Z])")


def parse_layout(text: str) -> str | None:
    """1R, 1K, 1DK, 1LDK, 2SLDK… from the text; ワンルーム is 1R."""
    text = re.sub(r"^[Il|](?=[SLDKR])", "1", text.upper())
    if "ワンルーム" in text:
        return "1R"
    match = _LAYOUT.search(text)
    return f"{match[1]}{match[2]}" if match else None


_STRUCTURE_CODES = (
    ("SRC", ("SRC", "鉄骨鉄筋コンクリート")),
    ("RC", ("RC", "鉄筋コンクリート")),
    ("PC", ("PC", "プレキャスト")),
    ("S", ("S造", "鉄骨造", "重量鉄骨", "軽量鉄骨")),
    ("W", ("木造",)),
)


def parse_structure(text: str) -> str | None:
    """RC, SRC, S, PC or W from 鉄筋コンクリート造, RC造, 鉄骨造…"""
    upper = text.upper()
    for code, words in _STRUCTURE_CODES:
        if any(word in upper for word in words):
            return code
    return None


def parse_floor(text: str) -> int | None:
    """The unit's floor: the first N階 that is not N階建."""
    match = re.search(r"(\d+)階(?!建)", text)
    return int(match[1]) if match else None


def parse_stories(text: str) -> int | None:
    """The building's floors above ground: N階建, 地上N階."""
    match = re.search(r"(?:地上)?(\d+)階建", text) or re.search(r"地上(\d+)階", text)
    return int(match[1]) if match else None


def parse_units(text: str) -> int | None:
    """The number of units: N戸."""
    match = re.search(r"(\d+)戸", text)
    return int(match[1]) if match else None


def parse_address(text: str) -> str | None:
    """A postal address: it names a prefecture or city and has a number in it."""
    text = repair_chome(repair_lookalikes(text))
    if not re.search(r"[都道府県市区町村郡]", text) or not re.search(
        r"[0-9一二三四五六七八九十]", text
    ):
        return None
    return text


_FACTS = (
    _Fact("price_yen", "price", parse_yen, _between(1_000_000, 10_000_000_000)),
    _Fact("address", "address", parse_address, _always),
    _Fact("floor_area_sqm", "area", parse_area, _between(5, 1000)),
    _Fact("layout", "layout", parse_layout, _always),
    _Fact("built_year_month", "built", parse_year_month, _always),
    _Fact("structure", "structure", parse_structure, _always),
    _Fact("floor", "floor", parse_floor, _between(1, 80)),
    _Fact("total_units", "units", parse_units, _between(1, 5000)),
    _Fact("management_fee_yen", "management_fee", parse_yen, _between(0, 200_000)),
    _Fact("repair_reserve_yen", "repair_reserve", parse_yen, _between(0, 200_000)),
    _Fact("monthly_rent_yen", "rent", parse_yen, _between(10_000, 5_000_000)),
    _Fact("gross_yield_pct", "yield", parse_percent, _between(0.1, 40)),
)


def _read_total_floors(lines: Sequence[Line], builder: Builder) -> None:
    # 階建 has its own row on some flyers and shares 所在階 or 構造 on others.
    for label in LABELS["stories"]:
        found = labelled_value(lines, (label,), ALL_LABELS)
        stories = parse_stories(found[1].text) if found else None
        if found and stories is not None and 1 <= stories <= 80:
            builder.found("total_floors", stories, found[1].confidence)
            return
    # N階建 says what it is without its label, when the label was misread.
    for line in lines:
        for segment in line.segments:
            stories = parse_stories(segment.text)
            if stories is not None and 1 <= stories <= 80:
                confidence = segment.confidence * HEURISTIC_FACTOR
                builder.found("total_floors", stories, confidence)
                return
    builder.missing("total_floors", "no N階建 anywhere on the flyer")


_BRACKETED = re.compile(
    r"^(?P<line>.+?)[「『\[【〔(](?P<station>[^」』\]】〕)]+)[」』\]】〕)]"
)
_UNBRACKETED = re.compile(r"^(?P<line>.+線)(?P<station>[^線]+?)駅")
_WALK = re.compile(r"徒?歩(\d+)分")
ACCESS_FIELDS = ("station_line", "station_name", "walk_minutes")


def parse_access(text: str) -> tuple[str, str, int | None] | None:
    """(line, station, minutes on foot) of the first access: ○○線「○○」駅 徒歩5分."""
    text = repair_lookalikes(text)
    match = _BRACKETED.match(text) or _UNBRACKETED.match(text)
    if match is None:
        return None
    station = match["station"].removesuffix("駅")
    after = text[match.end() :]
    walk = _WALK.search(after)
    # A bus stop is also written in brackets; a station is followed by 駅 or a walk.
    if match.re is _BRACKETED and not after.startswith("駅") and walk is None:
        return None
    return match["line"], station, int(walk[1]) if walk else None


def _read_access(lines: Sequence[Line], builder: Builder) -> None:
    value = _value(lines, "access")
    parsed = parse_access(_repair_digits(value.text)) if value else None
    if value is None or parsed is None:
        reason = (
            f"unreadable: {value.text!r} is not like ○○線「○○」駅 徒歩N分"
            if value
            else "no 交通 label with a value on the flyer"
        )
        for name in ACCESS_FIELDS:
            builder.missing(name, reason)
        return
    line, station, walk = parsed
    builder.found("station_line", line, value.confidence)
    builder.found("station_name", station, value.confidence)
    if walk is None:
        builder.missing(
            "walk_minutes", f"no 徒歩N分 after the station in {value.text!r}"
        )
    else:
        builder.found("walk_minutes", walk, value.confidence)


TITLE_SHARE = 0.35
"""The name is printed in the top part of the page."""

TITLE_NOISE = re.compile(
    r"[【】★☆■◆]|万円|\d円|利回|徒歩|販売|図面|物件概要|投資|オーナーチェンジ|収益|見学|稼働"
    r"|入居|空室|賃貸中|外観|間取|帖|ワンルームマンション"
)
HEURISTIC_FACTOR = 0.85
"""Confidence kept for a value found by layout alone, without a label."""


def _read_name(
    lines: Sequence[Line], pages: Sequence[PageText], builder: Builder
) -> None:
    labelled = _value(lines, "name")
    if labelled is not None:
        builder.found("property_name", _clean_name(labelled.text), labelled.confidence)
        return
    title = _title(lines, pages)
    if title is None:
        builder.missing(
            "property_name", "no 物件名 label and no title line near the top"
        )
        return
    builder.found(
        "property_name", _clean_name(title.text), title.confidence * HEURISTIC_FACTOR
    )


def _title(lines: Sequence[Line], pages: Sequence[PageText]) -> Piece | None:
    first = pages[0]
    candidates = [
        phrase
        for line in lines
        if line.page == first.number and line.top < first.height_px * TITLE_SHARE
        for phrase in _phrases(line)
        if _could_be_title(phrase)
    ]
    return max(candidates, key=_height, default=None)


def _height(segment: Piece) -> float:
    heights = sorted(word.height for word in segment.words)
    return heights[len(heights) // 2]


def _could_be_title(segment: Piece) -> bool:
    text = segment.text
    return (
        len(text) >= 3
        and not TITLE_NOISE.search(text)
        and not any(fuzzy.starts_with(text, label) for label in ALL_LABELS)
    )


def _clean_name(text: str) -> str:
    return re.sub(r"\d+号室$", "", repair_lookalikes(text))


_LICENSE = re.compile(
    rf"(?P<authority>国土交通大臣|(?:{'|'.join(PREFECTURES)})知事)"
    r"[(\[]?(?P<renewals>\d{1,2})[)\]]?第?(?P<number>\d{2,6})号"
)
_COMPANY = re.compile(r"株式会社|有限会社|合同会社|\(株\)|\(有\)")
_NOT_BROKER = re.compile(r"協会|会員|管理会社|委託|保証|連合会")
BAND_REACH_LINES = 6
"""How many line heights from the license the broker's name may be printed."""


def _read_broker(lines: Sequence[Line], builder: Builder) -> None:
    licensed = _license(lines)
    if licensed is None:
        reason = "no 宅地建物取引業 license number (○○知事(N)第N号) on the flyer"
        builder.missing("broker_license", reason)
        builder.missing("broker_name", reason)
        return
    line, match = licensed
    text = f"{match['authority']}({int(match['renewals'])})第{int(match['number'])}号"
    builder.found("broker_license", text, line.piece.confidence)
    name = _broker_name(lines, line)
    if name is None:
        builder.missing(
            "broker_name", "no company name (株式会社…) next to the license number"
        )
        return
    builder.found("broker_name", _strip_label(name.text), name.confidence)


def _license(lines: Sequence[Line]) -> tuple[Line, re.Match[str]] | None:
    # The band is at the bottom; a license quoted higher up is someone else's.
    for line in reversed(lines):
        match = _LICENSE.search(_repair_digits(line.text))
        if match:
            return line, match
    return None


def _broker_name(lines: Sequence[Line], license_line: Line) -> Piece | None:
    reach = BAND_REACH_LINES * license_line.height
    candidates = [
        (abs(line.top - license_line.top), phrase)
        for line in lines
        if line.page == license_line.page and abs(line.top - license_line.top) <= reach
        for phrase in _phrases(line)
        if _COMPANY.search(phrase.text) and not _NOT_BROKER.search(phrase.text)
    ]
    return min(candidates, key=lambda item: item[0])[1] if candidates else None


PHRASE_GAP = 3.0
"""Segments closer than this many character heights belong to one name: wide
letter spacing in a bold company name can split it (有限 | 会社…)."""


def _phrases(line: Line) -> list[Piece]:
    """The line's segments, neighbours joined unless far apart or one is a label."""
    phrases: list[list[Piece]] = []
    for segment in line.segments:
        previous = phrases[-1][-1] if phrases else None
        close = previous is not None and (
            segment.left - previous.right <= PHRASE_GAP * line.height
        )
        if close and not _is_label(segment):
            phrases[-1].append(segment)
        else:
            phrases.append([segment])
    return [Piece.of(w for piece in group for w in piece.words) for group in phrases]


def _is_label(segment: Piece) -> bool:
    # Exact only: a name split by wide spacing (ンション中崎…) must not pass for a
    # misread label (マンション名).
    return any(segment.text.startswith(label) for label in ALL_LABELS)


def _strip_label(text: str) -> str:
    return repair_lookalikes(re.sub(r"^(商号|会社名|社名)[:：]?", "", text))
