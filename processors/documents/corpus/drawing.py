"""Fonts and small drawing helpers shared by the page renderers."""

from functools import cache

from PIL import ImageDraw, ImageFont

FONT_DIR = "/usr/share/fonts/opentype/noto"
SERIF = f"{FONT_DIR}/NotoSerifCJK-Regular.ttc"
SANS = f"{FONT_DIR}/NotoSansCJK-Regular.ttc"
SANS_BOLD = f"{FONT_DIR}/NotoSansCJK-Bold.ttc"

A4_300DPI = (2480, 3508)
"""Width and height in pixels of an A4 page at 300 dpi."""


@cache
def font(path: str, size_px: int) -> ImageFont.FreeTypeFont:
    """The Japanese face (index 0) of a Noto CJK collection at a pixel size."""
    return ImageFont.truetype(path, size_px, index=0)


def wrap(text: str, face: ImageFont.FreeTypeFont, width_px: float) -> list[str]:
    """Break text into lines no wider than `width_px`, continuing lines indented."""
    lines: list[str] = []
    current = ""
    for char in text:
        if current and face.getlength(current + char) > width_px:
            lines.append(current)
            current = "　" + char
        else:
            current += char
    return [*lines, current] if current else lines


def text_in_box(
    draw: ImageDraw.ImageDraw,
    box: tuple[float, float, float, float],
    text: str,
    face: ImageFont.FreeTypeFont,
    fill: str | tuple[int, int, int] = "black",
) -> None:
    """Draw text centred in a box."""
    left, top, right, bottom = box
    width = face.getlength(text)
    ascent, descent = face.getmetrics()
    x = left + (right - left - width) / 2
    y = top + (bottom - top - ascent - descent) / 2
    draw.text((x, y), text, font=face, fill=fill)
