"""One storage interface over the local-folder and S3 backends.

New documents go to the backend of the configured root URI; documents are read
from whichever backend their URI's scheme names, so events written while the root
was a folder stay readable after a move to S3 (and the other way round).
"""

import hashlib
import io
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import unquote, urlsplit

from processors.integrations.exceptions import (
    ChecksumMismatchError,
    InvalidDocumentUriError,
)
from processors.integrations.storage.documents import (
    CHUNK_BYTES,
    StoredDocument,
    check_metadata,
)
from processors.integrations.storage.local import LocalFolderBackend
from processors.integrations.storage.s3 import S3Backend
from processors.integrations.storage.settings import StorageSettings

logger = logging.getLogger(__name__)


class Backend(Protocol):
    """What each storage backend provides; URIs are those of its own scheme."""

    def uri_for(self, key: str) -> str: ...

    def put(
        self,
        stream: BinaryIO,
        *,
        key: str,
        content_type: str,
        metadata: Mapping[str, str],
    ) -> StoredDocument: ...

    def open(self, uri: str) -> BinaryIO: ...

    def exists(self, uri: str) -> bool: ...

    def head(self, uri: str) -> StoredDocument: ...


class DocumentStorage:
    """Puts documents under keys and reads them back by URI, verifying hashes."""

    def __init__(self, settings: StorageSettings | None = None) -> None:
        self.settings = settings or StorageSettings()
        self._root = _root_backend(self.settings)
        self._readers: dict[str, Backend] = {_scheme_of(self._root): self._root}

    def uri_for(self, key: str) -> str:
        """The URI a document put under `key` gets."""
        return self._root.uri_for(key)

    def put(
        self,
        data: bytes | BinaryIO,
        *,
        key: str,
        content_type: str,
        metadata: Mapping[str, str] | None = None,
    ) -> StoredDocument:
        """Store the bytes or the rest of the stream under `key`, replacing any."""
        checked = check_metadata(metadata)
        stream = io.BytesIO(data) if isinstance(data, bytes) else data
        document = self._root.put(
            stream, key=key, content_type=content_type, metadata=checked
        )
        logger.info(
            "Stored document %s (%d bytes, sha256 %s)",
            document.uri,
            document.size,
            document.sha256,
        )
        return document

    def open(self, uri: str) -> BinaryIO:
        """A binary stream of the document; the caller closes it."""
        return self._backend_for(uri).open(uri)

    def get_bytes(self, uri: str, *, expected_sha256: str | None = None) -> bytes:
        """The whole document, checked against `expected_sha256` when given."""
        digest = hashlib.sha256()
        buffer = io.BytesIO()
        with self.open(uri) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                digest.update(chunk)
                buffer.write(chunk)
        actual = digest.hexdigest()
        if expected_sha256 is not None and actual != expected_sha256.lower():
            raise ChecksumMismatchError(
                f"document {uri!r} has sha256 {actual}, but {expected_sha256} was "
                "expected; the document changed or the reference is wrong"
            )
        return buffer.getvalue()

    def exists(self, uri: str) -> bool:
        """Whether a document is stored at the URI."""
        return self._backend_for(uri).exists(uri)

    def head(self, uri: str) -> StoredDocument:
        """The stored document's hash, size, content type and metadata."""
        return self._backend_for(uri).head(uri)

    def _backend_for(self, uri: str) -> Backend:
        scheme = urlsplit(uri).scheme
        if scheme not in ("file", "s3"):
            raise InvalidDocumentUriError(
                f"document URI {uri!r} has scheme {scheme!r}; file:// and s3:// "
                "are supported"
            )
        if scheme not in self._readers:
            # The root backend's own bucket and prefix do not matter for reading.
            self._readers[scheme] = S3Backend(self.settings, bucket="", prefix="")
        return self._readers[scheme]


def _root_backend(settings: StorageSettings) -> Backend:
    parts = urlsplit(settings.root_uri)
    if parts.scheme == "s3":
        if not parts.netloc:
            raise InvalidDocumentUriError(
                f"STORAGE_ROOT_URI {settings.root_uri!r} names no bucket; expected "
                "s3://bucket or s3://bucket/prefix"
            )
        return S3Backend(settings, bucket=parts.netloc, prefix=parts.path)
    if parts.scheme == "file":
        return LocalFolderBackend(Path(unquote(parts.path)))
    if parts.scheme:
        raise InvalidDocumentUriError(
            f"STORAGE_ROOT_URI {settings.root_uri!r} has scheme {parts.scheme!r}; "
            "use a folder path, file:///folder or s3://bucket/prefix"
        )
    return LocalFolderBackend(Path(settings.root_uri))


def _scheme_of(backend: Backend) -> str:
    return "s3" if isinstance(backend, S3Backend) else "file"
