"""What a storage returns about a document, and the checks shared by its backends."""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from processors.integrations.exceptions import InvalidDocumentUriError

CHUNK_BYTES = 1024 * 1024
"""Size of the pieces a document is copied and hashed in."""

_METADATA_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
RESERVED_METADATA_KEYS = frozenset({"sha256"})
"""Metadata names the storage sets itself."""


@dataclass(frozen=True)
class StoredDocument:
    """A stored document: where it is, its sha256 (hex), size and metadata."""

    uri: str
    sha256: str
    size: int
    content_type: str
    metadata: Mapping[str, str] = field(default_factory=dict)


def check_key(key: str) -> str:
    """The key, if it is a relative path of visible, non-empty segments."""
    segments = key.split("/")
    bad = [part for part in segments if not part or part.startswith(".")]
    if bad or "\\" in key or any(ord(char) < 32 for char in key):
        raise InvalidDocumentUriError(
            f"document key {key!r} is not allowed: use a relative path of "
            "non-empty segments separated by '/', none starting with '.', without "
            "backslashes or control characters"
        )
    return key


def check_metadata(metadata: Mapping[str, str] | None) -> dict[str, str]:
    """A copy of the metadata, if its names are lowercase words with dashes."""
    checked = dict(metadata or {})
    for name in checked:
        if not _METADATA_KEY.fullmatch(name) or name in RESERVED_METADATA_KEYS:
            raise InvalidDocumentUriError(
                f"metadata name {name!r} is not allowed: use 1-64 characters of "
                "a-z, 0-9 and '-', starting with a letter or digit, and not one of "
                f"{sorted(RESERVED_METADATA_KEYS)}"
            )
    return checked


def copy_hashing(source: BinaryIO, target: BinaryIO) -> tuple[str, int]:
    """Copy the stream in chunks; return the sha256 (hex) and size of what passed."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK_BYTES):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def hash_stream(source: BinaryIO) -> tuple[str, int]:
    """The sha256 (hex) and size of the rest of the stream."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size
