"""Errors of the job history, its API and its dashboard."""

from processors.exceptions import ProcessorsError


class TrackingError(ProcessorsError):
    """Raised when the job history cannot be read or written as asked."""


class StoreUnavailable(TrackingError):
    """Raised when the job store's database refuses or drops a connection."""


class InvalidCursor(TrackingError):
    """Raised when a page cursor was not made by this store."""


class InvalidSetting(TrackingError):
    """Raised when a dashboard setting is given a value it cannot take."""


class InvalidTokens(TrackingError):
    """Raised when DASHBOARD_TOKENS or the trusted role mapping cannot be parsed."""


class ActionRefused(TrackingError):
    """Raised when an operator action cannot be carried out on what it names."""


class LoginRequired(TrackingError):
    """Raised when a dashboard page is asked for by someone not logged in."""


class Forbidden(TrackingError):
    """Raised when a user asks for more than their role allows, or a form comes
    without its CSRF token."""
