"""What the document jobs share: one storage per process and document references."""

from functools import cache

from processors.contract.events import DocumentRef
from processors.integrations.storage import DocumentStorage, StoredDocument


@cache
def storage() -> DocumentStorage:
    """The document storage the environment configures, made once per process."""
    return DocumentStorage()


def reference(stored: StoredDocument) -> DocumentRef:
    """The claim check for a stored document, as events carry it."""
    return DocumentRef(
        uri=stored.uri,
        sha256=stored.sha256,
        content_type=stored.content_type,
        size_bytes=stored.size,
    )


def fetch(document: DocumentRef) -> bytes:
    """The referenced document's bytes, refused when its hash differs."""
    return storage().get_bytes(document.uri, expected_sha256=document.sha256)
