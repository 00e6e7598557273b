"""The root of every error this package raises on purpose, and the job outcomes.

A job signals how its failure should be handled by the class it raises:
`NonRetryableJobError` goes straight to the dead-letter topic, `RetryableJobError`
(and any exception the package did not anticipate) is retried by the runtime until
the job's `max_attempts` is reached.
"""


class ProcessorsError(Exception):
    """Raised for any failure the package itself detects; subpackages subclass it."""


class JobError(ProcessorsError):
    """Raised by job code when a job cannot produce its result."""


class RetryableJobError(JobError):
    """Raised when a later attempt may succeed (a timeout, a 5xx, a rate limit)."""

    def __init__(self, message: str, *, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s

    def __reduce__(self) -> tuple[object, ...]:
        # Errors travel back from job processes pickled; keep the keyword argument.
        return (_rebuild_retryable, (type(self), str(self), self.retry_after_s))


def _rebuild_retryable(
    cls: type[RetryableJobError], message: str, retry_after_s: float | None
) -> RetryableJobError:
    return cls(message, retry_after_s=retry_after_s)


class NonRetryableJobError(JobError):
    """Raised when no later attempt can succeed (a wrong or unreadable document)."""
