"""Downloading a completed envelope's documents into the document storage.

Keys are deterministic, `<prefix>/<envelope>/<document>.pdf`, and a document whose
stored copy already has the same sha256 is not written again, so a replayed event
costs downloads but changes nothing.
"""

import hashlib
import logging
import tempfile
from dataclasses import dataclass
from typing import Any, BinaryIO, cast

import urllib3

from processors.integrations.docusign.client import DocuSignClient, EnvelopeDocument
from processors.integrations.exceptions import DocuSignUnavailableError
from processors.integrations.storage import DocumentStorage, StoredDocument
from processors.integrations.storage.documents import CHUNK_BYTES

logger = logging.getLogger(__name__)

SPOOL_MEMORY_BYTES = 8 * 1024 * 1024
PDF = "application/pdf"


@dataclass(frozen=True)
class DownloadedDocument:
    """A document of the envelope and where it is stored."""

    envelope_id: str
    document_id: str
    name: str
    stored: StoredDocument
    already_stored: bool


class EnvelopeDownloader:
    """Copies every document of an envelope, and its certificate, into storage."""

    def __init__(
        self,
        client: DocuSignClient,
        storage: DocumentStorage,
        *,
        key_prefix: str | None = None,
    ) -> None:
        self.client = client
        self.storage = storage
        self.key_prefix = key_prefix or client.settings.storage_prefix

    def download(self, envelope_id: str) -> list[DownloadedDocument]:
        """Store the envelope's documents; returns them in DocuSign's order."""
        documents = self.client.list_documents(envelope_id)
        downloaded = [self._download_one(envelope_id, item) for item in documents]
        logger.info(
            "Envelope %s: %d document(s) stored, %d already stored",
            envelope_id,
            sum(not item.already_stored for item in downloaded),
            sum(item.already_stored for item in downloaded),
        )
        return downloaded

    def _download_one(
        self, envelope_id: str, document: EnvelopeDocument
    ) -> DownloadedDocument:
        key = f"{self.key_prefix}/{envelope_id}/{document.document_id}.pdf"
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY_BYTES) as spool:
            sha256 = self._fetch(envelope_id, document.document_id, spool)
            existing = self._existing(key)
            if existing is not None and existing.sha256 == sha256:
                return DownloadedDocument(
                    envelope_id, document.document_id, document.name, existing, True
                )
            spool.seek(0)
            stored = self.storage.put(
                cast(BinaryIO, spool),
                key=key,
                content_type=PDF,
                metadata=_metadata(envelope_id, document),
            )
        return DownloadedDocument(
            envelope_id, document.document_id, document.name, stored, False
        )

    def _fetch(self, envelope_id: str, document_id: str, target: Any) -> str:
        digest = hashlib.sha256()
        response = self.client.open_document(envelope_id, document_id)
        try:
            for chunk in response.stream(CHUNK_BYTES):
                digest.update(chunk)
                target.write(chunk)
        except urllib3.exceptions.HTTPError as exc:
            raise DocuSignUnavailableError(
                f"download of document {document_id!r} of envelope {envelope_id!r} "
                f"broke off: {exc}; the job is retried"
            ) from exc
        finally:
            response.release_conn()
        return digest.hexdigest()

    def _existing(self, key: str) -> StoredDocument | None:
        uri = self.storage.uri_for(key)
        return self.storage.head(uri) if self.storage.exists(uri) else None


def _metadata(envelope_id: str, document: EnvelopeDocument) -> dict[str, str]:
    return {
        "envelope-id": envelope_id,
        "document-id": document.document_id,
        "name": document.name,
    }
