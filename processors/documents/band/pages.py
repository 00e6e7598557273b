"""A flyer page as the band finder sees it: a grayscale rendering and text lines.

Lines come from the PDF text layer when the page has one, else from OCR of the
rendering. Both are in the rendering's pixels, whose origin is the top-left corner
of the page's visible box; `to_user_space` maps pixel rectangles back to PDF
coordinates.
"""

from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

from processors.documents.band.frame import Extent, Gray
from processors.documents.band.render import Box
from processors.documents.lines import group_lines
from processors.documents.ocr import page_text
from processors.documents.pages import MIN_TEXT_LAYER_CHARS, POINTS_PER_INCH
from processors.documents.settings import OcrSettings
from processors.documents.words import OcrLine, OcrWord

TEXT_LAYER_DPI = 150
"""Rendering resolution for pages read from their text layer (frames only)."""


@dataclass(frozen=True)
class PageView:
    """One page's rendering and lines, and where the rendering sits on the page."""

    number: int
    image: Gray
    dpi: int
    page_box: Box
    lines: tuple[OcrLine, ...]
    from_text_layer: bool

    def to_user_space(self, extent: Extent) -> Box:
        """The PDF rectangle of a pixel extent (rows and columns inclusive)."""
        scale = POINTS_PER_INCH / self.dpi
        return Box(
            left=self.page_box.left + extent.left * scale,
            bottom=self.page_box.top - (extent.bottom + 1) * scale,
            right=self.page_box.left + (extent.right + 1) * scale,
            top=self.page_box.top - extent.top * scale,
        )


def text_layer_view(page: pdfium.PdfPage, number: int) -> PageView | None:
    """The page read from its text layer, or None when it has (almost) none."""
    box = _page_box(page)
    words = _text_layer_words(page, box, dpi=TEXT_LAYER_DPI)
    if len(words) < MIN_TEXT_LAYER_CHARS:
        return None
    return PageView(
        number=number,
        image=_render(page, dpi=TEXT_LAYER_DPI),
        dpi=TEXT_LAYER_DPI,
        page_box=box,
        lines=tuple(group_lines(words)),
        from_text_layer=True,
    )


def ocr_view(page: pdfium.PdfPage, number: int, settings: OcrSettings) -> PageView:
    """The page read by OCR of its rendering at the OCR resolution."""
    image = _render(page, dpi=settings.dpi)
    text = page_text(
        Image.fromarray(image), number=number, dpi=settings.dpi, settings=settings
    )
    return PageView(
        number=number,
        image=image,
        dpi=settings.dpi,
        page_box=_page_box(page),
        lines=text.lines,
        from_text_layer=False,
    )


def _render(page: pdfium.PdfPage, *, dpi: int) -> Gray:
    bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
    return np.asarray(bitmap.to_pil().convert("L"), dtype=np.uint8)


def _page_box(page: pdfium.PdfPage) -> Box:
    left, bottom, right, top = page.get_bbox()
    return Box(left=left, bottom=bottom, right=right, top=top)


def _text_layer_words(page: pdfium.PdfPage, box: Box, *, dpi: int) -> list[OcrWord]:
    scale = dpi / POINTS_PER_INCH
    textpage = page.get_textpage()
    try:
        words = []
        for index in range(textpage.count_chars()):
            text = textpage.get_text_range(index, 1)
            left, bottom, right, top = textpage.get_charbox(index)
            if not text.strip() or right <= left or top <= bottom:
                continue
            words.append(
                OcrWord(
                    text=text,
                    left=round((left - box.left) * scale),
                    top=round((box.top - top) * scale),
                    width=max(1, round((right - left) * scale)),
                    height=max(1, round((top - bottom) * scale)),
                    confidence=1.0,
                )
            )
        return words
    finally:
        textpage.close()
