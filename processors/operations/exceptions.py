"""Errors of operator actions."""

from processors.exceptions import ProcessorsError


class OperationError(ProcessorsError):
    """Raised when an operator action cannot be carried out as asked."""
