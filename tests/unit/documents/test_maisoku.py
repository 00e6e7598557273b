"""The flyer parser finds each fact by its label, whatever the broker's layout."""

import pytest

from processors.documents.exceptions import WrongDocumentError
from processors.documents.maisoku import (
    parse_access,
    parse_layout,
    parse_maisoku,
    parse_structure,
)

from .conftest import Cell, PageFactory

EXPECTED = {
    "property_name": "パークハウス南青山",
    "address": "東京都港区南青山3丁目12-4",
    "station_line": "東京メトロ銀座線",
    "station_name": "外苑前",
    "walk_minutes": 5,
    "price_yen": 23_800_000,
    "floor_area_sqm": 25.34,
    "layout": "1K",
    "built_year_month": "2006-03",
    "structure": "RC",
    "floor": 3,
    "total_floors": 12,
    "total_units": 48,
    "management_fee_yen": 8_500,
    "repair_reserve_yen": 5_200,
    "monthly_rent_yen": 85_000,
    "gross_yield_pct": 4.29,
    "broker_name": "株式会社青山リアルティ",
    "broker_license": "東京都知事(3)第12345号",
}

BAND: list[list[Cell]] = [
    [(200, "株式会社 青山リアルティ"), (1700, "取引態様:媒介")],
    [
        (200, "宅地建物取引業免許 東京都知事(3)第12345号"),
        (1700, "(公社)全日本不動産協会会員"),
    ],
    [(200, "東京都港区赤坂3-4-5 サンビル5F"), (1700, "担当:山田")],
    [(200, "TEL 03-1234-5678 FAX 03-1234-5679")],
]


def _grid() -> list[list[Cell]]:
    """Label cells and value cells side by side, two facts to a row."""
    return [
        [(190, "【オーナーチェンジ】安定収益物件")],
        [(190, "パークハウス南青山")],
        [(400, "外観写真"), (1600, "洋室 8.9帖")],
        [(200, "所在地"), (520, "東京都港区南青山3丁目12-4")],
        [(200, "交通"), (520, "東京メトロ銀座線「外苑前」駅 徒歩5分")],
        [(520, "東京メトロ千代田線「表参道」駅 徒歩9分")],
        [
            (200, "価格"),
            (520, "2,380万円"),
            (1310, "専有面積"),
            (1620, "25.34㎡(壁芯)"),
        ],
        [(180, "バルコニー面積"), (520, "3.40㎡"), (1310, "間取り"), (1620, "1K")],
        [(200, "築年月"), (520, "2006年(平成18年)3月"), (1310, "構造"), (1620, "RC造")],
        [(200, "所在階/階建"), (520, "3階/12階建"), (1310, "総戸数"), (1620, "48戸")],
        [
            (200, "管理費"),
            (520, "8,500円/月"),
            (1310, "修繕積立金"),
            (1620, "5,200円/月"),
        ],
        [
            (200, "賃料"),
            (520, "85,000円(賃貸中)"),
            (1310, "表面利回り"),
            (1620, "4.29%"),
        ],
        [
            (200, "管理会社"),
            (520, "東急コミュニティー(委託)"),
            (1310, "取引態様"),
            (1620, "媒介"),
        ],
        [],
        [],
        *BAND,
    ]


def _list() -> list[list[Cell]]:
    """Letter-spaced labels in a column, values after them, the photo to the left."""
    return [
        [(150, "満室稼働中・管理良好")],
        [(150, "パークハウス南青山")],
        [(1230, "価 格"), (1560, "2380万円")],
        [(1230, "所 在 地"), (1560, "東京都港区南青山3丁目12-4")],
        [(1230, "交 通"), (1560, "東京メトロ銀座線『外苑前』駅徒歩5分")],
        [(1230, "専有面積"), (1560, "25.34m2(壁芯)")],
        [(500, "外観写真"), (1230, "間 取 り"), (1560, "1K")],
        [(1230, "築 年 月"), (1560, "平成18年3月")],
        [(1230, "構 造"), (1560, "鉄筋コンクリート造")],
        [(1230, "所 在 階"), (1560, "3階部分")],
        [(1230, "階 建"), (1560, "地上12階建")],
        [(1230, "総 戸 数"), (1560, "48戸")],
        [(1230, "管 理 費"), (1560, "月額8,500円")],
        [(1230, "修繕積立金"), (1560, "月額5,200円")],
        [(1230, "賃 料"), (1560, "85,000円(賃貸中)")],
        [(1230, "表面利回り"), (1560, "4.29%")],
        [],
        *BAND,
    ]


def _cards() -> list[list[Cell]]:
    """Each fact a card: the label on a strip, the value under it."""
    return [
        [(700, "パークハウス南青山")],
        [(850, "投資用ワンルームマンション")],
        [(170, "価格"), (910, "所在地"), (1650, "交通")],
        [
            (170, "2,380万円"),
            (910, "東京都港区南青山3丁目12-4"),
            (1650, "東京メトロ銀座線 外苑前駅 徒歩5分"),
        ],
        [(170, "専有面積"), (910, "バルコニー面積"), (1650, "間取り")],
        [(170, "25.34㎡"), (910, "3.40㎡"), (1650, "1K")],
        [(170, "築年月"), (910, "構造"), (1650, "所在階")],
        [(170, "2006年3月"), (910, "RC造"), (1650, "3階(地上12階建)")],
        [(170, "総戸数"), (910, "管理費"), (1650, "修繕積立金")],
        [(170, "48戸"), (910, "8,500円"), (1650, "5,200円")],
        [(170, "現況"), (910, "賃料"), (1650, "表面利回り")],
        [(170, "賃貸中"), (910, "85,000円(賃貸中)"), (1650, "4.29%")],
        [],
        *BAND,
    ]


@pytest.mark.parametrize(
    "layout", [_grid, _list, _cards], ids=["grid", "list", "cards"]
)
def test_every_field_is_read_in_each_layout(layout, make_page: PageFactory) -> None:
    """Grid tables, spaced lists and label-over-value cards all give every field."""
    reading = parse_maisoku([make_page(layout())])

    assert reading.fields.model_dump() == pytest.approx(EXPECTED)
    assert reading.reasons == {}


def test_a_vacant_unit_has_no_rent_and_says_why(make_page: PageFactory) -> None:
    """Without a 賃料 row the rent and yield are null, each with its reason."""
    rows = [row for row in _grid() if not any(text == "賃料" for _, text in row)]
    reading = parse_maisoku([make_page(rows)])

    assert reading.fields.monthly_rent_yen is None
    assert reading.fields.gross_yield_pct is None
    assert "賃料" in reading.reasons["monthly_rent_yen"]
    assert reading.fields.price_yen == 23_800_000


def test_ocr_noise_in_labels_and_digits_is_tolerated(make_page: PageFactory) -> None:
    """A misread label, O for 0 and a dropped bracket still give the right values."""
    rows = _grid()
    rows[4] = [(200, "交 通"), (520, "東京メトロ銀座線「外苑前駅 徒歩5分")]
    rows[6] = [
        (200, "価 格"),
        (520, "2,38O万円"),
        (1310, "専有面精"),
        (1620, "25.34㎡"),
    ]
    reading = parse_maisoku([make_page(rows)])

    assert reading.fields.price_yen == 23_800_000
    assert reading.fields.floor_area_sqm == pytest.approx(25.34)
    assert reading.fields.station_line == "東京メトロ銀座線"


def test_the_broker_is_the_one_in_the_band_not_the_manager(
    make_page: PageFactory,
) -> None:
    """The management company in the facts is never taken for the broker."""
    reading = parse_maisoku([make_page(_grid())])

    assert reading.fields.broker_name == "株式会社青山リアルティ"


def test_a_registry_copy_is_refused_as_the_wrong_document(
    make_page: PageFactory,
) -> None:
    """A certified copy given to the flyer reader fails for good, saying what it is."""
    copy = make_page(
        [
            [(186, "東京都港区南青山三丁目123-4-305"), (1800, "全部事項証明書 (建物)")],
            [(186, "表 題 部 (専有部分の建物の表示)")],
            [(186, "家屋番号"), (571, "南青山三丁目 123番4の305")],
            [(186, "権 利 部 (甲 区)")],
            [(186, "順位番号"), (400, "登記の目的")],
        ]
    )
    with pytest.raises(WrongDocumentError, match="certified copy"):
        parse_maisoku([copy])


def test_a_blank_page_is_refused_as_blank(make_page: PageFactory) -> None:
    """Nothing recognised at all is reported as a blank document."""
    with pytest.raises(WrongDocumentError, match="blank"):
        parse_maisoku([make_page([])])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("東京メトロ日比谷線「六本木」駅 徒歩5分", ("東京メトロ日比谷線", "六本木", 5)),
        ("東急東横線『中目黒』駅徒歩8分", ("東急東横線", "中目黒", 8)),
        ("JR山手線 目黒駅 徒歩7分", ("JR山手線", "目黒", 7)),
        ("ゆりかもめ「豊洲」駅 徒歩10分", ("ゆりかもめ", "豊洲", 10)),
        ("都営大江戸線[麻布十番]駅 歩9分", ("都営大江戸線", "麻布十番", 9)),
        ("京王線「笹塚」駅", ("京王線", "笹塚", None)),
        ("バス停「青山」下車", None),
    ],
)
def test_parse_access_splits_line_station_and_walk(text: str, expected: object) -> None:
    assert parse_access(text.replace(" ", "")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1K", "1K"),
        ("1LDK", "1LDK"),
        ("2SLDK", "2SLDK"),
        ("ワンルーム", "1R"),
        ("ILDK", "1LDK"),
        ("1r", "1R"),
        ("洋室", None),
    ],
)
def test_parse_layout_normalises_room_plans(text: str, expected: str | None) -> None:
    assert parse_layout(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RC造", "RC"),
        ("鉄筋コンクリート造", "RC"),
        ("SRC造", "SRC"),
        ("鉄骨鉄筋コンクリート造", "SRC"),
        ("鉄骨造", "S"),
        ("S造", "S"),
        ("木造", "W"),
        ("地上12階建", None),
    ],
)
def test_parse_structure_gives_the_usual_code(text: str, expected: str | None) -> None:
    assert parse_structure(text) == expected
