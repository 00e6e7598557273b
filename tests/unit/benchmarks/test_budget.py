"""A run stops after its message count or its time, counted from its first message,
and reports the CPU of the messages in between."""

import time

from benchmarks.budget import Budget
from benchmarks.spec import RunSpec


def spec(stop_after: int = 10, time_limit_s: float | None = None) -> RunSpec:
    return RunSpec(
        scenario="unit",
        engine="loop",
        bootstrap_servers="127.0.0.1:9092",
        run_id="unit",
        input_topic="in",
        output_topic="out",
        stop_after=stop_after,
        time_limit_s=time_limit_s,
    )


def test_a_budget_is_spent_at_its_message_count() -> None:
    budget = Budget(spec(stop_after=3))
    assert [budget.spent(n) for n in range(4)] == [False, False, False, True]
    assert not budget.out_of_time


def test_the_time_limit_counts_from_the_first_message() -> None:
    budget = Budget(spec(stop_after=1000, time_limit_s=0.05))
    assert not budget.spent(0)
    time.sleep(0.1)
    assert not budget.spent(1)
    time.sleep(0.1)
    assert budget.spent(2)
    assert budget.out_of_time


def test_cpu_per_message_covers_the_messages_after_the_first() -> None:
    budget = Budget(spec(stop_after=3))
    assert budget.cpu_us_per_message() is None
    budget.spent(1)
    busy_until = time.process_time() + 0.05
    while time.process_time() < busy_until:
        pass
    budget.spent(3)
    cpu = budget.cpu_us_per_message()
    # 50 ms of CPU shared by the two messages after the first.
    assert cpu is not None and 20_000 <= cpu < 1_000_000
