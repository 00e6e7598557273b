"""帯替え: covering the broker band of a flyer PDF with SBJ's band.

Each page is searched for a band (see `locate` and `frame`); the band's text is
removed from the page's content, and SBJ's band is merged over the band's area as
an overlay. Everything outside that area, vector or raster, keeps its content.
"""

import io
import logging
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, NameObject

from processors.documents.band.config import BandConfig
from processors.documents.band.exceptions import BandNotFoundError
from processors.documents.band.frame import band_extent
from processors.documents.band.locate import BandText, find_band_text
from processors.documents.band.pages import PageView, ocr_view, text_layer_view
from processors.documents.band.redact import Rows, remove_text_in_rows
from processors.documents.band.render import Box, band_overlay
from processors.documents.exceptions import UnsupportedDocumentError
from processors.documents.settings import OcrSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FoundBand:
    """Where a page's broker band is, in PDF user space, and how it was read."""

    page_number: int
    box: Box
    text: str
    from_text_layer: bool


@dataclass(frozen=True)
class BandReplacement:
    """The flyer with SBJ's band, and where the old bands were."""

    pdf: bytes
    bands: tuple[FoundBand, ...]


def replace_band(
    pdf_bytes: bytes,
    band: BandConfig | None = None,
    *,
    ocr_settings: OcrSettings | None = None,
) -> bytes:
    """The flyer with every page's broker band covered by SBJ's band."""
    return replace_bands(pdf_bytes, band, ocr_settings=ocr_settings).pdf


def replace_bands(
    pdf_bytes: bytes,
    band: BandConfig | None = None,
    *,
    ocr_settings: OcrSettings | None = None,
) -> BandReplacement:
    """Like `replace_band`, also telling where each replaced band was."""
    config = band or BandConfig()
    writer = _open_normalized(pdf_bytes)
    found = find_bands(_as_bytes(writer), ocr_settings=ocr_settings)
    for located in found:
        _cover(writer, located, config)
    return BandReplacement(_as_bytes(writer), tuple(found))


def _cover(writer: PdfWriter, located: FoundBand, config: BandConfig) -> None:
    page = writer.pages[located.page_number - 1]
    rows = Rows(bottom=located.box.bottom, top=located.box.top)
    removed = remove_text_in_rows(writer, page, rows)
    _remove_annotations_within(page, located.box)
    size = (float(page.mediabox.right), float(page.mediabox.top))
    overlay = PdfReader(io.BytesIO(band_overlay(config, located.box, page_size=size)))
    page.merge_page(overlay.pages[0])
    logger.info(
        "Covered the band on page %d with SBJ's band (%d text runs removed)",
        located.page_number,
        removed,
    )


def find_bands(
    pdf_bytes: bytes, *, ocr_settings: OcrSettings | None = None
) -> list[FoundBand]:
    """The broker band of each page that has one; none at all is an error."""
    settings = ocr_settings or OcrSettings()
    document = _open_pdfium(pdf_bytes)
    try:
        found = [
            band
            for index in range(len(document))
            if (band := _find_on_page(document[index], index + 1, settings))
        ]
    finally:
        document.close()
    if not found:
        raise BandNotFoundError(
            "no broker band found: no page has, in its lower part, a block of lines "
            "with a licence number (e.g. 東京都知事(3)第12345号) or a phone number "
            "next to a company name; give a flyer whose band is readable"
        )
    return found


def _find_on_page(
    page: pdfium.PdfPage, number: int, settings: OcrSettings
) -> FoundBand | None:
    views = [text_layer_view(page, number)]
    if views[0] is None or _band_of(views[0]) is None:
        # No text layer, or the band is an image within a text page.
        views.append(ocr_view(page, number, settings))
    for view in views:
        if view is not None and (band := _band_of(view)) is not None:
            return _located(view, band)
    logger.info("Page %d shows no broker band; it is left as it is", number)
    return None


def _band_of(view: PageView) -> BandText | None:
    return find_band_text(view.lines, page_height=view.image.shape[0])


def _located(view: PageView, band: BandText) -> FoundBand:
    above = [line.bottom for line in view.lines if line.bottom < band.top]
    extent = band_extent(view.image, band, ceiling=max(above, default=0))
    # SBJ's band spans the flyer's content width even where the old one was narrower.
    content_left = min(line.left for line in view.lines)
    content_right = max(line.right for line in view.lines)
    extent = replace(
        extent,
        left=min(extent.left, content_left),
        right=max(extent.right, content_right),
    )
    box = view.to_user_space(extent)
    text = " / ".join(line.text for line in band.lines)
    logger.info(
        "Found a broker band on page %d (%s) at y=%.0f-%.0f pt: %s",
        view.number,
        "text layer" if view.from_text_layer else "OCR",
        box.bottom,
        box.top,
        text,
    )
    return FoundBand(view.number, box, text, view.from_text_layer)


def _remove_annotations_within(page: PageObject, box: Box) -> None:
    """Drop annotations (the old broker's web link, say) lying inside the band."""
    annotations = page.get("/Annots")
    if annotations is None:
        return
    kept = ArrayObject()
    for reference in annotations.get_object():
        rect = [float(value) for value in reference.get_object()["/Rect"]]
        low, high = sorted((rect[1], rect[3]))
        inside = box.bottom <= low and high <= box.top
        if not inside:
            kept.append(reference)
    page[NameObject("/Annots")] = kept


def _open_normalized(pdf_bytes: bytes) -> PdfWriter:
    try:
        reader = PdfReader(io.BytesIO(pdf_bytes))
        if reader.is_encrypted:
            reader.decrypt("")
        writer = PdfWriter(clone_from=reader)
    except (PdfReadError, ValueError, OSError) as exc:
        raise UnsupportedDocumentError(
            f"unreadable PDF ({len(pdf_bytes)} bytes): {exc}; give an undamaged PDF "
            "without an open password"
        ) from exc
    for page in writer.pages:
        if page.rotation % 360:
            # The band is found in the page as shown; make shown and drawn agree.
            page.transfer_rotation_to_content()
    return writer


def _open_pdfium(pdf_bytes: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError as exc:
        raise UnsupportedDocumentError(
            f"unreadable PDF ({len(pdf_bytes)} bytes): {exc}; give an undamaged PDF"
        ) from exc


def _as_bytes(writer: PdfWriter) -> bytes:
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
