"""Japanese numbers, dates, money, areas and ratios as plain values.

Every parser runs its text through `to_ascii` first, so the functions below accept
full-width and ASCII forms alike; they return None when the text holds no value of
their kind rather than guessing.
"""

import re
import unicodedata
from datetime import date

KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "○": 0,
    "一": 1,
    "壱": 1,
    "二": 2,
    "弐": 2,
    "三": 3,
    "参": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "億": 10**8, "兆": 10**12}
KANJI_NUMBER_CHARS = "".join([*KANJI_DIGITS, *SMALL_UNITS, *BIG_UNITS])

PREFECTURES = (
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
)
"""The 47 prefectures (都道府県)."""

ERA_FIRST_YEARS = {"明治": 1868, "大正": 1912, "昭和": 1926, "平成": 1989, "令和": 2019}
"""The western year of each era's first year (元年)."""

_NUMBER = rf"[0-9{KANJI_NUMBER_CHARS}元]+"
_ERA_DATE = re.compile(
    rf"(?P<era>{'|'.join(ERA_FIRST_YEARS)})\s*(?P<year>{_NUMBER})\s*年"
    rf"\s*(?P<month>{_NUMBER})\s*月(?:\s*(?P<day>{_NUMBER})\s*日)?"
)
_WESTERN_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:1[89]|20)\d\d)\s*(?:年|[./-])\s*(?P<month>\d{1,2})\s*"
    r"(?:月|[./-])?(?:\s*(?P<day>\d{1,2})\s*日)?"
)
_YEN = re.compile(
    rf"(?P<number>[0-9{KANJI_NUMBER_CHARS},.]*[0-9{KANJI_NUMBER_CHARS}])\s*(?P<unit>円)"
)
_AREA = re.compile(
    r"(?<![\d.])(?P<whole>\d+)(?:(?P<sep>[.:;,])(?P<fraction>\d+))?"
    r"(?P<unit>m2|平米|平方メートル)?"
)
_ASIDE = re.compile(r"\([^()]{0,12}\)")
_RATIO = re.compile(
    rf"(?P<whole>[0-9{KANJI_NUMBER_CHARS}]+)\s*分\s*の\s*(?P<part>[0-9{KANJI_NUMBER_CHARS}]+)"
)
_PERCENT = re.compile(r"(?P<value>\d+(?:\.\d+)?)\s*%")


def to_ascii(text: str) -> str:
    """Full-width digits, letters, spaces and punctuation to their ASCII forms.

    NFKC also turns ㎡ into "m2", ① into "1" and half-width katakana into
    full-width; the long vowel mark and Japanese brackets are kept.
    """
    return unicodedata.normalize("NFKC", text)


def compact(text: str) -> str:
    """ASCII forms without any whitespace: OCR adds and drops spaces at will."""
    return re.sub(r"\s+", "", to_ascii(text))


def kanji_to_int(text: str) -> int | None:
    """The value of a kanji numeral (二十五, 千二百, 二〇〇六, 一万二千), or None."""
    if not text or any(char not in KANJI_NUMBER_CHARS for char in text):
        return None
    if not any(char in SMALL_UNITS or char in BIG_UNITS for char in text):
        # Digit by digit, as years are often written: 二〇〇六.
        return int("".join(str(KANJI_DIGITS[char]) for char in text))
    total, section, digit = 0, 0, None
    for char in text:
        if char in KANJI_DIGITS:
            digit = KANJI_DIGITS[char]
        elif char in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        else:
            total += (section + (digit or 0) or 1) * BIG_UNITS[char]
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_int(text: str) -> int | None:
    """An integer written in ASCII or full-width digits (with commas) or in kanji."""
    cleaned = compact(text).replace(",", "")
    if cleaned.isdigit():
        return int(cleaned)
    return japanese_number(cleaned)


def japanese_number(text: str) -> int | None:
    """A number mixing arabic digits and kanji units: 1億2,500万, 二千五百万, 3.5万."""
    cleaned = compact(text).replace(",", "")
    if not cleaned:
        return None
    total = 0
    for chunk, unit in re.findall(r"([^万億兆]*)([万億兆]?)", cleaned):
        if not chunk and not unit:
            continue
        value = _chunk_value(chunk) if chunk else 1
        if value is None:
            return None
        total += round(value * BIG_UNITS.get(unit, 1))
    return total


def _chunk_value(chunk: str) -> float | None:
    if re.fullmatch(r"\d+(\.\d+)?", chunk):
        return float(chunk)
    return kanji_to_int(chunk)


def _number_or_gannen(text: str) -> int | None:
    return 1 if text == "元" else parse_int(text)


def parse_date(text: str) -> date | None:
    """The first full date in the text: 平成18年3月10日 or 2006年3月10日."""
    found = _first_date(compact(text))
    if found is None:
        return None
    year, month, day = found
    if day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_year_month(text: str) -> str | None:
    """The first year and month in the text as "YYYY-MM" (平成18年3月, 2006年3月)."""
    found = _first_date(compact(text))
    if found is None or not 1 <= found[1] <= 12:
        return None
    return f"{found[0]:04d}-{found[1]:02d}"


def _first_date(text: str) -> tuple[int, int, int | None] | None:
    # 2006年(平成18年)3月: the aside repeats the year in the other calendar.
    text = _ASIDE.sub("", text)
    candidates = [
        match for match in (_ERA_DATE.search(text), _WESTERN_DATE.search(text)) if match
    ]
    if not candidates:
        return None
    match = min(candidates, key=lambda found: found.start())
    year = _number_or_gannen(match["year"])
    month = parse_int(match["month"])
    day = parse_int(match["day"]) if match["day"] else None
    if year is None or month is None:
        return None
    if "era" in match.groupdict() and match["era"]:
        year = ERA_FIRST_YEARS[match["era"]] + year - 1
    return year, month, day


def era_year(era: str, year: int) -> int:
    """The western year of a year of a Japanese era (元年 is year 1)."""
    if era not in ERA_FIRST_YEARS:
        raise ValueError(f"unknown era {era!r}; allowed: {', '.join(ERA_FIRST_YEARS)}")
    return ERA_FIRST_YEARS[era] + year - 1


def parse_yen(text: str) -> int | None:
    """The first amount of money in yen: 金2,500万円, 1億2,500万円, 8,500円."""
    # 万 is often read as 方 or 王; neither can stand between digits and 円.
    cleaned = re.sub(r"(?<=\d)[方王](?=円)", "万", compact(text).replace("¥", ""))
    cleaned = re.sub(r"(?<=\d)[、､。](?=\d)", ",", cleaned)
    match = _YEN.search(cleaned)
    if match is None:
        return None
    number = match["number"]
    # OCR often reads a thousands comma as a point; 2.380万 is never printed.
    number = re.sub(r"[.,](?=\d{3}(?!\d))", "", number).replace(",", "")
    return japanese_number(number)


def parse_area(text: str) -> float | None:
    """The first area in square metres: 25.34㎡, 25.34m2, 25.34平米, 25:34."""
    for match in _AREA.finditer(compact(text)):
        if match["fraction"] is not None:
            return float(f"{match['whole']}.{match['fraction']}")
        if match["unit"] is not None:
            return float(match["whole"])
    return None


def parse_ratio(text: str) -> str | None:
    """A share written as 12345分の234, returned as "234/12345"."""
    match = _RATIO.search(compact(text))
    if match is None:
        return None
    whole, part = parse_int(match["whole"]), parse_int(match["part"])
    if whole is None or part is None or whole == 0:
        return None
    return f"{part}/{whole}"


def parse_percent(text: str) -> float | None:
    """The first percentage: 4.29%, 4.29 ％."""
    match = _PERCENT.search(compact(text))
    return float(match["value"]) if match else None


_AS_KATAKANA = {
    "一": "ー",
    "-": "ー",
    "—": "ー",
    "‐": "ー",
    "口": "ロ",
    "力": "カ",
    "工": "エ",
    "二": "ニ",
    "卜": "ト",
    "夕": "タ",
    "八": "ハ",
    "へ": "ヘ",
    "べ": "ベ",
    "ぺ": "ペ",
}
_AS_KANJI = {
    "ー": "一",
    "ロ": "口",
    "カ": "力",
    "エ": "工",
    "ニ": "二",
    "タ": "夕",
    "ハ": "八",
}


def is_katakana(char: str) -> bool:
    """Whether a character is katakana or the long vowel mark."""
    return "ァ" <= char <= "ヺ" or char == "ー"


def is_kana(char: str) -> bool:
    """Whether a character is hiragana or katakana (with the long vowel mark)."""
    return "ぁ" <= char <= "ゖ" or is_katakana(char)


def is_kanji(char: str) -> bool:
    """Whether a character is a CJK ideograph (kanji), including 々 and 〇."""
    return len(char) == 1 and ("一" <= char <= "鿿" or char in "々〇")


def repair_lookalikes(text: str) -> str:
    """Swap characters OCR confuses between scripts, judged by their neighbours.

    一/ー, 口/ロ, 力/カ, 工/エ, 二/ニ, 夕/タ, 八/ハ and へ/ヘ look alike: one after
    katakana and not before kanji is katakana (タワ一 → タワー); one after kanji and
    not before katakana is kanji (六本木ー丁目 → 六本木一丁目).
    """
    chars = list(text)
    for index, char in enumerate(chars):
        before = chars[index - 1] if index > 0 else ""
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if char in _AS_KATAKANA and is_katakana(before) and not is_kanji(after):
            chars[index] = _AS_KATAKANA[char]
        elif char in _AS_KANJI and is_kanji(before) and not is_katakana(after):
            chars[index] = _AS_KANJI[char]
    return "".join(chars)


_CHOME_MISREAD = re.compile(r"(?<=[一二三四五六七八九十\d])[本十了T亍寸\]」J](?=目)")
_CHOME_DROPPED = re.compile(r"(?<=[一二三四五六七八九十])目(?=\d)")


def repair_chome(text: str) -> str:
    """Restore the 丁 of 丁目 in an address, which OCR often misreads or drops.

    三本目, 三十目 or 3]目 can only be 三丁目 or 3丁目, and 三目 followed by digits
    lost its 丁.
    """
    return _CHOME_DROPPED.sub("丁目", _CHOME_MISREAD.sub("丁", text))
