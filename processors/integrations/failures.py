"""A job failure as the notifier and the error reporter see it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class JobFailure:
    """A failed attempt of a job, with where its message came from.

    `final` is true when no further attempt will be made (the message went to the
    dead-letter topic).
    """

    job_name: str
    job_id: str
    key: str | None
    error_type: str
    error_message: str
    attempt: int
    max_attempts: int | None = None
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    final: bool = True

    @property
    def dedupe_key(self) -> tuple[str, int]:
        """The same job failing on the same attempt is the same failure."""
        return (self.job_id, self.attempt)
