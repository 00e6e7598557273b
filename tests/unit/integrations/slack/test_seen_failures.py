from processors.integrations.slack import SeenFailures


def test_a_key_is_new_once_within_its_ttl() -> None:
    """The same key is refused until its time-to-live has passed."""
    seen = SeenFailures(ttl_s=10, max_entries=100)

    assert seen.first_time(("job", 1), 0.0)
    assert not seen.first_time(("job", 1), 9.9)
    assert seen.first_time(("job", 1), 10.0)


def test_memory_is_bounded_by_forgetting_the_oldest() -> None:
    """Past `max_entries` the oldest keys are forgotten first."""
    seen = SeenFailures(ttl_s=1000, max_entries=3)
    for number in range(5):
        seen.first_time((f"job-{number}", 1), float(number))

    assert len(seen) == 3
    assert seen.first_time(("job-0", 1), 5.0)
    assert not seen.first_time(("job-4", 1), 5.0)
