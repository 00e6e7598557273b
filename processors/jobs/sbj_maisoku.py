"""帯替え: cover the broker band of a flyer with SBJ's band and store the result."""

import io
import logging
from functools import cache

from PIL import Image, UnidentifiedImageError

from processors.contract.events import SbjMaisokuGenerated, SbjMaisokuRequested
from processors.documents.band import BandConfig, replace_bands
from processors.exceptions import NonRetryableJobError
from processors.jobs.documents import fetch, reference, storage
from processors.runtime.job import JobContext

logger = logging.getLogger(__name__)

PDF = "application/pdf"


class NotAFlyerDocument(NonRetryableJobError):
    """Raised when the requested flyer is neither a PDF nor an image."""


@cache
def band() -> BandConfig:
    return BandConfig()


def generate_sbj_maisoku(
    event: SbjMaisokuRequested, context: JobContext
) -> SbjMaisokuGenerated:
    """Store the flyer with SBJ's band and announce where it is."""
    pdf = as_pdf(fetch(event.document), event.document.content_type)
    replaced = replace_bands(pdf, band())
    key = f"sbj-maisoku/{event.article_id}/{event.document.sha256[:16]}.pdf"
    stored = storage().put(
        replaced.pdf,
        key=key,
        content_type=PDF,
        metadata={
            "article-id": event.article_id,
            "source-sha256": event.document.sha256,
        },
    )
    logger.info(
        "job %s: SBJ flyer for article %s stored at %s (%d band(s) replaced)",
        context.job_id,
        event.article_id,
        stored.uri,
        len(replaced.bands),
    )
    return SbjMaisokuGenerated(
        article_id=event.article_id,
        trigger_event_id=event.event_id,
        source=event.document,
        generated=reference(stored),
    )


def as_pdf(data: bytes, content_type: str) -> bytes:
    """The flyer as PDF: a PDF as it is, a scanned image as a one-page PDF."""
    if data.startswith(b"%PDF"):
        return data
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise NotAFlyerDocument(
            f"the flyer ({content_type}, {len(data)} bytes) is neither a PDF nor an "
            f"image; send a PDF, PNG or JPEG"
        ) from exc
    out = io.BytesIO()
    image.convert("RGB").save(
        out, format="PDF", resolution=float(image.info.get("dpi", (300,))[0])
    )
    return out.getvalue()
