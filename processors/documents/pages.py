"""Opening a document (PDF, PNG, JPEG, TIFF) as pages: an image, or the PDF text layer.

A PDF page whose text layer holds at least `MIN_TEXT_LAYER_CHARS` characters is read
from that layer (exact and free); any other page is rasterised in grayscale for OCR.
"""

import io
import logging
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from processors.documents.exceptions import UnsupportedDocumentError
from processors.documents.words import OcrWord

logger = logging.getLogger(__name__)

MIN_TEXT_LAYER_CHARS = 20
"""Fewer printable characters than this means a scan (at most a stray stamp)."""

DEFAULT_IMAGE_DPI = 300
"""Resolution assumed for an image file that does not state its own."""

POINTS_PER_INCH = 72

DocumentSource = str | Path | bytes
"""A document as a file path or as its bytes."""


@dataclass(frozen=True)
class RasterPage:
    """A page to be recognised by OCR, as a grayscale image."""

    number: int
    image: Image.Image
    dpi: int


@dataclass(frozen=True)
class TextLayerPage:
    """A page read from its PDF text layer, one word per character, in pixels."""

    number: int
    words: tuple[OcrWord, ...]
    width_px: int
    height_px: int
    dpi: int


Page = RasterPage | TextLayerPage


def load_pages(source: DocumentSource, *, dpi: int) -> list[Page]:
    """Open the document and return its pages in order."""
    data = read_source(source)
    kind = sniff_kind(data)
    if kind == "pdf":
        return _pdf_pages(data, dpi=dpi)
    return _image_pages(data)


def read_source(source: DocumentSource) -> bytes:
    """The document's bytes, read from the path if one was given."""
    if isinstance(source, bytes):
        return source
    path = Path(source)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnsupportedDocumentError(
            f"cannot read document file {str(path)!r}: {exc.strerror}; "
            "give the path of a readable PDF, PNG, JPEG or TIFF file"
        ) from exc


def sniff_kind(data: bytes) -> str:
    """`pdf`, `png`, `jpeg` or `tiff`, judged from the first bytes."""
    signatures = {
        b"%PDF-": "pdf",
        b"\x89PNG\r\n\x1a\n": "png",
        b"\xff\xd8\xff": "jpeg",
        b"II*\x00": "tiff",
        b"MM\x00*": "tiff",
    }
    # Some PDF writers put a few bytes of junk before the header.
    if b"%PDF-" in data[:1024]:
        return "pdf"
    for signature, kind in signatures.items():
        if data.startswith(signature):
            return kind
    raise UnsupportedDocumentError(
        f"unsupported document: first bytes {data[:8]!r} are not those of a PDF, "
        "PNG, JPEG or TIFF file"
    )


def _pdf_pages(data: bytes, *, dpi: int) -> list[Page]:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnsupportedDocumentError(
            f"unreadable PDF ({len(data)} bytes): {exc}; give an unencrypted, "
            "undamaged PDF"
        ) from exc
    try:
        return [_pdf_page(document, index, dpi=dpi) for index in range(len(document))]
    finally:
        document.close()


def _pdf_page(document: pdfium.PdfDocument, index: int, *, dpi: int) -> Page:
    page = document[index]
    try:
        words = _text_layer_words(page, dpi=dpi)
        width_pt, height_pt = page.get_size()
        if len(words) >= MIN_TEXT_LAYER_CHARS:
            logger.debug("Page %d has a text layer; it is read without OCR", index + 1)
            return TextLayerPage(
                number=index + 1,
                words=tuple(words),
                width_px=round(width_pt * dpi / POINTS_PER_INCH),
                height_px=round(height_pt * dpi / POINTS_PER_INCH),
                dpi=dpi,
            )
        bitmap = page.render(scale=dpi / POINTS_PER_INCH, grayscale=True)
        return RasterPage(number=index + 1, image=bitmap.to_pil().convert("L"), dpi=dpi)
    finally:
        page.close()


def _text_layer_words(page: pdfium.PdfPage, *, dpi: int) -> list[OcrWord]:
    textpage = page.get_textpage()
    try:
        _, height_pt = page.get_size()
        scale = dpi / POINTS_PER_INCH
        words = []
        for index in range(textpage.count_chars()):
            char = textpage.get_text_range(index, 1)
            if not char.strip():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            words.append(
                OcrWord(
                    text=char,
                    left=round(left * scale),
                    top=round((height_pt - top) * scale),
                    width=max(1, round((right - left) * scale)),
                    height=max(1, round((top - bottom) * scale)),
                    confidence=1.0,
                )
            )
        return words
    finally:
        textpage.close()


def _image_pages(data: bytes) -> list[Page]:
    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError) as exc:
        raise UnsupportedDocumentError(
            f"unreadable image ({len(data)} bytes): {exc}; give an undamaged PNG, "
            "JPEG or TIFF file"
        ) from exc
    dpi = _image_dpi(image)
    return [
        RasterPage(number=index + 1, image=frame, dpi=dpi)
        for index, frame in enumerate(frames)
    ]


def _image_dpi(image: Image.Image) -> int:
    stated = image.info.get("dpi")
    if not stated:
        return DEFAULT_IMAGE_DPI
    dpi = round(float(stated[0]))
    # Many tools write 72 or 96 without meaning it; scans are never that coarse.
    return dpi if dpi >= 150 else DEFAULT_IMAGE_DPI
