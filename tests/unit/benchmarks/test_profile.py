"""Collapsed py-spy stacks are summed per thread, per function on its own, and per
function with what it calls, each stack counted once per function."""

from pathlib import Path

from benchmarks.profile import summarise


def collapsed(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "stacks.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_stacks_are_summed_by_thread_self_and_total(tmp_path: Path) -> None:
    path = collapsed(
        tmp_path,
        [
            "thread (1): poll;run (a.py:1);encode (c.py:5) 6",
            "thread (1): poll;run (a.py:1);decode (c.py:9) 3",
            "thread (2): pool;work (j.py:2);work (j.py:2) 1",
        ],
    )
    summary = summarise(path)
    assert summary.samples == 10
    assert dict(summary.threads) == {"thread (1): poll": 9, "thread (2): pool": 1}
    assert summary.self_time[0] == ("encode (c.py:5)", 6)
    totals = dict(summary.total_time)
    assert totals["run (a.py:1)"] == 9
    assert totals["work (j.py:2)"] == 1


def test_render_gives_time_per_message(tmp_path: Path) -> None:
    path = collapsed(tmp_path, ["thread (1): poll;run (a.py:1) 250"])
    text = summarise(path).render(top=5, handled=1000)
    assert "1000 messages handled" in text
    assert "1000.0  run (a.py:1)" in text
