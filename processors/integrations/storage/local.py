"""Documents in a local folder, each with a JSON sidecar for its metadata.

Sidecars live under `.metadata/` in the root, mirroring the document keys, so a
document's own name never collides with one. A document is written to a temporary
file and renamed into place, so readers never see half a document.
"""

import io
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlsplit

from processors.integrations.exceptions import (
    DocumentNotFoundError,
    InvalidDocumentUriError,
    StorageUnavailableError,
)
from processors.integrations.storage.documents import (
    StoredDocument,
    check_key,
    copy_hashing,
    hash_stream,
)

logger = logging.getLogger(__name__)

METADATA_FOLDER = ".metadata"
DEFAULT_CONTENT_TYPE = "application/octet-stream"


class LocalFolderBackend:
    """Stores documents as files under one root folder, addressed by `file://` URIs."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()

    def uri_for(self, key: str) -> str:
        return (self.root / check_key(key)).as_uri()

    def put(
        self,
        stream: BinaryIO,
        *,
        key: str,
        content_type: str,
        metadata: Mapping[str, str],
    ) -> StoredDocument:
        target = self.root / check_key(key)
        try:
            sha256, size = _write_atomically(stream, target)
            document = StoredDocument(
                target.as_uri(), sha256, size, content_type, dict(metadata)
            )
            _write_sidecar(self._sidecar(target), document)
        except OSError as exc:
            raise StorageUnavailableError(
                f"cannot write {str(target)!r}: {exc.strerror}; the job is retried"
            ) from exc
        logger.debug("Stored %d bytes at %s", size, document.uri)
        return document

    def open(self, uri: str) -> BinaryIO:
        path = self.path_of(uri)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise DocumentNotFoundError(f"no document at {uri!r}") from exc
        except OSError as exc:
            raise StorageUnavailableError(
                f"cannot read {uri!r}: {exc.strerror}; the job is retried"
            ) from exc

    def exists(self, uri: str) -> bool:
        return self.path_of(uri).is_file()

    def head(self, uri: str) -> StoredDocument:
        path = self.path_of(uri)
        if not path.is_file():
            raise DocumentNotFoundError(f"no document at {uri!r}")
        recorded = _read_sidecar(self._sidecar(path))
        if recorded and recorded.get("size") == path.stat().st_size:
            return StoredDocument(
                uri=path.as_uri(),
                sha256=str(recorded["sha256"]),
                size=int(recorded["size"]),
                content_type=str(recorded["content_type"]),
                metadata=dict(recorded.get("metadata", {})),
            )
        return self._describe_unrecorded(path)

    def path_of(self, uri: str) -> Path:
        """The file a `file://` URI names, if it lies inside the root folder."""
        parts = urlsplit(uri)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise InvalidDocumentUriError(
                f"document URI {uri!r} is not a local file URI; expected "
                f"file://{self.root.as_posix()}/…"
            )
        path = Path(unquote(parts.path)).resolve()
        inside = path.is_relative_to(self.root)
        if not inside or path.is_relative_to(self.root / METADATA_FOLDER):
            raise InvalidDocumentUriError(
                f"document URI {uri!r} is outside the storage folder "
                f"{str(self.root)!r}; only documents under it can be read"
            )
        return path

    def _sidecar(self, path: Path) -> Path:
        relative = path.relative_to(self.root)
        return self.root / METADATA_FOLDER / relative.parent / f"{relative.name}.json"

    def _describe_unrecorded(self, path: Path) -> StoredDocument:
        # A file put in the folder by hand, or a crash between file and sidecar.
        with path.open("rb") as stream:
            sha256, size = hash_stream(stream)
        return StoredDocument(path.as_uri(), sha256, size, DEFAULT_CONTENT_TYPE)


def _write_atomically(stream: BinaryIO, target: Path) -> tuple[str, int]:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as output:
            sha256, size = copy_hashing(stream, output)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256, size


def _write_sidecar(path: Path, document: StoredDocument) -> None:
    record = {
        "sha256": document.sha256,
        "size": document.size,
        "content_type": document.content_type,
        "metadata": dict(document.metadata),
    }
    encoded = json.dumps(record, ensure_ascii=False).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(io.BytesIO(encoded), path)


def _read_sidecar(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None
