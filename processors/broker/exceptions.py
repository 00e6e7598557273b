"""Errors of the local Kafka broker launcher."""

from processors.exceptions import ProcessorsError


class BrokerError(ProcessorsError):
    """Raised when the local Kafka broker cannot be set up, started or stopped."""


class BrokerJarsError(BrokerError):
    """Raised when Maven cannot fetch the broker's jars."""


class BrokerPortTakenError(BrokerError):
    """Raised when a port the broker needs is already used by another process."""

    def __init__(self, message: str, *, port: int) -> None:
        super().__init__(message)
        self.port = port


class BrokerStorageError(BrokerError):
    """Raised when Kafka's storage tool cannot format the broker's data directory."""


class BrokerStartError(BrokerError):
    """Raised when the broker's JVM exits or stays silent while starting."""


class BrokerStopError(BrokerError):
    """Raised when the broker's JVM is still alive after SIGKILL."""
