"""Errors of the runtime."""

from processors.exceptions import ProcessorsError, RetryableJobError


class RuntimeFailure(ProcessorsError):
    """Raised when a worker cannot start or keep running (bad job, lost broker)."""


class HandlerNotFound(RuntimeFailure):
    """Raised when a job's `handler` in topics.yaml cannot be imported."""


class JobTimedOut(RetryableJobError):
    """Raised when an attempt runs past its job's `timeout_s`; its late result is
    discarded."""


class WrongResultType(ProcessorsError):
    """Raised when a job returns something other than its topic's event type."""
