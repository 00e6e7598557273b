"""Errors talking to Kafka."""

from processors.exceptions import ProcessorsError


class MessagingError(ProcessorsError):
    """Raised when Kafka refuses or does not answer a request in time."""


class DeliveryFailed(MessagingError):
    """Raised when the broker did not acknowledge a produced message."""
