"""Documents as S3 objects, addressed by `s3://bucket/key` URIs.

An upload is hashed while it is spooled (in memory, then a temporary file), so its
sha256 can travel as object metadata: S3's own ETag is not a content hash for
multipart uploads. Metadata values are percent-encoded, as S3 only carries ASCII.
"""

import io
import logging
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, BinaryIO, cast
from urllib.parse import quote, unquote, urlsplit

import boto3
import botocore.exceptions
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

from processors.integrations.exceptions import (
    DocumentNotFoundError,
    InvalidDocumentUriError,
    StorageRejectedError,
    StorageUnavailableError,
)
from processors.integrations.storage.documents import (
    CHUNK_BYTES,
    StoredDocument,
    check_key,
    copy_hashing,
    hash_stream,
)
from processors.integrations.storage.settings import StorageSettings

logger = logging.getLogger(__name__)

SHA256_METADATA = "sha256"
_NOT_FOUND_CODES = frozenset({"404", "NoSuchKey", "NoSuchBucket", "NotFound"})
_TRANSIENT_CODES = frozenset(
    {"SlowDown", "RequestTimeout", "ServiceUnavailable", "InternalError", "Throttling"}
)


class S3Backend:
    """Stores documents as objects under an optional prefix of one bucket."""

    def __init__(self, settings: StorageSettings, *, bucket: str, prefix: str) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self._settings = settings
        self._client = _client(settings)

    def uri_for(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._object_key(key)}"

    def put(
        self,
        stream: BinaryIO,
        *,
        key: str,
        content_type: str,
        metadata: Mapping[str, str],
    ) -> StoredDocument:
        object_key = self._object_key(key)
        uri = f"s3://{self.bucket}/{object_key}"
        limit = self._settings.spool_memory_bytes
        with tempfile.SpooledTemporaryFile(max_size=limit) as spool:
            sha256, size = copy_hashing(stream, cast(BinaryIO, spool))
            spool.seek(0)
            extra = {
                "ContentType": content_type,
                "Metadata": _encode({**metadata, SHA256_METADATA: sha256}),
            }
            with _translated(uri):
                self._client.upload_fileobj(
                    spool, self.bucket, object_key, ExtraArgs=extra, Config=_TRANSFER
                )
        logger.debug("Stored %d bytes at %s", size, uri)
        return StoredDocument(uri, sha256, size, content_type, dict(metadata))

    def open(self, uri: str) -> BinaryIO:
        bucket, key = parse_s3_uri(uri)
        with _translated(uri):
            response = self._client.get_object(Bucket=bucket, Key=key)
        raw = _TranslatingReader(response["Body"], uri)
        return cast(BinaryIO, io.BufferedReader(raw, buffer_size=CHUNK_BYTES))

    def exists(self, uri: str) -> bool:
        try:
            self._head_object(uri)
        except DocumentNotFoundError:
            return False
        return True

    def head(self, uri: str) -> StoredDocument:
        response = self._head_object(uri)
        metadata = _decode(response.get("Metadata", {}))
        sha256 = metadata.pop(SHA256_METADATA, None)
        if sha256 is None:
            # An object uploaded by another tool: its hash has to be computed.
            with self.open(uri) as stream:
                sha256, _ = hash_stream(stream)
        return StoredDocument(
            uri=uri,
            sha256=sha256,
            size=int(response["ContentLength"]),
            content_type=str(response.get("ContentType", "binary/octet-stream")),
            metadata=metadata,
        )

    def _head_object(self, uri: str) -> dict[str, Any]:
        bucket, key = parse_s3_uri(uri)
        with _translated(uri):
            return cast(
                dict[str, Any], self._client.head_object(Bucket=bucket, Key=key)
            )

    def _object_key(self, key: str) -> str:
        checked = check_key(key)
        return f"{self.prefix}/{checked}" if self.prefix else checked


_TRANSFER = TransferConfig(use_threads=False)


def parse_s3_uri(uri: str) -> tuple[str, str]:
    """The bucket and object key of an `s3://bucket/key` URI."""
    parts = urlsplit(uri)
    key = unquote(parts.path.lstrip("/"))
    if parts.scheme != "s3" or not parts.netloc or not key:
        raise InvalidDocumentUriError(
            f"document URI {uri!r} is not an S3 object URI; expected s3://bucket/key"
        )
    return parts.netloc, key


def _client(settings: StorageSettings) -> Any:
    config = Config(
        connect_timeout=settings.s3_connect_timeout_s,
        read_timeout=settings.s3_read_timeout_s,
        retries={"max_attempts": settings.s3_max_attempts, "mode": "standard"},
        s3={"addressing_style": settings.s3_addressing_style},
    )
    key_id, secret = settings.s3_access_key_id, settings.s3_secret_access_key
    return boto3.session.Session().client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        region_name=settings.s3_region,
        aws_access_key_id=key_id.get_secret_value() if key_id else None,
        aws_secret_access_key=secret.get_secret_value() if secret else None,
        config=config,
    )


def _encode(metadata: Mapping[str, str]) -> dict[str, str]:
    return {name: quote(value, safe="") for name, value in metadata.items()}


def _decode(metadata: Mapping[str, str]) -> dict[str, str]:
    return {name: unquote(value) for name, value in metadata.items()}


@contextmanager
def _translated(uri: str) -> Iterator[None]:
    """Turn botocore's errors into the storage's retryable or final errors."""
    try:
        yield
    except botocore.exceptions.ClientError as exc:
        raise _client_error(exc, uri) from exc
    except botocore.exceptions.NoCredentialsError as exc:
        raise StorageRejectedError(
            f"no S3 credentials for {uri!r}: set STORAGE_S3_ACCESS_KEY_ID and "
            "STORAGE_S3_SECRET_ACCESS_KEY or give the process a role"
        ) from exc
    except botocore.exceptions.BotoCoreError as exc:
        raise StorageUnavailableError(
            f"S3 unreachable for {uri!r}: {exc}; the job is retried"
        ) from exc


def _client_error(exc: botocore.exceptions.ClientError, uri: str) -> Exception:
    error = exc.response.get("Error", {})
    code = str(error.get("Code", ""))
    status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0))
    if code in _NOT_FOUND_CODES:
        return DocumentNotFoundError(f"no document at {uri!r} (S3 {code})")
    if status >= 500 or code in _TRANSIENT_CODES:
        return StorageUnavailableError(
            f"S3 answered {status} {code} for {uri!r}; the job is retried"
        )
    return StorageRejectedError(
        f"S3 refused the request for {uri!r}: {status} {code} "
        f"{error.get('Message', '')!r}"
    )


class _TranslatingReader(io.RawIOBase):
    """An object body as a raw stream whose network errors are storage errors."""

    def __init__(self, body: Any, uri: str) -> None:
        self._body = body
        self._uri = uri

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        read: Callable[[int], bytes] = self._body.read
        with _translated(self._uri):
            chunk = read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self._body.close()
        super().close()
