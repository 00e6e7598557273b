"""Drawing a certified copy (全部事項証明書, 区分建物) as page images at 300 dpi."""

import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from processors.documents.corpus.drawing import A4_300DPI, SERIF, font, wrap
from processors.documents.corpus.japanese import (
    era_date,
    fullwidth,
    registry_area,
    registry_yen,
)
from processors.documents.corpus.registry_values import (
    Cancellation,
    Mortgage,
    Ownership,
    Registration,
)

MARGIN_X = 170
TOP = 170
BOTTOM = A4_300DPI[1] - 260
TABLE_WIDTH = A4_300DPI[0] - 2 * MARGIN_X
FONT_PX = 40
LINE_PX = 58
PAD_X = 16
PAD_Y = 12
INK = (20, 20, 20)
CANCEL_RED = (200, 30, 30)

OTHER_RIGHTS_TITLE = (
    "権　利　部　（乙　区）　　（" + "　".join("所有権以外の権利に関する事項") + "）"
)
RIGHTS_COLUMNS = (0.10, 0.17, 0.24, 0.49)
RIGHTS_HEADER = ("順位番号", "登記の目的", "受付年月日・受付番号", "権利者その他の事項")


@dataclass
class Row:
    """One row of a boxed table: column widths (shares) and each cell's lines."""

    widths: tuple[float, ...]
    cells: list[list[str]]
    underlined: bool = False
    lines: list[list[str]] = field(default_factory=list)

    def layout(self) -> int:
        """Wrap the cells to their columns; return the row's height in pixels."""
        face = font(SERIF, FONT_PX)
        self.lines = []
        for share, cell in zip(self.widths, self.cells, strict=True):
            width = share * TABLE_WIDTH - 2 * PAD_X
            self.lines.append(
                [part for text in cell for part in wrap(text, face, width)]
            )
        return max(len(lines) for lines in self.lines) * LINE_PX + 2 * PAD_Y


def registry_rows(unit: Registration) -> list[Row]:
    """The table rows of the copy, top to bottom."""
    rows = _house_number_list(unit) + _building(unit) + _land(unit) + _unit(unit)
    rows += _land_right(unit) + _ownership_rows(unit.ownerships)
    if unit.rights:
        rows += _rights_rows(unit.rights)
    return rows


def _house_number_list(unit: Registration) -> list[Row]:
    first = f"{unit.lot}-{unit.sub_lot}-201"
    last = f"{unit.lot}-{unit.sub_lot}-{len(unit.floor_areas)}05"
    numbers = fullwidth(f"{first} ～ {last}")
    return [Row((0.24, 0.76), [["専有部分の家屋番号"], [numbers]])]


def _building(unit: Registration) -> list[Row]:
    floors = [
        fullwidth(f"{number}階") + "　　" + registry_area(area)
        for number, area in enumerate(unit.floor_areas, start=1)
    ]
    registered = "〔" + era_date(unit.registered_on) + "〕"
    return [
        Row(
            (0.50, 0.10, 0.12, 0.16, 0.12),
            [
                ["表　題　部　（一棟の建物の表示）"],
                ["調製"],
                ["余白"],
                ["所在図番号"],
                ["余白"],
            ],
        ),
        Row((0.18, 0.62, 0.20), [["所　　在"], [fullwidth(unit.location)], ["余白"]]),
        Row(
            (0.18, 0.62, 0.20),
            [["建物の名称"], [fullwidth(unit.building_name)], ["余白"]],
        ),
        Row(
            (0.40, 0.30, 0.30),
            [
                ["①　構　　造"],
                ["②　床　面　積　　　㎡"],
                ["原因及びその日付〔登記の日付〕"],
            ],
        ),
        Row(
            (0.40, 0.30, 0.30),
            [[fullwidth(unit.building_structure)], floors, [registered]],
        ),
    ]


def _land(unit: Registration) -> list[Row]:
    widths = (0.13, 0.39, 0.10, 0.16, 0.22)
    lot = fullwidth(f"{unit.town.city}{unit.town_chome}{unit.lot}番{unit.sub_lot}")
    return [
        Row((1.0,), [["表　題　部　（敷地権の目的である土地の表示）"]]),
        Row(
            widths,
            [
                ["①土地の符号"],
                ["②所在及び地番"],
                ["③地目"],
                ["④地　積　㎡"],
                ["登記の日付"],
            ],
        ),
        Row(
            widths,
            [
                ["１"],
                [lot],
                ["宅地"],
                [registry_area(unit.land_area)],
                [era_date(unit.registered_on)],
            ],
        ),
    ]


def _unit(unit: Registration) -> list[Row]:
    widths = (0.14, 0.30, 0.24, 0.32)
    area = fullwidth(f"{unit.unit_floor}階部分") + "　" + registry_area(unit.floor_area)
    cause = [
        era_date(unit.built_on) + "新築",
        "〔" + era_date(unit.registered_on) + "〕",
    ]
    number = fullwidth(unit.house_number).replace(
        unit.town_chome, unit.town_chome + "　", 1
    )
    return [
        Row(
            (0.50, 0.18, 0.32),
            [
                ["表　題　部　（専有部分の建物の表示）"],
                ["不動産番号"],
                [fullwidth(unit.property_number)],
            ],
        ),
        Row((0.18, 0.62, 0.20), [["家屋番号"], [number], ["余白"]]),
        Row((0.18, 0.62, 0.20), [["建物の名称"], [fullwidth(unit.room)], ["余白"]]),
        Row(
            widths,
            [
                ["①種類"],
                ["②構　造"],
                ["③床　面　積　㎡"],
                ["原因及びその日付〔登記の日付〕"],
            ],
        ),
        Row(widths, [[unit.kind], [fullwidth(unit.structure)], [area], cause]),
    ]


def _land_right(unit: Registration) -> list[Row]:
    widths = (0.14, 0.22, 0.24, 0.40)
    whole, part = unit.ratio
    cause = [
        era_date(unit.built_on) + "敷地権",
        "〔" + era_date(unit.registered_on) + "〕",
    ]
    return [
        Row((1.0,), [["表　題　部　（敷地権の表示）"]]),
        Row(
            widths,
            [
                ["①土地の符号"],
                ["②敷地権の種類"],
                ["③敷地権の割合"],
                ["原因及びその日付〔登記の日付〕"],
            ],
        ),
        Row(widths, [["１"], ["所有権"], [fullwidth(f"{whole}分の{part}")], cause]),
    ]


def _ownership_rows(entries: list[Ownership]) -> list[Row]:
    rows = [
        Row(
            (1.0,),
            [["権　利　部　（甲　区）　　（所　有　権　に　関　す　る　事　項）"]],
        ),
        Row(RIGHTS_COLUMNS, [[text] for text in RIGHTS_HEADER]),
    ]
    for entry in entries:
        rights = [
            "原因　" + era_date(entry.cause_on) + entry.cause,
            "所有者　" + fullwidth(entry.owner.address),
            "　　" + fullwidth(entry.owner.name),
        ]
        rows.append(_rights_row(entry.number, [entry.purpose], entry, rights))
    return rows


def _rights_rows(rights: list[Mortgage | Cancellation]) -> list[Row]:
    rows = [
        Row(
            (1.0,),
            [[OTHER_RIGHTS_TITLE]],
        ),
        Row(RIGHTS_COLUMNS, [[text] for text in RIGHTS_HEADER]),
    ]
    for right in rights:
        if isinstance(right, Mortgage):
            rows.append(_mortgage_row(right))
        else:
            purpose = fullwidth(f"{right.target}番抵当権抹消")
            cause = ["原因　" + era_date(right.cause_on) + right.cause]
            rows.append(_rights_row(right.number, [purpose], right, cause))
    return rows


def _mortgage_row(mortgage: Mortgage) -> Row:
    lines = [
        "原因　" + era_date(mortgage.received_on) + "金銭消費貸借同日設定",
        "債権額　" + registry_yen(mortgage.amount_yen),
        "利息　" + mortgage.interest,
        "損害金　年１４・５％（年３６５日日割計算）",
        "債務者　" + fullwidth(mortgage.debtor.address),
        "　　" + fullwidth(mortgage.debtor.name),
        "抵当権者　" + fullwidth(mortgage.mortgagee.address),
        "　　" + fullwidth(mortgage.mortgagee.name),
    ]
    if mortgage.branch:
        lines.append("　　（取扱店　" + mortgage.branch + "）")
    row = _rights_row(mortgage.number, ["抵当権設定"], mortgage, lines)
    row.underlined = mortgage.cancelled_by is not None
    return row


def _rights_row(
    number: int,
    purpose: list[str],
    entry: Ownership | Mortgage | Cancellation,
    rights: list[str],
) -> Row:
    received = [era_date(entry.received_on), fullwidth(f"第{entry.receipt}号")]
    return Row(RIGHTS_COLUMNS, [[fullwidth(str(number))], purpose, received, rights])


@dataclass
class _Pager:
    """Flows rows onto as many pages as they need."""

    unit: Registration
    rng: random.Random
    pages: list[Image.Image] = field(default_factory=list)
    y: int = 0

    def new_page(self) -> ImageDraw.ImageDraw:
        page = Image.new("RGB", A4_300DPI, "white")
        _background_pattern(page, self.rng)
        self.pages.append(page)
        draw = ImageDraw.Draw(page)
        _page_header(draw, self.unit)
        self.y = TOP + 110
        return draw


def render_registry(unit: Registration, rng: random.Random) -> list[Image.Image]:
    """The copy's pages, clean (before any scanning damage)."""
    pager = _Pager(unit, rng)
    draw = pager.new_page()
    for row in registry_rows(unit):
        height = row.layout()
        if pager.y + height > BOTTOM:
            draw = pager.new_page()
        _draw_row(draw, row, pager.y, height)
        pager.y += height
    if pager.y + 5 * LINE_PX > BOTTOM:
        draw = pager.new_page()
    _certification(draw, unit, pager.y + LINE_PX)
    for number, page in enumerate(pager.pages, start=1):
        _page_footer(ImageDraw.Draw(page), number, len(pager.pages))
    return pager.pages


def _draw_row(draw: ImageDraw.ImageDraw, row: Row, top: int, height: int) -> None:
    face = font(SERIF, FONT_PX)
    left = MARGIN_X
    for share, lines in zip(row.widths, row.lines, strict=True):
        width = round(share * TABLE_WIDTH)
        draw.rectangle((left, top, left + width, top + height), outline=INK, width=3)
        for index, text in enumerate(lines):
            y = top + PAD_Y + index * LINE_PX
            draw.text((left + PAD_X, y), text, font=face, fill=INK)
            if row.underlined and text.strip():
                _underline(draw, face.getlength(text), left + PAD_X, y)
        left += width


def _underline(draw: ImageDraw.ImageDraw, width: float, x: int, y: int) -> None:
    baseline = y + FONT_PX + 12
    draw.line((x, baseline, x + width, baseline), fill=CANCEL_RED, width=3)


def _page_header(draw: ImageDraw.ImageDraw, unit: Registration) -> None:
    face = font(SERIF, FONT_PX)
    address = f"{unit.town.prefecture}{unit.town.city}{unit.town_chome}"
    address += f"{unit.lot}-{unit.sub_lot}-{unit.room}"
    draw.text((MARGIN_X, TOP), fullwidth(address), font=face, fill=INK)
    title = "全部事項証明書　　（建物）"
    draw.text(
        (MARGIN_X + TABLE_WIDTH - face.getlength(title), TOP),
        title,
        font=face,
        fill=INK,
    )


def _page_footer(draw: ImageDraw.ImageDraw, number: int, total: int) -> None:
    face = font(SERIF, 34)
    y = A4_300DPI[1] - 200
    note = "＊　下線のあるものは抹消事項であることを示す。"
    draw.text((MARGIN_X, y), note, font=face, fill=INK)
    count = fullwidth(f"{number}/{total}")
    draw.text(
        (MARGIN_X + TABLE_WIDTH - face.getlength(count), y), count, font=face, fill=INK
    )


def _certification(draw: ImageDraw.ImageDraw, unit: Registration, top: int) -> None:
    face = font(SERIF, FONT_PX)
    text = "これは登記記録に記録されている事項の全部を証明した書面である。"
    draw.text((MARGIN_X, top), text, font=face, fill=INK)
    draw.text(
        (MARGIN_X + 100, top + 2 * LINE_PX),
        era_date(unit.issued_on),
        font=face,
        fill=INK,
    )
    signed = unit.town.bureau + "　　　　登記官　　　　" + "　".join(unit.registrar)
    draw.text((MARGIN_X + 100, top + 3 * LINE_PX), signed, font=face, fill=INK)
    seal_x = MARGIN_X + 200 + round(face.getlength(signed))
    _seal(draw, seal_x, top + 3 * LINE_PX - 40)


def _seal(draw: ImageDraw.ImageDraw, x: int, y: int) -> None:
    draw.rectangle((x, y, x + 150, y + 150), outline=CANCEL_RED, width=6)
    face = font(SERIF, 48)
    draw.text((x + 27, y + 20), "登記", font=face, fill=CANCEL_RED)
    draw.text((x + 27, y + 76), "官印", font=face, fill=CANCEL_RED)


def _background_pattern(page: Image.Image, rng: random.Random) -> None:
    """The faint security pattern (地紋) printed under certified copies."""
    draw = ImageDraw.Draw(page)
    tone = rng.randint(218, 238)
    spacing = rng.choice((18, 24, 30))
    width, height = page.size
    for start in range(-height, width, spacing):
        draw.line(
            (start, 0, start + height, height), fill=(tone, tone, tone + 6), width=2
        )
