from datetime import UTC, datetime, timedelta

from processors.tracking.ordering import JobStand, Position, moves_job, rank, run_of

T0 = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def stand(state: str, attempt: int, seconds: float, run: int = 1) -> JobStand:
    return JobStand(run, T0, state, Position(attempt, rank(state), at(seconds)))


def test_a_later_step_moves_the_job_and_an_earlier_one_does_not() -> None:
    """Attempt first, then state rank, then time."""
    running = stand("running", 1, 2)

    assert moves_job(running, 1, Position(1, rank("succeeded"), at(3)))
    assert moves_job(running, 1, Position(2, rank("queued"), at(1)))
    assert not moves_job(running, 1, Position(1, rank("queued"), at(9)))
    assert not moves_job(running, 1, Position(1, rank("running"), at(2)))


def test_a_start_after_the_end_is_a_new_run_and_an_old_one_is_not() -> None:
    """Queued after failed: next run; queued before failed: same run; an event
    from before the run began: the run before it."""
    failed = stand("failed", 2, 10)
    second_run = JobStand(2, at(20), "running", Position(1, rank("running"), at(21)))

    assert run_of(failed, "queued", at(30)) == 2
    assert run_of(failed, "queued", at(5)) == 1
    assert run_of(failed, "succeeded", at(30)) == 1
    assert run_of(stand("retrying", 1, 10), "queued", at(30)) == 1
    assert run_of(second_run, "running", at(8)) == 1
    assert moves_job(failed, 2, Position(1, rank("queued"), at(30)))
    assert not moves_job(second_run, 1, Position(3, rank("failed"), at(9)))


def test_unknown_states_rank_lowest() -> None:
    """A state this tracker does not know never outranks a known one."""
    assert rank("paused") == rank("unknown") == 0 < rank("queued")
