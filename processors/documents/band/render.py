"""Drawing SBJ's band with reportlab, as a one-page overlay for the flyer page.

The overlay first paints the band's area opaque white, so nothing of the old band
shows through, then draws SBJ's band inside it: a thin frame with an accent bar,
the optional logo, the company name with the licence and association lines
beneath, and the address and phone numbers to the right. Font sizes follow the
band's height and shrink until everything fits its width; a band too low for
stacked lines gets a single line.
"""

import io
from dataclasses import dataclass

from PIL import UnidentifiedImageError
from reportlab.lib.colors import HexColor, white
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from processors.documents.band.config import BandConfig
from processors.documents.band.exceptions import BandFontError
from processors.documents.band.fonts import FontFace, register_font

TEXT_COLOR = HexColor("#222222")
LINE_SPACING = 1.22
NAME_TO_DETAIL_SIZE = 1.9
MAX_DETAIL_SIZE_PT = 10.5
MIN_SIZE_PT = 4.0
MIN_STACKED_HEIGHT_PT = 24.0
"""Below this inner height the band is drawn as one line."""


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF user space (points, y upwards)."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True)
class _Fonts:
    regular: str
    bold: str


def band_overlay(
    config: BandConfig, box: Box, *, page_size: tuple[float, float]
) -> bytes:
    """A one-page PDF with the white cover and SBJ's band drawn in `box`."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size, pageCompression=1)
    canvas.setFillColor(white)
    canvas.rect(box.left, box.bottom, box.width, box.height, stroke=0, fill=1)
    inner = _draw_frame(canvas, config, box)
    inner = _draw_logo(canvas, config, inner)
    fonts = _fonts(config)
    if inner.height >= MIN_STACKED_HEIGHT_PT:
        _draw_stacked(canvas, config, fonts, inner)
    else:
        _draw_single_line(canvas, config, fonts, inner)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def band_texts(config: BandConfig) -> list[str]:
    """Every text the band prints."""
    return [text for text in (*_left_lines(config), *_right_lines(config)) if text]


def _fonts(config: BandConfig) -> _Fonts:
    text = "".join(band_texts(config))
    regular = FontFace(config.font_path, config.font_face)
    bold = FontFace(config.bold_font_path, config.font_face)
    return _Fonts(register_font(regular, text), register_font(bold, text))


def _draw_frame(canvas: Canvas, config: BandConfig, box: Box) -> Box:
    margin = min(3.0, box.height * 0.06)
    frame = Box(
        box.left + margin, box.bottom + margin, box.right - margin, box.top - margin
    )
    accent = HexColor(config.accent_color)
    canvas.setStrokeColor(accent)
    canvas.setLineWidth(max(0.5, min(1.2, frame.height * 0.02)))
    canvas.rect(frame.left, frame.bottom, frame.width, frame.height, stroke=1, fill=0)
    bar = max(2.0, frame.height * 0.08)
    canvas.setFillColor(accent)
    canvas.rect(frame.left, frame.bottom, bar, frame.height, stroke=0, fill=1)
    padding = max(2.0, frame.height * 0.1)
    return Box(
        frame.left + bar + padding,
        frame.bottom + padding,
        frame.right - padding,
        frame.top - padding,
    )


def _draw_logo(canvas: Canvas, config: BandConfig, inner: Box) -> Box:
    if config.logo_path is None:
        return inner
    try:
        logo = ImageReader(str(config.logo_path))
        width_px, height_px = logo.getSize()
    except (OSError, UnidentifiedImageError) as exc:
        raise BandFontError(
            f"cannot read the band logo {str(config.logo_path)!r}: {exc}; give a "
            "PNG or JPEG file in SBJ_BAND_LOGO_PATH"
        ) from exc
    height = inner.height
    width = min(height * width_px / height_px, inner.width * 0.25)
    canvas.drawImage(
        logo,
        inner.left,
        inner.bottom,
        width,
        height,
        mask="auto",
        preserveAspectRatio=True,
    )
    gap = height * 0.2
    return Box(inner.left + width + gap, inner.bottom, inner.right, inner.top)


def _left_lines(config: BandConfig) -> list[str]:
    return [config.company_name, config.license_text, config.association_text]


def _right_lines(config: BandConfig) -> list[str]:
    phones = f"TEL {config.phone}" + (f"  FAX {config.fax}" if config.fax else "")
    return [config.address, phones]


@dataclass(frozen=True)
class _Stack:
    """Sizes of the stacked layout: font sizes, column widths and gap, in points."""

    name: float
    detail: float
    left_width: float
    right_width: float
    gap: float


def _draw_stacked(
    canvas: Canvas, config: BandConfig, fonts: _Fonts, inner: Box
) -> None:
    left = [line for line in _left_lines(config)[1:] if line]
    right = [line for line in _right_lines(config) if line]
    stack = _stack_sizes(config, fonts, inner, left, right)
    step = stack.detail * LINE_SPACING
    y = inner.bottom + (inner.height + stack.name * LINE_SPACING + len(left) * step) / 2
    y -= stack.name
    name_args = (fonts.bold, stack.name, inner.left, y, config.company_name)
    _text(canvas, *name_args, config.accent_color)
    for text in left:
        y -= step
        _text(canvas, fonts.regular, stack.detail, inner.left, y, text)
    x = max(inner.left + stack.left_width + stack.gap, inner.right - stack.right_width)
    y = inner.bottom + (inner.height + len(right) * step) / 2 - stack.detail
    for text in right:
        _text(canvas, fonts.regular, stack.detail, x, y, text)
        y -= step


def _stack_sizes(
    config: BandConfig, fonts: _Fonts, inner: Box, left: list[str], right: list[str]
) -> _Stack:
    """Sizes that fill the band's height, shrunk until both columns fit its width."""
    rows = max(NAME_TO_DETAIL_SIZE + len(left), len(right))
    detail = min(MAX_DETAIL_SIZE_PT, inner.height / (rows * LINE_SPACING))
    name = detail * NAME_TO_DETAIL_SIZE
    left_width = max(
        [stringWidth(config.company_name, fonts.bold, name)]
        + [stringWidth(text, fonts.regular, detail) for text in left]
    )
    right_width = max(stringWidth(text, fonts.regular, detail) for text in right)
    gap = detail * 3
    scale = min(1.0, inner.width / (left_width + gap + right_width))
    return _Stack(
        name=name * scale,
        detail=detail * scale,
        left_width=left_width * scale,
        right_width=right_width * scale,
        gap=gap * scale,
    )


def _draw_single_line(
    canvas: Canvas, config: BandConfig, fonts: _Fonts, inner: Box
) -> None:
    details = "  ".join(
        line for line in (*_left_lines(config)[1:], *_right_lines(config)) if line
    )
    size = max(MIN_SIZE_PT, inner.height * 0.75)
    widths = stringWidth(config.company_name + "  ", fonts.bold, size) + stringWidth(
        details, fonts.regular, size * 0.8
    )
    size *= min(1.0, inner.width / widths)
    y = inner.bottom + (inner.height - size * 0.8) / 2
    _text(
        canvas,
        fonts.bold,
        size,
        inner.left,
        y,
        config.company_name,
        config.accent_color,
    )
    x = inner.left + stringWidth(config.company_name + "  ", fonts.bold, size)
    _text(canvas, fonts.regular, size * 0.8, x, y, details)


def _text(
    canvas: Canvas,
    font: str,
    size: float,
    x: float,
    y: float,
    text: str,
    color: str | None = None,
) -> None:
    canvas.setFillColor(HexColor(color) if color else TEXT_COLOR)
    canvas.setFont(font, max(MIN_SIZE_PT, size))
    canvas.drawString(x, y, text)
