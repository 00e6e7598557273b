"""The two reader jobs: OCR a certified copy or a flyer and publish its fields."""

import logging
from typing import Any

from processors.contract.events import (
    CertifiedCopyFields,
    CertifiedCopyRead,
    CertifiedCopyUploaded,
    DocumentRef,
    MaisokuFields,
    MaisokuRead,
    MaisokuUploaded,
)
from processors.documents.readers import read_certified_copy as ocr_certified_copy
from processors.documents.readers import read_maisoku as ocr_maisoku
from processors.jobs import reading_cache
from processors.jobs.documents import fetch
from processors.runtime.job import JobContext

logger = logging.getLogger(__name__)

CERTIFIED_COPY = "certified-copy"
MAISOKU = "maisoku"


def _reading(kind: str, document: DocumentRef, job_id: str) -> dict[str, Any]:
    """The document's reading: from the cache when this hash was read before."""
    entry = reading_cache.cached(kind, document.sha256)
    if entry is not None:
        logger.info(
            "job %s: %s %s answered from the cache", job_id, kind, document.sha256
        )
        return entry
    data = fetch(document)
    read = ocr_certified_copy if kind == CERTIFIED_COPY else ocr_maisoku
    reading = read(data)
    entry = {
        "fields": reading.fields.model_dump(mode="json"),
        "confidence": reading.confidence,
        "reasons": reading.reasons,
    }
    reading_cache.remember(kind, document.sha256, entry)
    return entry


def read_certified_copy(
    event: CertifiedCopyUploaded, context: JobContext
) -> CertifiedCopyRead:
    """Read the uploaded certified copy into its fields."""
    entry = _reading(CERTIFIED_COPY, event.document, context.job_id)
    return CertifiedCopyRead(
        certified_copy_id=event.certified_copy_id,
        trigger_event_id=event.event_id,
        document=event.document,
        fields=CertifiedCopyFields.model_validate(entry["fields"]),
        confidence=entry["confidence"],
        reasons=entry["reasons"],
    )


def read_maisoku(event: MaisokuUploaded, context: JobContext) -> MaisokuRead:
    """Read the uploaded flyer into its facts."""
    entry = _reading(MAISOKU, event.document, context.job_id)
    return MaisokuRead(
        article_id=event.article_id,
        maisoku_id=event.maisoku_id,
        trigger_event_id=event.event_id,
        document=event.document,
        fields=MaisokuFields.model_validate(entry["fields"]),
        confidence=entry["confidence"],
        reasons=entry["reasons"],
    )
