"""Errors raised while replacing the broker band of a flyer."""

from processors.documents.exceptions import DocumentsError
from processors.exceptions import NonRetryableJobError


class BandError(DocumentsError):
    """Raised for any failure of the band replacement."""


class BandNotFoundError(BandError, NonRetryableJobError):
    """Raised when no page of a flyer shows a recognisable broker band."""


class BandFontError(BandError, NonRetryableJobError):
    """Raised when the configured band font or logo cannot be loaded."""
