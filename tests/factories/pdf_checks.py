"""Reading back what a PDF shows: renderings and the text of a region."""

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium

from processors.documents.band.render import Box


def render_gray(pdf: bytes, *, dpi: int = 100) -> npt.NDArray[np.int16]:
    """The first page rendered in grayscale."""
    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72, grayscale=True)
        return np.asarray(bitmap.to_pil().convert("L"), dtype=np.int16)
    finally:
        document.close()


def rows_above(box: Box, *, dpi: int = 100, page_height: float) -> int:
    """How many pixel rows of a rendering lie wholly above the box."""
    return int((page_height - box.top) * dpi / 72) - 1


def text_layer(pdf: bytes, box: Box | None = None) -> str:
    """The text layer of the first page, or of the part of it inside `box`."""
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[0].get_textpage()
        if box is None:
            return textpage.get_text_range()
        return textpage.get_text_bounded(box.left, box.bottom, box.right, box.top)
    finally:
        document.close()
