"""The certified copy parser reads every field from OCR lines, noise and all."""

from collections.abc import Sequence
from datetime import date

import pytest

from processors.documents.certified_copy import parse_certified_copy
from processors.documents.exceptions import WrongDocumentError
from processors.documents.reading import Mortgage

from .conftest import Cell, PageFactory

RIGHTS = (186, 400, 764, 1277)
RIGHTS_HEADER: list[Cell] = [
    (186, "順位番号"),
    (400, "登記の目的"),
    (764, "受付年月日・受付番号"),
    (1277, "権利者その他の事項"),
]


def _title_rows() -> list[list[Cell]]:
    return [
        [(186, "東京都港区南青山三丁目123-4-305"), (1800, "全部事項証明書 (建物)")],
        [(186, "専有部分の家屋番号"), (600, "123-4-201 ~ 123-4-1205")],
        [(186, "表 題 部 (一棟の建物の表示)"), (1250, "調製"), (1500, "余白")],
        [(186, "所"), (330, "在"), (571, "港区南青山三丁目 123番地4"), (1900, "余白")],
        [(186, "建物の名称"), (571, "パークハウス南青山"), (1900, "余白")],
        [
            (186, "①構 造"),
            (1040, "②床 面 積 ㎡"),
            (1500, "原因及びその日付〔登記の日付〕"),
        ],
        [
            (186, "鉄筋コンクリート造陸屋根12階建"),
            (1040, "1階 456:78"),
            (1500, "〔平成18年3月20日〕"),
        ],
        [(1040, "2階 432:10")],
        [(186, "表 題 部 (敷地権の目的である土地の表示)")],
        [
            (186, "①土地の符号 ②所在及び地番"),
            (1200, "③地目"),
            (1450, "④地積 ㎡"),
            (1800, "登記の日付"),
        ],
        [
            (200, "1"),
            (460, "港区南青山三丁目123番4"),
            (1200, "宅地"),
            (1450, "1234:56"),
            (1800, "平成18年3月20日"),
        ],
    ]


def _unit_rows(floor_area: str = "3階部分 25:34") -> list[list[Cell]]:
    return [
        [
            (186, "表 題 部 (専有部分の建物の表示)"),
            (1250, "不動産番号"),
            (1650, "0123456789012"),
        ],
        [(186, "家屋番号"), (571, "南青山三丁目 123番4の305"), (1900, "余白")],
        [(186, "建物の名称"), (571, "305"), (1900, "余白")],
        [
            (186, "①種類"),
            (486, "②構 造"),
            (1128, "③床 面 積 ㎡"),
            (1642, "原因及びその日付〔登記の日付〕"),
        ],
        [
            (186, "居宅"),
            (486, "鉄筋コンクリート造1階建"),
            (1128, floor_area),
            (1642, "平成18年3月10日新築"),
        ],
        [(1642, "〔平成18年3月20日〕")],
        [(186, "表 題 部 (敷地権の表示)")],
        [
            (186, "①土地の符号"),
            (486, "②敷地権の種類"),
            (1000, "③敷地権の割合"),
            (1500, "原因及びその日付"),
        ],
        [
            (200, "1"),
            (486, "所有権"),
            (1000, "12345分の234"),
            (1500, "平成18年3月10日敷地権"),
        ],
    ]


def _ownership_rows(third_owner: bool = True) -> list[list[Cell]]:
    rows = [
        [(186, "権 利 部 (甲 区) (所 有 権 に 関 す る 事 項)")],
        RIGHTS_HEADER,
        [
            (200, "1"),
            (400, "所有権保存"),
            (764, "平成18年4月5日"),
            (1277, "原因 平成18年3月25日売買"),
        ],
        [(764, "第12345号"), (1277, "所有者 東京都世田谷区桜新町一丁目2番3号")],
        [(1357, "山田太郎")],
        [
            (200, "2"),
            (400, "所有権移転"),
            (764, "令和2年5月10日"),
            (1277, "原因 令和2年5月1日売買"),
        ],
        [(764, "第6789号"), (1277, "所有者 大阪府豊中市新千里東町四丁目29番4号")],
        [(1357, "岡本誠")],
    ]
    return rows if third_owner else rows[:5]


def _mortgage_rows() -> list[list[Cell]]:
    return [
        [(186, "権 利 部 (乙 区) (所 有 権 以 外 の 権 利 に 関 す る 事 項)")],
        RIGHTS_HEADER,
        [
            (200, "1"),
            (400, "抵当権設定"),
            (764, "平成18年4月5日"),
            (1277, "原因 平成18年4月5日金銭消費貸借同日設定"),
        ],
        [(764, "第12346号"), (1277, "債権額 金2,500万円")],
        [(1277, "利息 年2・50%(年365日日割計算)")],
        [(1277, "債務者 東京都世田谷区桜新町一丁目2番3号")],
        [(1357, "山田太郎")],
        [(1277, "抵当権者 東京都千代田区丸の内一丁目1番2号")],
        [(1357, "株式会社三井住友銀行")],
        [
            (200, "2"),
            (400, "1番抵当権抹消"),
            (764, "令和2年5月10日"),
            (1277, "原因 令和2年5月8日解除"),
        ],
        [
            (200, "3"),
            (400, "抵当権設定"),
            (764, "令和2年5月10日"),
            (1277, "原因 令和2年5月10日金銭消費貸借同日設定"),
        ],
        [(764, "第6790号"), (1277, "債権額 金3,290万円")],
        [(1277, "債務者 大阪府豊中市新千里東町四丁目29番4号")],
        [(1357, "岡本誠")],
        [(1277, "抵当権者 東京都港区赤坂二丁目3番5号")],
        [(1357, "株式会社東京スター銀行")],
        [(1357, "(取扱店 新宿支店)")],
    ]


def _footer_rows() -> list[list[Cell]]:
    return [
        [(186, "これは登記記録に記録されている事項の全部を証明した書面である。")],
        [(280, "令和6年3月1日")],
        [(280, "東京法務局港出張所"), (900, "登記官"), (1200, "法務太郎")],
        [(160, "* 下線のあるものは抹消事項であることを示す。"), (2200, "1/1")],
    ]


def _copy(rows: Sequence[Sequence[Cell]], make_page: PageFactory) -> list:
    return [make_page(rows)]


def test_every_field_is_read_from_a_clean_copy(make_page: PageFactory) -> None:
    """All twelve fields come out, the owner and mortgage being the current ones."""
    rows = _title_rows() + _unit_rows() + _ownership_rows() + _mortgage_rows()
    reading = parse_certified_copy([make_page(rows + _footer_rows())])

    fields = reading.fields
    assert fields.location == "港区南青山三丁目123番地4"
    assert fields.building_name == "パークハウス南青山"
    assert fields.house_number == "南青山三丁目123番4の305"
    assert fields.kind == "居宅"
    assert fields.structure == "鉄筋コンクリート造1階建"
    assert fields.floor_area_sqm == pytest.approx(25.34)
    assert fields.built_on == date(2006, 3, 10)
    assert fields.land_right_ratio == "234/12345"
    assert fields.owner_name == "岡本誠"
    assert fields.owner_address == "大阪府豊中市新千里東町四丁目29番4号"
    assert fields.ownership_acquired_on == date(2020, 5, 1)
    assert fields.mortgages == [
        Mortgage(amount_yen=32_900_000, mortgagee="株式会社東京スター銀行")
    ]
    assert reading.reasons == {}
    assert all(0 < value <= 1 for value in reading.confidence.values())


def test_a_copy_without_an_otsu_section_has_no_mortgages(
    make_page: PageFactory,
) -> None:
    """No 乙区 means nothing but ownership is registered: an empty list, not null."""
    rows = _title_rows() + _unit_rows() + _ownership_rows(third_owner=False)
    reading = parse_certified_copy([make_page(rows + _footer_rows())])

    assert reading.fields.mortgages == []
    assert reading.fields.owner_name == "山田太郎"
    assert reading.fields.ownership_acquired_on == date(2006, 3, 25)


def test_sections_continue_across_pages_under_the_repeated_header(
    make_page: PageFactory,
) -> None:
    """A mortgage printed on page 2, under the page header, is still read."""
    mortgages = _mortgage_rows()
    first = _title_rows() + _unit_rows() + _ownership_rows() + mortgages[:9]
    second = [
        [(186, "東京都港区南青山三丁目123-4-305"), (1800, "全部事項証明書 (建物)")],
        *mortgages[9:],
        *_footer_rows(),
    ]
    reading = parse_certified_copy([make_page(first), make_page(second, number=2)])

    assert reading.fields.mortgages == [
        Mortgage(amount_yen=32_900_000, mortgagee="株式会社東京スター銀行")
    ]


def test_common_ocr_noise_is_tolerated(make_page: PageFactory) -> None:
    """Misread labels, a garbled entry number and 万 read as 王 still parse."""
    unit = _unit_rows(floor_area="3階部分 25 : 34")
    unit[4] = [
        (186, "居宅"),
        (486, "鉄筋コンクリ一ト造1階建"),
        (1128, "3階部分 25 : 34"),
        (1642, "平成18年3月10日新築"),
    ]
    mortgages = _mortgage_rows()
    mortgages[10] = [
        (200, "芽"),
        (400, "抵当権設"),
        (764, "令和2年5月10日"),
        (1277, "原肉 令和2年5月10日金銭消費貸借同日設定"),
    ]
    mortgages[11] = [(764, "第6790号"), (1277, "債権倍 金3.290王円")]
    rows = _title_rows() + unit + _ownership_rows() + mortgages + _footer_rows()

    reading = parse_certified_copy([make_page(rows)])

    assert reading.fields.structure == "鉄筋コンクリート造1階建"
    assert reading.fields.floor_area_sqm == pytest.approx(25.34)
    assert reading.fields.mortgages == [
        Mortgage(amount_yen=32_900_000, mortgagee="株式会社東京スター銀行")
    ]


def test_an_unreadable_field_is_null_with_a_reason(make_page: PageFactory) -> None:
    """A floor area OCR could not read is not guessed."""
    rows = _title_rows() + _unit_rows(floor_area="3階部分 ii") + _ownership_rows()
    reading = parse_certified_copy([make_page(rows + _footer_rows())])

    assert reading.fields.floor_area_sqm is None
    assert "床面積" in reading.reasons["floor_area_sqm"]
    assert reading.confidence["floor_area_sqm"] == 0.0


def test_a_flyer_is_refused_as_the_wrong_document(make_page: PageFactory) -> None:
    """A flyer given to the registry reader fails for good, saying what it is like."""
    flyer = make_page(
        [
            [(150, "パークハウス南青山")],
            [(150, "価格"), (500, "2,380万円"), (1200, "専有面積"), (1600, "25.34㎡")],
            [(150, "交通"), (500, "東京メトロ銀座線「外苑前」駅 徒歩5分")],
            [(150, "間取り"), (500, "1K"), (1200, "表面利回り"), (1600, "4.50%")],
        ]
    )
    with pytest.raises(WrongDocumentError, match="flyer"):
        parse_certified_copy([flyer])


def test_a_blank_page_is_refused_as_blank(make_page: PageFactory) -> None:
    """Nothing recognised at all is reported as a blank document."""
    with pytest.raises(WrongDocumentError, match="blank"):
        parse_certified_copy([make_page([])])


def test_columns_hold_on_a_skewed_scan_across_pages(make_page: PageFactory) -> None:
    """At -0.9° a column drifts a character's width down the page; it is still read.

    The 乙区 header ends page 1 and its entries start page 2, so the column edges
    are measured at the bottom of one page and used at the top of the next.
    """
    filler = [[(186, f"{index + 1}階 456:78")] for index in range(22)]
    mortgages = _mortgage_rows()
    first = _title_rows() + filler + _unit_rows() + _ownership_rows() + mortgages[:2]
    second = mortgages[2:] + _footer_rows()

    reading = parse_certified_copy(
        [
            make_page(first, angle_deg=-0.9),
            make_page(second, number=2, angle_deg=-0.9),
        ]
    )

    assert reading.fields.mortgages == [
        Mortgage(amount_yen=32_900_000, mortgagee="株式会社東京スター銀行")
    ]
    assert reading.fields.owner_name == "岡本誠"
