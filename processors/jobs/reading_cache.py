"""Readings of documents by hash: a document read once is answered without OCR.

The cache lives in the document storage (a local folder or S3), so every worker
shares it. Entries are keyed by the kind of document, the reader's version and the
document's sha256; a new reader version starts a new cache.
"""

import json
import logging
from typing import Any

from processors.integrations.exceptions import DocumentNotFoundError
from processors.jobs.documents import storage

logger = logging.getLogger(__name__)

READER_VERSION = "1"
JSON = "application/json"


def cache_key(kind: str, sha256: str) -> str:
    return f"cache/readings/{kind}/v{READER_VERSION}/{sha256}.json"


def cached(kind: str, sha256: str) -> dict[str, Any] | None:
    """The reading stored for this document, or None."""
    uri = storage().uri_for(cache_key(kind, sha256))
    try:
        raw = storage().get_bytes(uri)
    except DocumentNotFoundError:
        return None
    try:
        entry: dict[str, Any] = json.loads(raw)
    except ValueError:
        logger.warning(
            "unreadable cache entry %s ignored; the document is read again", uri
        )
        return None
    return entry


def remember(kind: str, sha256: str, reading: dict[str, Any]) -> None:
    body = json.dumps(reading, ensure_ascii=False).encode("utf-8")
    storage().put(body, key=cache_key(kind, sha256), content_type=JSON)
