"""Writing values the way Japanese documents print them."""

from datetime import date

from processors.documents.normalize import ERA_FIRST_YEARS

_ERA_STARTS = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1868, 1, 25), "明治"),
)
_KANJI_DIGITS = "〇一二三四五六七八九"


def fullwidth(text: str) -> str:
    """ASCII letters, digits, punctuation and spaces as their full-width forms."""
    return "".join(
        "　" if char == " " else chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char
        for char in text
    )


def kanji_number(value: int) -> str:
    """A number below 100 as kanji, the way chōme are written: 三, 十二, 二十."""
    if not 0 < value < 100:
        raise ValueError(f"kanji_number takes 1 to 99, got {value}")
    tens, units = divmod(value, 10)
    written = "" if tens == 0 else "十" if tens == 1 else _KANJI_DIGITS[tens] + "十"
    return written + (_KANJI_DIGITS[units] if units else "")


def era_of(day: date) -> tuple[str, int]:
    """The era and the year within it of a date."""
    for start, era in _ERA_STARTS:
        if day >= start:
            return era, day.year - ERA_FIRST_YEARS[era] + 1
    raise ValueError(f"{day} is before the Meiji era, the earliest supported")


def era_date(day: date, *, with_day: bool = True, full: bool = True) -> str:
    """平成１８年３月１０日 (full-width) or 平成18年3月10日; 元年 for year 1."""
    era, year = era_of(day)
    year_text = "元" if year == 1 else str(year)
    text = f"{era}{year_text}年{day.month}月" + (f"{day.day}日" if with_day else "")
    return fullwidth(text) if full else text


def registry_area(square_metres: float) -> str:
    """An area as the registry prints it: ２５：３４."""
    whole, hundredths = divmod(round(square_metres * 100), 100)
    return fullwidth(f"{whole}:{hundredths:02d}")


def registry_yen(amount: int) -> str:
    """An amount as the registry prints it: 金２，５００万円, 金１２万５，０００円."""
    man, rest = divmod(amount, 10_000)
    text = f"{man:,}万" if man else ""
    text += f"{rest:,}円" if rest else "円"
    return "金" + fullwidth(text)


def flyer_price(amount: int, style: int) -> str:
    """A price as flyers print it: 2,380万円, 2380万円, 1億2,500万円 or 23,800,000円."""
    if style == 2:
        return f"{amount:,}円"
    oku, man = divmod(amount // 10_000, 10_000)
    man_text = f"{man:,}" if style == 0 else str(man)
    if oku:
        return f"{oku}億" + (f"{man_text}万円" if man else "円")
    return f"{man_text}万円"
