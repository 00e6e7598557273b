"""Errors of the event contract: schemas, encoding, topics.yaml."""

from processors.exceptions import ProcessorsError


class ContractError(ProcessorsError):
    """Raised when something breaks the event contract."""


class SchemaError(ContractError):
    """Raised when a schema file is missing, malformed or references an unknown type."""


class TopicsFileError(ContractError):
    """Raised when topics.yaml cannot be read or fails validation."""

    def __init__(self, path: str, problems: list[str]) -> None:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{path} is not valid:\n{lines}")
        self.path = path
        self.problems = problems


class UnknownEventType(ContractError):
    """Raised when an event type name is not one of the system's events."""


class InvalidEvent(ContractError):
    """Raised when an event's content does not validate against its model."""


class UndecodableMessage(ContractError):
    """Raised when a message's bytes cannot be decoded into an event.

    Keeps the raw value so the message can be dead-lettered as it arrived.
    """

    def __init__(self, reason: str, *, value: bytes | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value


class IncompatibleSchemaChange(ContractError):
    """Raised when a schema cannot read data written with an earlier version of it."""


class SchemaRegistryError(ContractError):
    """Raised when the schema registry refuses or cannot be reached."""
