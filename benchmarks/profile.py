"""Where a scenario's CPU goes: one run under py-spy, summarised by function.

py-spy writes collapsed stacks (one `frame;frame;… count` line per stack), which
speedscope and flamegraph tools open as they are; the summary here gives each
thread's share and the functions with the most samples, on their own (self) and
with what they call (total).
"""

import shutil
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.exceptions import BenchmarkError

SAMPLES_PER_S = 250


@dataclass(frozen=True)
class Summary:
    samples: int
    threads: list[tuple[str, int]]
    self_time: list[tuple[str, int]]
    total_time: list[tuple[str, int]]

    def render(self, top: int, handled: int) -> str:
        """Shares of all samples, and sampled time per message handled."""
        us_per_sample = 1e6 / SAMPLES_PER_S / max(handled, 1)
        lines = [f"{self.samples} samples, {handled} messages handled"]
        for title, rows in (
            ("by thread", self.threads),
            ("self (the function itself)", self.self_time[:top]),
            ("total (with what it calls)", self.total_time[:top]),
        ):
            lines.append(f"\n{title}:  share  µs/message")
            lines.extend(
                f"  {count / self.samples:6.1%} {count * us_per_sample:8.1f}  {name}"
                for name, count in rows
            )
        return "\n".join(lines)


def py_spy_wrapper(output: Path, *, idle: bool = False) -> list[str]:
    """The command prefix that records a child's stacks into `output`: of the
    thread holding the GIL (Python CPU), or of every thread, waiting ones too."""
    found = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(found).exists():
        raise BenchmarkError("py-spy is not installed (pip install py-spy)")
    return [
        found,
        "record",
        "--threads",
        "--idle" if idle else "--gil",
        # Pausing the process at each sample would slow it several times over.
        "--nonblocking",
        "--rate",
        str(SAMPLES_PER_S),
        "--format",
        "raw",
        "--output",
        str(output),
        "--",
    ]


def summarise(collapsed: Path) -> Summary:
    threads: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack:
            continue
        count = int(count_text)
        thread, *frames = stack.split(";")
        threads[thread] += count
        if frames:
            own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    return Summary(
        samples=sum(threads.values()),
        threads=threads.most_common(),
        self_time=own.most_common(),
        total_time=total.most_common(),
    )
