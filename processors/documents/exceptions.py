"""Errors raised while reading documents (PDF and image pages, OCR, parsing)."""

from processors.exceptions import (
    NonRetryableJobError,
    ProcessorsError,
    RetryableJobError,
)


class DocumentsError(ProcessorsError):
    """Raised for any failure the documents subpackage detects."""


class UnsupportedDocumentError(DocumentsError, NonRetryableJobError):
    """Raised when the bytes are not a readable PDF, PNG, JPEG or TIFF document."""


class OcrTimeoutError(DocumentsError, RetryableJobError):
    """Raised when Tesseract does not finish a page within its timeout."""


class OcrEngineError(DocumentsError, RetryableJobError):
    """Raised when Tesseract is missing, lacks a language or exits with an error."""


class WrongDocumentError(DocumentsError, NonRetryableJobError):
    """Raised when a document is blank or is not the kind the reader was asked for."""
