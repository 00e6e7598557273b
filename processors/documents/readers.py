"""The document readers: OCR a certified copy or a flyer and parse its fields."""

import logging

from processors.documents.certified_copy import parse_certified_copy
from processors.documents.maisoku import parse_maisoku
from processors.documents.ocr import document_text
from processors.documents.pages import DocumentSource
from processors.documents.reading import CertifiedCopyFields, MaisokuFields, Reading
from processors.documents.settings import OcrSettings

logger = logging.getLogger(__name__)


def read_certified_copy(
    source: DocumentSource, *, settings: OcrSettings | None = None
) -> Reading[CertifiedCopyFields]:
    """Read a certified copy (全部事項証明書, 区分建物) from a PDF or image."""
    reading = parse_certified_copy(document_text(source, settings=settings))
    _log_missing("certified copy", reading.reasons)
    return reading


def read_maisoku(
    source: DocumentSource, *, settings: OcrSettings | None = None
) -> Reading[MaisokuFields]:
    """Read a property flyer (マイソク) from a PDF or image."""
    reading = parse_maisoku(document_text(source, settings=settings))
    _log_missing("flyer", reading.reasons)
    return reading


def _log_missing(kind: str, reasons: dict[str, str]) -> None:
    if reasons:
        logger.info(
            "Read a %s with %d field(s) left null: %s",
            kind,
            len(reasons),
            ", ".join(sorted(reasons)),
        )
