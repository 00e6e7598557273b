import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from processors.integrations.exceptions import (
    ChecksumMismatchError,
    DocumentNotFoundError,
    InvalidDocumentUriError,
)
from processors.integrations.storage import DocumentStorage, StorageSettings

StorageFactory = Callable[[], DocumentStorage]


@pytest.fixture
def make_storage(tmp_path: Path) -> StorageFactory:
    def make() -> DocumentStorage:
        return DocumentStorage(StorageSettings(root_uri=str(tmp_path / "documents")))

    return make


def test_put_streams_and_returns_the_hash_and_size(
    make_storage: StorageFactory,
) -> None:
    """A stream larger than one chunk is stored whole, with its sha256 and size."""
    storage = make_storage()
    data = bytes(range(256)) * 9000

    stored = storage.put(io.BytesIO(data), key="a/b/doc.pdf", content_type="x/y")

    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data)
    assert stored.uri.startswith("file:///") and stored.uri.endswith("/a/b/doc.pdf")
    assert storage.get_bytes(stored.uri, expected_sha256=stored.sha256) == data


def test_head_keeps_content_type_and_unicode_metadata(
    make_storage: StorageFactory,
) -> None:
    """Content type and metadata survive a round trip, Japanese names included."""
    storage = make_storage()
    stored = storage.put(
        b"%PDF-1.7",
        key="docusign/env/1.pdf",
        content_type="application/pdf",
        metadata={"name": "重要事項説明書.pdf", "envelope-id": "env"},
    )

    head = DocumentStorage(storage.settings).head(stored.uri)

    assert head == stored
    assert head.metadata["name"] == "重要事項説明書.pdf"


def test_open_streams_the_document(make_storage: StorageFactory) -> None:
    """`open` returns a stream the caller reads in pieces."""
    storage = make_storage()
    stored = storage.put(b"0123456789", key="k.bin", content_type="x/y")

    with storage.open(stored.uri) as stream:
        pieces = [stream.read(4), stream.read(4), stream.read(4)]

    assert pieces == [b"0123", b"4567", b"89"]


def test_hash_mismatch_names_both_hashes(make_storage: StorageFactory) -> None:
    """A wrong expected sha256 fails without retry, quoting both hashes."""
    storage = make_storage()
    stored = storage.put(b"contract", key="c.pdf", content_type="application/pdf")
    wrong = hashlib.sha256(b"other").hexdigest()

    with pytest.raises(ChecksumMismatchError) as caught:
        storage.get_bytes(stored.uri, expected_sha256=wrong)

    assert stored.sha256 in str(caught.value) and wrong in str(caught.value)


def test_missing_document_is_not_found(make_storage: StorageFactory) -> None:
    """Reading an absent key fails as not found; `exists` says False."""
    storage = make_storage()
    uri = storage.uri_for("nowhere/none.pdf")

    assert not storage.exists(uri)
    with pytest.raises(DocumentNotFoundError):
        storage.get_bytes(uri)
    with pytest.raises(DocumentNotFoundError):
        storage.head(uri)


def test_uris_outside_the_root_are_refused(
    make_storage: StorageFactory, tmp_path: Path
) -> None:
    """A file URI outside the storage folder cannot be read through the storage."""
    secret = tmp_path / "secret.txt"
    secret.write_text("no")

    with pytest.raises(InvalidDocumentUriError):
        make_storage().get_bytes(secret.as_uri())


@pytest.mark.parametrize("key", ["../up.pdf", "/abs.pdf", "a//b.pdf", ".hidden", ""])
def test_unsafe_keys_are_refused(make_storage: StorageFactory, key: str) -> None:
    """Keys that could escape the root or clash with sidecars are rejected."""
    with pytest.raises(InvalidDocumentUriError):
        make_storage().put(b"x", key=key, content_type="x/y")


def test_replacing_a_document_updates_its_description(
    make_storage: StorageFactory,
) -> None:
    """Putting the same key again replaces content, hash and content type."""
    storage = make_storage()
    storage.put(b"first", key="same.bin", content_type="text/plain")
    second = storage.put(b"second!", key="same.bin", content_type="x/y")

    head = storage.head(second.uri)

    assert (head.sha256, head.size, head.content_type) == (
        hashlib.sha256(b"second!").hexdigest(),
        7,
        "x/y",
    )


def test_a_file_without_sidecar_is_described_from_its_bytes(
    make_storage: StorageFactory,
) -> None:
    """A file dropped in the folder by hand still gets a correct hash and size."""
    storage = make_storage()
    uri = storage.uri_for("dropped.bin")
    path = Path(storage.settings.root_uri) / "dropped.bin"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"by hand")

    head = storage.head(uri)

    assert head.sha256 == hashlib.sha256(b"by hand").hexdigest()
    assert head.content_type == "application/octet-stream"


def test_unknown_scheme_is_refused(make_storage: StorageFactory) -> None:
    """Only file:// and s3:// URIs are served."""
    with pytest.raises(InvalidDocumentUriError, match="https"):
        make_storage().open("https://example.com/doc.pdf")
