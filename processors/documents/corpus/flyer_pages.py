"""Drawing a flyer (マイソク) at 300 dpi in one of three broker layouts."""

import random
from collections.abc import Callable

from PIL import Image, ImageDraw

from processors.documents.corpus.drawing import (
    A4_300DPI,
    SANS,
    SANS_BOLD,
    font,
    text_in_box,
)
from processors.documents.corpus.flyer_values import STRUCTURES, Flyer, built_text
from processors.documents.corpus.japanese import flyer_price, fullwidth

MARGIN = 150
WIDTH = A4_300DPI[0] - 2 * MARGIN
INK = (25, 25, 25)
BAND_TOP = 3010
Facts = list[tuple[str, list[str]]]


def facts(flyer: Flyer) -> Facts:
    """The flyer's table of facts as (label, lines of value), in the usual order."""
    rows: Facts = [
        ("価格", [flyer_price(flyer.price_yen, flyer.styles["price"])]),
        ("所在地", [flyer.address]),
        ("交通", [_access_text(flyer, index) for index in range(len(flyer.access))]),
        ("専有面積", [f"{flyer.floor_area:.2f}㎡（壁芯）"]),
        ("バルコニー面積", [f"{flyer.balcony_area:.2f}㎡"]),
        ("間取り", [flyer.layout]),
        ("築年月", [built_text(flyer)]),
        ("構造", [_structure_text(flyer)]),
        *_floor_rows(flyer),
        ("総戸数", [f"{flyer.total_units}戸"]),
        ("管理費", [_fee_text(flyer, flyer.management_fee)]),
        ("修繕積立金", [_fee_text(flyer, flyer.repair_reserve)]),
        ("現況", ["賃貸中" if flyer.rent else "空室"]),
    ]
    if flyer.rent is not None:
        rows.append(("賃料", [f"{flyer.rent:,}円（賃貸中）"]))
        rows.append(("表面利回り", [f"{flyer.gross_yield:.2f}%"]))
    rows.append(("管理会社", [f"{flyer.manager}（委託）"]))
    rows.append(("取引態様", ["媒介"]))
    return rows


def _access_text(flyer: Flyer, index: int) -> str:
    access = flyer.access[index]
    style = flyer.styles["access"]
    if style == 2 and access.line.endswith("線"):
        return f"{access.line} {access.station}駅 徒歩{access.walk_minutes}分"
    if style == 1:
        return f"{access.line}『{access.station}』駅徒歩{access.walk_minutes}分"
    return f"{access.line}「{access.station}」駅 徒歩{access.walk_minutes}分"


def _structure_text(flyer: Flyer) -> str:
    if flyer.styles["floor"] == 0:
        return f"{flyer.structure}造"
    return STRUCTURES[flyer.structure]


def _floor_rows(flyer: Flyer) -> Facts:
    style = flyer.styles["floor"]
    if style == 0:
        return [("所在階/階建", [f"{flyer.floor}階/{flyer.total_floors}階建"])]
    if style == 1:
        return [
            ("所在階", [f"{flyer.floor}階部分"]),
            ("階建", [f"地上{flyer.total_floors}階建"]),
        ]
    return [("所在階", [f"{flyer.floor}階（地上{flyer.total_floors}階建）"])]


def _fee_text(flyer: Flyer, amount: int) -> str:
    style = flyer.styles["fee"]
    return (f"{amount:,}円/月", f"月額{amount:,}円", f"{amount:,}円")[style]


def render_flyer(flyer: Flyer, rng: random.Random) -> Image.Image:
    """The flyer in a layout chosen by the generator, clean (before scanning)."""
    page = Image.new("RGB", A4_300DPI, "white")
    draw = ImageDraw.Draw(page)
    layout: Callable[[ImageDraw.ImageDraw, Flyer, random.Random], None] = rng.choice(
        (_grid_layout, _list_layout, _card_layout)
    )
    layout(draw, flyer, rng)
    _broker_band(draw, flyer, rng)
    return page


def _grid_layout(draw: ImageDraw.ImageDraw, flyer: Flyer, rng: random.Random) -> None:
    """A title band, photo and plan side by side, then a four-column fact table."""
    tint = rng.choice(((228, 238, 250), (250, 236, 224), (232, 245, 232)))
    draw.rectangle((MARGIN, 130, MARGIN + WIDTH, 420), fill=tint)
    draw.text((MARGIN + 40, 160), flyer.catch_copy, font=font(SANS, 48), fill=INK)
    draw.text((MARGIN + 40, 250), flyer.name, font=font(SANS_BOLD, 110), fill=INK)
    _photo(draw, (MARGIN, 480, MARGIN + 1060, 1260))
    _floor_plan(draw, (MARGIN + 1120, 480, MARGIN + WIDTH, 1260), flyer)
    rows = facts(flyer)
    wide = [row for row in rows if row[0] in ("所在地", "交通")]
    pairs = [row for row in rows if row[0] not in ("所在地", "交通")]
    y = 1330
    for label, value in wide:
        y = _grid_row(draw, y, [(label, value)])
    for index in range(0, len(pairs), 2):
        y = _grid_row(draw, y, pairs[index : index + 2])
    remark = (
        "備考：現況賃貸中のため室内のご見学はできません。"
        if flyer.rent
        else "備考：即入居可。"
    )
    draw.text((MARGIN, y + 40), remark, font=font(SANS, 38), fill=INK)


def _grid_row(draw: ImageDraw.ImageDraw, top: int, cells: Facts) -> int:
    label_width, height = 340, 96 + 56 * (max(len(value) for _, value in cells) - 1)
    value_width = (WIDTH - len(cells) * label_width) // len(cells)
    x = MARGIN
    for label, value in cells:
        draw.rectangle(
            (x, top, x + label_width, top + height),
            fill=(236, 236, 236),
            outline=INK,
            width=2,
        )
        text_in_box(
            draw, (x, top, x + label_width, top + height), label, font(SANS, 40), INK
        )
        x += label_width
        draw.rectangle((x, top, x + value_width, top + height), outline=INK, width=2)
        for index, line in enumerate(value):
            draw.text(
                (x + 30, top + 22 + 56 * index), line, font=font(SANS, 42), fill=INK
            )
        x += value_width
    return top + height


def _list_layout(draw: ImageDraw.ImageDraw, flyer: Flyer, rng: random.Random) -> None:
    """Photo and plan on the left, a list of spaced labels and values on the right."""
    draw.text((MARGIN, 140), flyer.catch_copy, font=font(SANS, 46), fill=(180, 30, 30))
    draw.text((MARGIN, 215), flyer.name, font=font(SANS_BOLD, 104), fill=INK)
    draw.line((MARGIN, 370, MARGIN + WIDTH, 370), fill=(30, 60, 140), width=8)
    _photo(draw, (MARGIN, 430, MARGIN + 1000, 1330))
    _floor_plan(draw, (MARGIN, 1400, MARGIN + 1000, 2900), flyer)
    x, y = MARGIN + 1080, 440
    for label, value in facts(flyer):
        spaced = "　".join(label) if len(label) <= 3 else label
        draw.text((x, y), spaced, font=font(SANS_BOLD, 40), fill=(30, 60, 140))
        for index, line in enumerate(value):
            draw.text((x + 330, y + 56 * index), line, font=font(SANS, 40), fill=INK)
        y += 56 * len(value) + 52
        draw.line((x, y - 26, MARGIN + WIDTH, y - 26), fill=(150, 150, 150), width=2)


def _card_layout(draw: ImageDraw.ImageDraw, flyer: Flyer, rng: random.Random) -> None:
    """A centred title, the price in a box, then the facts as label-over-value cards."""
    title = font(SANS_BOLD, 100)
    draw.text(
        ((A4_300DPI[0] - title.getlength(flyer.name)) / 2, 150),
        flyer.name,
        font=title,
        fill=INK,
    )
    catch = font(SANS, 46)
    draw.text(
        ((A4_300DPI[0] - catch.getlength(flyer.catch_copy)) / 2, 300),
        flyer.catch_copy,
        font=catch,
        fill=INK,
    )
    _photo(draw, (MARGIN, 420, MARGIN + 1300, 1150))
    _floor_plan(draw, (MARGIN + 1360, 420, MARGIN + WIDTH, 1150), flyer)
    rows = facts(flyer)
    columns, card_width, card_height = 3, (WIDTH - 2 * 40) // 3, 200
    for index, (label, value) in enumerate(rows):
        row, column = divmod(index, columns)
        left = MARGIN + column * (card_width + 40)
        top = 1220 + row * (card_height + 34)
        _card(draw, (left, top, left + card_width, top + card_height), label, value)


def _card(
    draw: ImageDraw.ImageDraw,
    box: tuple[int, int, int, int],
    label: str,
    value: list[str],
) -> None:
    left, top, right, _ = box
    draw.rectangle(box, outline=(120, 120, 120), width=2)
    draw.rectangle((left, top, right, top + 62), fill=(222, 232, 245))
    draw.text((left + 20, top + 8), label, font=font(SANS, 38), fill=(20, 40, 100))
    longest = max(value, key=lambda line: font(SANS_BOLD, 44).getlength(line))
    size = 44
    while size > 28 and font(SANS_BOLD, size).getlength(longest) > right - left - 40:
        size -= 2
    for index, line in enumerate(value):
        draw.text(
            (left + 20, top + 80 + (size + 10) * index),
            line,
            font=font(SANS_BOLD, size),
            fill=INK,
        )


def _photo(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    draw.rectangle(box, fill=(200, 205, 210), outline=(120, 120, 120), width=3)
    text_in_box(draw, box, "外観写真", font(SANS, 56), (90, 90, 90))


def _floor_plan(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], flyer: Flyer
) -> None:
    left, top, right, bottom = box
    draw.rectangle(box, outline=INK, width=3)
    middle = (top + bottom) // 2
    draw.rectangle((left + 60, top + 60, right - 60, middle), outline=INK, width=6)
    draw.rectangle(
        (left + 60, middle, (left + right) // 2, bottom - 60), outline=INK, width=6
    )
    draw.rectangle(
        ((left + right) // 2, middle, right - 60, bottom - 60), outline=INK, width=6
    )
    room = font(SANS, 40)
    text_in_box(
        draw,
        (left + 60, top + 60, right - 60, middle),
        f"洋室 {flyer.floor_area * 0.35:.1f}帖",
        room,
        INK,
    )
    text_in_box(
        draw, (left + 60, middle, (left + right) // 2, bottom - 60), "K", room, INK
    )
    text_in_box(
        draw, ((left + right) // 2, middle, right - 60, bottom - 60), "UB", room, INK
    )


def _broker_band(draw: ImageDraw.ImageDraw, flyer: Flyer, rng: random.Random) -> None:
    """The band (帯) with the broker's name, license, address and numbers."""
    broker = flyer.broker
    box = (MARGIN, BAND_TOP, MARGIN + WIDTH, A4_300DPI[1] - 120)
    draw.rectangle(box, fill=(244, 246, 250), outline=(30, 60, 140), width=5)
    license_text = f"宅地建物取引業免許　{broker.license}"
    if rng.random() < 0.5:
        license_text = fullwidth(license_text)
    draw.text(
        (MARGIN + 50, BAND_TOP + 40), broker.name, font=font(SANS_BOLD, 64), fill=INK
    )
    draw.text(
        (MARGIN + 50, BAND_TOP + 140), license_text, font=font(SANS, 38), fill=INK
    )
    draw.text(
        (MARGIN + 50, BAND_TOP + 200), broker.address, font=font(SANS, 38), fill=INK
    )
    numbers = f"TEL {broker.phone}　FAX {broker.fax}"
    draw.text(
        (MARGIN + 50, BAND_TOP + 260), numbers, font=font(SANS_BOLD, 44), fill=INK
    )
    side = MARGIN + WIDTH - 720
    draw.text((side, BAND_TOP + 60), "取引態様：媒介", font=font(SANS, 40), fill=INK)
    draw.text(
        (side, BAND_TOP + 130),
        "（公社）全日本不動産協会会員",
        font=font(SANS, 34),
        fill=INK,
    )
    draw.text(
        (side, BAND_TOP + 190),
        f"担当：{rng.choice(('山田', '佐藤', '鈴木', '高橋'))}",
        font=font(SANS, 38),
        fill=INK,
    )
