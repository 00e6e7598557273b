"""Where a status event stands in its job's life, so that an older event never
moves a job backwards.

Within one delivery of the trigger (a *run*) a job only moves forward: attempt by
attempt, and within an attempt from queued to running to an outcome. Events are
ranked by (attempt, state rank, occurred_at). A replay from the dead-letter topic
delivers the trigger again with attempts reset: a queued or running event that
happened after the job ended starts a new run.
"""

from dataclasses import dataclass
from datetime import datetime

from processors.contract.events import JobState

STATE_RANKS: dict[str, int] = {
    JobState.UNKNOWN.value: 0,
    JobState.QUEUED.value: 1,
    JobState.RUNNING.value: 2,
    JobState.RETRYING.value: 3,
    JobState.SUCCEEDED.value: 3,
    JobState.FAILED.value: 3,
    JobState.CANCELLED.value: 3,
}
FINAL_STATES = frozenset(
    {JobState.SUCCEEDED.value, JobState.FAILED.value, JobState.CANCELLED.value}
)
OUTCOME_STATES = FINAL_STATES | {JobState.RETRYING.value}
START_STATES = frozenset({JobState.QUEUED.value, JobState.RUNNING.value})


@dataclass(frozen=True)
class Position:
    """How far a job got: ordered, greater is later."""

    attempt: int
    rank: int
    occurred_at: datetime

    def as_tuple(self) -> tuple[int, int, datetime]:
        return (self.attempt, self.rank, self.occurred_at)

    def is_after(self, other: "Position") -> bool:
        return self.as_tuple() > other.as_tuple()


def rank(state: str) -> int:
    return STATE_RANKS.get(state, 0)


@dataclass(frozen=True)
class JobStand:
    """What the store knows of a job's current run."""

    run: int
    run_started_at: datetime
    state: str
    position: Position


def run_of(stand: JobStand, state: str, occurred_at: datetime) -> int:
    """The run an event belongs to: an earlier one, the current one, or the next."""
    if occurred_at < stand.run_started_at:
        return max(1, stand.run - 1)
    ended = stand.state in FINAL_STATES
    if ended and state in START_STATES and occurred_at > stand.position.occurred_at:
        return stand.run + 1
    return stand.run


def moves_job(stand: JobStand, run: int, position: Position) -> bool:
    """Whether an event of this run and position becomes the job's current state."""
    if run != stand.run:
        return run > stand.run
    return position.is_after(stand.position)
