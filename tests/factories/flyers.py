"""Property flyers (マイソク) with a broker band, drawn with reportlab for the tests.

Each flyer has a title, a price, a photo, a floor plan, a facts table, remarks with
a decoy phone number high on the page, and one of several band designs at the
bottom. `scanned_flyer` rasterises it into an image-only PDF, as a scanner would.
"""

import io
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from processors.documents.band.fonts import FontFace, register_font

NOTO = Path("/usr/share/fonts/opentype/noto")
REGULAR = FontFace(NOTO / "NotoSansCJK-Regular.ttc", "Noto Sans CJK JP")
BOLD = FontFace(NOTO / "NotoSansCJK-Bold.ttc", "Noto Sans CJK JP")
PAGE_WIDTH, PAGE_HEIGHT = A4
DARK = HexColor("#222222")

FACTS = [
    ("所在地", "東京都港区六本木三丁目1番1号"),
    ("交通", "東京メトロ日比谷線「六本木」駅 徒歩5分"),
    ("専有面積", "25.34㎡（壁芯）"),
    ("バルコニー", "3.20㎡"),
    ("間取り", "1K"),
    ("築年月", "2006年3月"),
    ("構造", "RC造 10階建 5階部分"),
    ("総戸数", "48戸"),
    ("管理費", "8,500円/月"),
    ("修繕積立金", "6,200円/月"),
    ("賃料", "100,000円（賃貸中）"),
    ("取引態様", "媒介"),
]
DECOY = "現地案内所 TEL 0120-111-222（10:00〜18:00）"


class BandStyle(StrEnum):
    """How the broker band is set off from the flyer."""

    FRAMED = "framed"
    FILLED = "filled"
    RULED = "ruled"


@dataclass(frozen=True)
class Broker:
    """The broker a band names."""

    name: str
    license: str
    address: str
    phones: str
    association: str


@dataclass(frozen=True)
class BandDesign:
    """A band's style, height and distance from the page's bottom edge, in points."""

    style: BandStyle
    height_pt: float
    bottom_margin_pt: float
    broker: Broker


DESIGNS = {
    BandStyle.FRAMED: BandDesign(
        BandStyle.FRAMED,
        72,
        24,
        Broker(
            "株式会社山田不動産販売",
            "宅地建物取引業 東京都知事(3)第12345号",
            "〒150-0002 東京都渋谷区渋谷二丁目4番6号",
            "TEL 03-3400-1234  FAX 03-3400-1235",
            "(公社)東京都宅地建物取引業協会会員",
        ),
    ),
    BandStyle.FILLED: BandDesign(
        BandStyle.FILLED,
        58,
        0,
        Broker(
            "東都リアルティ株式会社",
            "国土交通大臣(2)第8765号",
            "〒160-0022 東京都新宿区新宿三丁目1番13号",
            "TEL 03-5555-0101 / FAX 03-5555-0102",
            "(一社)不動産流通経営協会会員",
        ),
    ),
    BandStyle.RULED: BandDesign(
        BandStyle.RULED,
        104,
        30,
        Broker(
            "有限会社みどりハウジング",
            "免許番号 神奈川県知事(1)第31415号",
            "〒231-0023 神奈川県横浜市中区山下町1番地",
            "電話 045-662-7788  FAX 045-662-7789",
            "(公社)全日本不動産協会会員",
        ),
    ),
}


def vector_flyer(design: BandDesign | None) -> bytes:
    """A one-page A4 flyer with a text layer; `None` leaves the band out."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    fonts = _Fonts(_all_texts(design))
    _draw_body(canvas, fonts)
    if design is not None:
        _BAND_DRAWERS[design.style](canvas, fonts, design)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def scanned_flyer(design: BandDesign | None, *, dpi: int = 200) -> bytes:
    """The same flyer as an image-only PDF: one JPEG page, no text layer."""
    document = pdfium.PdfDocument(vector_flyer(design))
    image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    document.close()
    encoded = io.BytesIO()
    image.save(encoded, format="JPEG", quality=88)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawImage(ImageReader(encoded), 0, 0, PAGE_WIDTH, PAGE_HEIGHT)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


class _Fonts:
    def __init__(self, texts: list[str]) -> None:
        joined = "".join(texts)
        self.regular = register_font(REGULAR, joined)
        self.bold = register_font(BOLD, joined)


def _all_texts(design: BandDesign | None) -> list[str]:
    texts = [
        "投資用マンション",
        "パークサイド六本木 305号室",
        "価格 2,380万円",
        "表面利回り 5.04%",
        "間取図",
        "洋室 7.1帖",
        "K",
        "※図面と現況が異なる場合は現況を優先します。",
        "※賃貸借契約は売主より承継します。",
        DECOY,
        *[label + value for label, value in FACTS],
    ]
    if design is not None:
        broker = design.broker
        texts += [
            broker.name,
            broker.license,
            broker.address,
            broker.phones,
            broker.association,
        ]
    return texts


def _draw_body(canvas: Canvas, fonts: _Fonts) -> None:
    top = PAGE_HEIGHT
    canvas.setFillColor(HexColor("#c0392b"))
    canvas.rect(24, top - 64, 110, 26, stroke=0, fill=1)
    _text(canvas, fonts.bold, 13, 32, top - 56, "投資用マンション", white)
    _text(canvas, fonts.bold, 22, 146, top - 58, "パークサイド六本木 305号室")
    _text(canvas, fonts.bold, 28, 24, top - 108, "価格 2,380万円", HexColor("#c0392b"))
    _text(canvas, fonts.regular, 14, 300, top - 104, "表面利回り 5.04%")
    _text(canvas, fonts.regular, 9, 300, top - 126, DECOY)
    canvas.drawImage(ImageReader(_photo()), 24, top - 330, 260, 190)
    _draw_floor_plan(canvas, fonts, 310, top - 330)
    _draw_facts(canvas, fonts, top - 360)
    _text(
        canvas,
        fonts.regular,
        8.5,
        24,
        200,
        "※図面と現況が異なる場合は現況を優先します。",
    )
    _text(canvas, fonts.regular, 8.5, 24, 188, "※賃貸借契約は売主より承継します。")


def _photo() -> io.BytesIO:
    y, x = np.mgrid[0:380, 0:520]
    sky = np.stack([90 + y * 0.3, 140 + y * 0.2, 220 - y * 0.1], axis=-1)
    building = (x > 150) & (x < 370) & (y > 60)
    sky[building] = [180, 170, 160]
    windows = building & (((x - 160) % 40) < 18) & (((y - 70) % 36) < 16)
    sky[windows] = [60, 80, 110]
    image = Image.fromarray(np.clip(sky, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _draw_floor_plan(canvas: Canvas, fonts: _Fonts, left: float, bottom: float) -> None:
    canvas.setStrokeColor(DARK)
    canvas.setLineWidth(2)
    canvas.rect(left, bottom, 250, 190, stroke=1, fill=0)
    canvas.setLineWidth(1)
    canvas.line(left, bottom + 60, left + 250, bottom + 60)
    canvas.line(left + 120, bottom, left + 120, bottom + 60)
    _text(canvas, fonts.bold, 10, left + 4, bottom + 178, "間取図")
    _text(canvas, fonts.regular, 11, left + 90, bottom + 120, "洋室 7.1帖")
    _text(canvas, fonts.regular, 11, left + 50, bottom + 26, "K")


def _draw_facts(canvas: Canvas, fonts: _Fonts, top: float) -> None:
    row_height = 18.0
    canvas.setStrokeColor(HexColor("#888888"))
    canvas.setLineWidth(0.6)
    for index, (label, value) in enumerate(FACTS):
        y = top - (index + 1) * row_height
        canvas.setFillColor(HexColor("#eef2f7"))
        canvas.rect(24, y, 110, row_height, stroke=1, fill=1)
        canvas.rect(134, y, 437, row_height, stroke=1, fill=0)
        _text(canvas, fonts.regular, 9.5, 30, y + 5, label)
        _text(canvas, fonts.regular, 9.5, 140, y + 5, value)


def _draw_framed(canvas: Canvas, fonts: _Fonts, design: BandDesign) -> None:
    broker, bottom, height = design.broker, design.bottom_margin_pt, design.height_pt
    canvas.setStrokeColor(DARK)
    canvas.setLineWidth(1.2)
    canvas.rect(24, bottom, PAGE_WIDTH - 48, height, stroke=1, fill=0)
    _text(canvas, fonts.bold, 17, 34, bottom + 42, broker.name)
    _text(canvas, fonts.regular, 8.5, 34, bottom + 24, broker.license)
    _text(canvas, fonts.regular, 8, 34, bottom + 11, broker.association)
    _text(canvas, fonts.regular, 9, 320, bottom + 44, broker.address)
    _text(canvas, fonts.bold, 11, 320, bottom + 22, broker.phones)


def _draw_filled(canvas: Canvas, fonts: _Fonts, design: BandDesign) -> None:
    broker, bottom, height = design.broker, design.bottom_margin_pt, design.height_pt
    canvas.setFillColor(HexColor("#1d3557"))
    canvas.rect(0, bottom, PAGE_WIDTH, height, stroke=0, fill=1)
    _text(canvas, fonts.bold, 15, 24, bottom + 22, broker.name, white)
    _text(canvas, fonts.regular, 8, 250, bottom + 40, broker.license, white)
    _text(canvas, fonts.regular, 8, 380, bottom + 40, broker.association, white)
    _text(canvas, fonts.regular, 8, 250, bottom + 26, broker.address, white)
    _text(canvas, fonts.bold, 10, 250, bottom + 10, broker.phones, white)


def _draw_ruled(canvas: Canvas, fonts: _Fonts, design: BandDesign) -> None:
    broker, bottom, height = design.broker, design.bottom_margin_pt, design.height_pt
    canvas.setStrokeColor(HexColor("#2e7d32"))
    canvas.setLineWidth(2.5)
    canvas.line(24, bottom + height, PAGE_WIDTH - 24, bottom + height)
    lines = [
        (fonts.bold, 14, broker.name),
        (fonts.regular, 9, broker.license),
        (fonts.regular, 9, broker.address),
        (fonts.regular, 10, broker.phones),
        (fonts.regular, 8, broker.association),
    ]
    y = bottom + height - 22
    for font, size, text in lines:
        _text(canvas, font, size, 30, y, text)
        y -= size + 7


_BAND_DRAWERS = {
    BandStyle.FRAMED: _draw_framed,
    BandStyle.FILLED: _draw_filled,
    BandStyle.RULED: _draw_ruled,
}


def _text(
    canvas: Canvas,
    font: str,
    size: float,
    x: float,
    y: float,
    text: str,
    color: Color = DARK,
) -> None:
    canvas.setFillColor(color)
    canvas.setFont(font, size)
    canvas.drawString(x, y, text)
