"""Japanese numbers, dates, money, areas and ratios become plain values."""

from datetime import date

import pytest

from processors.documents.normalize import (
    compact,
    era_year,
    japanese_number,
    kanji_to_int,
    parse_area,
    parse_date,
    parse_int,
    parse_percent,
    parse_ratio,
    parse_year_month,
    parse_yen,
    repair_chome,
    repair_lookalikes,
    to_ascii,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２３４５", "12345"),
        ("ＲＣ造", "RC造"),
        ("２５：３４", "25:34"),
        ("金２，５００万円", "金2,500万円"),
        ("（取扱店）", "(取扱店)"),
        ("ﾏﾝｼｮﾝ", "マンション"),
        ("25.34㎡", "25.34m2"),
        ("　全角　空白", " 全角 空白"),
    ],
)
def test_to_ascii_turns_full_width_forms_into_ascii(text: str, expected: str) -> None:
    assert to_ascii(text) == expected


def test_compact_drops_every_kind_of_space() -> None:
    assert compact("東京 都　港区 \t南青山") == "東京都港区南青山"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("〇", 0),
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十五", 25),
        ("九十九", 99),
        ("百", 100),
        ("百五", 105),
        ("三百二十一", 321),
        ("千", 1000),
        ("千二百", 1200),
        ("二千五百", 2500),
        ("一万", 10_000),
        ("一万二千三百四十五", 12_345),
        ("二千五百万", 25_000_000),
        ("一億二千五百万", 125_000_000),
        ("二〇〇六", 2006),
        ("一九", 19),
        ("弐拾", 20),
    ],
)
def test_kanji_to_int_reads_kanji_numerals(text: str, expected: int) -> None:
    assert kanji_to_int(text) == expected


@pytest.mark.parametrize("text", ["", "十a", "abc", "12", "万円"])
def test_kanji_to_int_refuses_anything_else(text: str) -> None:
    assert kanji_to_int(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２５", 25),
        ("1,234", 1234),
        ("二十五", 25),
        ("x", None),
    ],
)
def test_parse_int_reads_digits_or_kanji(text: str, expected: int | None) -> None:
    assert parse_int(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1億2,500万", 125_000_000),
        ("3.5万", 35_000),
        ("2500万", 25_000_000),
        ("一億", 100_000_000),
    ],
)
def test_japanese_number_mixes_digits_and_units(text: str, expected: int) -> None:
    assert japanese_number(text) == expected


@pytest.mark.parametrize(
    ("era", "year", "western"),
    [
        ("明治", 1, 1868),
        ("大正", 1, 1912),
        ("昭和", 1, 1926),
        ("昭和", 64, 1989),
        ("平成", 1, 1989),
        ("平成", 31, 2019),
        ("令和", 1, 2019),
        ("令和", 6, 2024),
    ],
)
def test_era_year_counts_from_the_first_year_of_the_era(
    era: str, year: int, western: int
) -> None:
    assert era_year(era, year) == western


def test_era_year_rejects_an_unknown_era_naming_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="令和"):
        era_year("天平", 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("平成１８年３月１０日新築", date(2006, 3, 10)),
        ("令和元年5月1日売買", date(2019, 5, 1)),
        ("令和２年５月１日売買", date(2020, 5, 1)),
        ("昭和６３年１２月１日", date(1988, 12, 1)),
        ("平成十八年三月十日", date(2006, 3, 10)),
        ("大正元年8月1日", date(1912, 8, 1)),
        ("明治45年7月29日", date(1912, 7, 29)),
        ("2006年3月10日", date(2006, 3, 10)),
        ("原因　平成 18 年 3 月 1 0 日売買", date(2006, 3, 10)),
        ("〔平成１８年３月２０日〕", date(2006, 3, 20)),
    ],
)
def test_parse_date_reads_era_and_western_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["平成18年3月", "平成18年13月40日", "新築", ""])
def test_parse_date_needs_a_whole_valid_date(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2006年3月", "2006-03"),
        ("平成18年3月", "2006-03"),
        ("平成元年1月", "1989-01"),
        ("2006年(平成18年)3月", "2006-03"),
        ("平成18年(2006年)3月築", "2006-03"),
        ("2006/03", "2006-03"),
        ("２００６年１１月", "2006-11"),
        ("令和4年1月", "2022-01"),
        ("築年月不詳", None),
    ],
)
def test_parse_year_month_returns_year_and_month(
    text: str, expected: str | None
) -> None:
    assert parse_year_month(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("金２，５００万円", 25_000_000),
        ("2,380万円", 23_800_000),
        ("2380万円", 23_800_000),
        ("1億2,500万円", 125_000_000),
        ("1億円", 100_000_000),
        ("23,800,000円", 23_800_000),
        ("8,500円/月", 8_500),
        ("月額8,500円", 8_500),
        ("¥8,500円", 8_500),
        ("金二千五百万円", 25_000_000),
        ("金１，２３４万５，０００円", 12_345_000),
        ("金3.290万円", 32_900_000),
        ("金2,. 500万円", 25_000_000),
        ("金6.220王円", 62_200_000),
        ("3.5万円", 35_000),
    ],
)
def test_parse_yen_reads_amounts_in_yen(text: str, expected: int) -> None:
    assert parse_yen(text) == expected


@pytest.mark.parametrize("text", ["価格未定", "", "2,380万"])
def test_parse_yen_needs_an_amount_in_yen(text: str) -> None:
    assert parse_yen(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("２５：３４", 25.34),
        ("３階部分　２５：３４", 25.34),
        ("25.34㎡", 25.34),
        ("25.34m2", 25.34),
        ("25.34 m²", 25.34),
        ("25.34平米", 25.34),
        ("25㎡", 25.0),
        ("58.45㎡（壁芯）", 58.45),
        ("25 : 34", 25.34),
        ("1234：56", 1234.56),
    ],
)
def test_parse_area_reads_square_metres(text: str, expected: float) -> None:
    assert parse_area(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["3階", "居宅", ""])
def test_parse_area_needs_decimals_or_a_unit(text: str) -> None:
    assert parse_area(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１２３４５分の２３４", "234/12345"),
        ("12345 分 の 234", "234/12345"),
        ("一万二千三百四十五分の二百三十四", "234/12345"),
        ("100分の1", "1/100"),
        ("分の", None),
        ("0分の1", None),
    ],
)
def test_parse_ratio_writes_the_share_as_part_over_whole(
    text: str, expected: str | None
) -> None:
    assert parse_ratio(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4.29%", 4.29), ("4.29 ％", 4.29), ("5%", 5.0), ("年率", None)],
)
def test_parse_percent_reads_a_percentage(text: str, expected: float | None) -> None:
    assert parse_percent(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("タワ一", "タワー"),
        ("スカイコ一ト", "スカイコート"),
        ("ハイ工スト", "ハイエスト"),
        ("港区六本木ー丁目", "港区六本木一丁目"),
        ("川ロ", "川口"),
        ("パークハウス二番町", "パークハウス二番町"),
        ("新宿エステート", "新宿エステート"),
        ("東京タワー", "東京タワー"),
    ],
)
def test_repair_lookalikes_picks_the_script_of_the_neighbours(
    text: str, expected: str
) -> None:
    assert repair_lookalikes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("田園調布一本目20番3号", "田園調布一丁目20番3号"),
        ("本郷五十目654番地10", "本郷五丁目654番地10"),
        ("本郷五目654番10の806", "本郷五丁目654番10の806"),
        ("南船場3]目2-8", "南船場3丁目2-8"),
        ("芝浦二丁目231番地17", "芝浦二丁目231番地17"),
        ("十丁目1番", "十丁目1番"),
        ("五目並べ", "五目並べ"),
    ],
)
def test_repair_chome_restores_the_cho_of_chome(text: str, expected: str) -> None:
    assert repair_chome(text) == expected
