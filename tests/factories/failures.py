"""Job failures for the notifier and reporter tests."""

from processors.integrations.failures import JobFailure


def job_failure(
    number: int = 1, *, attempt: int = 3, **overrides: object
) -> JobFailure:
    """A final failure of an SBJ maisoku job; fields can be overridden."""
    fields: dict[str, object] = {
        "job_name": "sbj_maisoku",
        "job_id": f"sbj_maisoku-{number:04d}",
        "key": f"article-{number}",
        "error_type": "BandNotFoundError",
        "error_message": f"no broker band found on flyer {number}",
        "attempt": attempt,
        "max_attempts": 3,
        "topic": "maisoku.sbj.requested",
        "partition": 2,
        "offset": 4100 + number,
    }
    fields.update(overrides)
    return JobFailure(**fields)  # type: ignore[arg-type]
