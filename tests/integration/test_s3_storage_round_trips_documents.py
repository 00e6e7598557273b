import hashlib
import io
import socket
from collections.abc import Callable, Iterator

import boto3
import pytest

from processors.integrations.exceptions import (
    ChecksumMismatchError,
    DocumentNotFoundError,
    StorageUnavailableError,
)
from processors.integrations.storage import DocumentStorage, StorageSettings
from tests.fakes.s3 import s3_server

StorageFactory = Callable[..., DocumentStorage]


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    with s3_server() as endpoint:
        yield endpoint


def _settings(endpoint: str, root_uri: str) -> StorageSettings:
    return StorageSettings(
        root_uri=root_uri,
        s3_endpoint_url=endpoint,
        s3_access_key_id="test-key",
        s3_secret_access_key="test-secret",
        s3_addressing_style="path",
        s3_max_attempts=1,
        s3_connect_timeout_s=2,
        s3_read_timeout_s=5,
    )


@pytest.fixture
def make_storage(s3_endpoint: str) -> StorageFactory:
    def make(bucket: str = "documents", prefix: str = "supplier") -> DocumentStorage:
        settings = _settings(s3_endpoint, f"s3://{bucket}/{prefix}")
        client = boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            region_name=settings.s3_region,
            aws_access_key_id="test-key",
            aws_secret_access_key="test-secret",
        )
        existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
        if bucket not in existing:
            client.create_bucket(
                Bucket=bucket,
                CreateBucketConfiguration={"LocationConstraint": settings.s3_region},
            )
        return DocumentStorage(settings)

    return make


def test_put_and_read_back_through_s3(make_storage: StorageFactory) -> None:
    """A document put to S3 reads back byte for byte with its hash verified."""
    storage = make_storage()
    data = b"%PDF-1.7\n" + bytes(range(256)) * 5000

    stored = storage.put(io.BytesIO(data), key="a/flyer.pdf", content_type="x/pdf")

    assert stored.uri == "s3://documents/supplier/a/flyer.pdf"
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert storage.get_bytes(stored.uri, expected_sha256=stored.sha256) == data


def test_head_returns_content_type_hash_and_japanese_metadata(
    make_storage: StorageFactory,
) -> None:
    """S3 keeps the content type and metadata, Japanese text included."""
    storage = make_storage()
    stored = storage.put(
        b"contract",
        key="docusign/e1/1.pdf",
        content_type="application/pdf",
        metadata={"name": "売買契約書.pdf", "document-id": "1"},
    )

    head = storage.head(stored.uri)

    assert head == stored
    assert storage.exists(stored.uri)


def test_streaming_read_in_pieces(make_storage: StorageFactory) -> None:
    """`open` streams the object body."""
    storage = make_storage()
    stored = storage.put(b"abcdefghij", key="s.bin", content_type="x/y")

    with storage.open(stored.uri) as stream:
        pieces = [stream.read(3), stream.read(100)]

    assert pieces == [b"abc", b"defghij"]


def test_missing_object_and_bucket_are_not_found(make_storage: StorageFactory) -> None:
    """An absent key or bucket is a final error, and `exists` is False."""
    storage = make_storage()

    assert not storage.exists("s3://documents/none.pdf")
    with pytest.raises(DocumentNotFoundError):
        storage.get_bytes("s3://documents/none.pdf")
    with pytest.raises(DocumentNotFoundError):
        storage.head("s3://no-such-bucket/none.pdf")


def test_wrong_hash_is_a_final_error(make_storage: StorageFactory) -> None:
    """A hash mismatch on an S3 object names both hashes."""
    storage = make_storage()
    stored = storage.put(b"abc", key="h.bin", content_type="x/y")

    with pytest.raises(ChecksumMismatchError, match=stored.sha256):
        storage.get_bytes(stored.uri, expected_sha256="0" * 64)


def test_object_written_by_another_tool_gets_its_hash_computed(
    make_storage: StorageFactory, s3_endpoint: str
) -> None:
    """An object without our sha256 metadata is described by hashing its body."""
    storage = make_storage()
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="ap-northeast-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.put_object(Bucket="documents", Key="foreign.bin", Body=b"foreign")

    head = storage.head("s3://documents/foreign.bin")

    assert head.sha256 == hashlib.sha256(b"foreign").hexdigest()
    assert head.size == 7


def test_unreachable_endpoint_is_retryable() -> None:
    """A connection refused by the S3 endpoint is a retryable failure."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    storage = DocumentStorage(_settings(f"http://127.0.0.1:{port}", "s3://b/p"))

    with pytest.raises(StorageUnavailableError):
        storage.put(b"x", key="k.bin", content_type="x/y")


def test_a_multipart_upload_keeps_its_hash_metadata(
    make_storage: StorageFactory,
) -> None:
    """A document above the multipart threshold still reads back with its sha256."""
    storage = make_storage()
    data = bytes(range(256)) * (40 * 1024)

    stored = storage.put(io.BytesIO(data), key="big/scan.pdf", content_type="x/pdf")

    head = storage.head(stored.uri)
    assert head.sha256 == hashlib.sha256(data).hexdigest()
    assert head.size == len(data) == 10 * 1024 * 1024
