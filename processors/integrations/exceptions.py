"""Errors raised by the clients of outside services (storage, DocuSign, Slack)."""

from processors.exceptions import (
    NonRetryableJobError,
    ProcessorsError,
    RetryableJobError,
)


class IntegrationError(ProcessorsError):
    """Raised for any failure the integrations subpackage detects."""


class InvalidDocumentUriError(IntegrationError, NonRetryableJobError):
    """Raised when a document URI has a scheme or location no storage serves."""


class DocumentNotFoundError(IntegrationError, NonRetryableJobError):
    """Raised when a document URI names an object that does not exist."""


class ChecksumMismatchError(IntegrationError, NonRetryableJobError):
    """Raised when a stored document's sha256 differs from the one expected."""


class StorageRejectedError(IntegrationError, NonRetryableJobError):
    """Raised when the storage refuses a request that retrying cannot fix."""


class StorageUnavailableError(IntegrationError, RetryableJobError):
    """Raised when the storage cannot be reached or answers with a server error."""


class DocuSignRejectedError(IntegrationError, NonRetryableJobError):
    """Raised when DocuSign refuses a request for good (unknown envelope, no access)."""


class DocuSignUnavailableError(IntegrationError, RetryableJobError):
    """Raised when DocuSign is unreachable, overloaded or rate-limits the client."""
