"""Errors of the benchmark harness."""

from processors.exceptions import ProcessorsError


class BenchmarkError(ProcessorsError):
    """Raised when a benchmark cannot be set up, run or measured."""


class RunFailed(BenchmarkError):
    """Raised when a run loses, duplicates or reorders a message, or never ends."""
