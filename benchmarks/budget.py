"""When an engine stops, and what it spent between its first and last message."""

import resource
import time
from dataclasses import dataclass

from benchmarks.spec import RunSpec


@dataclass(frozen=True)
class Mark:
    """A moment of a run: messages handled so far, wall clock, process CPU."""

    handled: int
    at_s: float
    cpu_s: float

    @classmethod
    def now(cls, handled: int) -> "Mark":
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return cls(handled, time.monotonic(), usage.ru_utime + usage.ru_stime)


class Budget:
    """Checked by an engine as it handles messages: stop after `stop_after` of them,
    or `time_limit_s` after the first.

    Counting from the first message gives every engine the same processing window
    whatever its start-up takes; the CPU of that window, over the messages handled
    in it, is the steady-state cost per message (this process's CPU, all threads,
    librdkafka's included).
    """

    def __init__(self, spec: RunSpec) -> None:
        self.stop_after = spec.stop_after
        self.time_limit_s = spec.time_limit_s
        self.first: Mark | None = None
        self.last: Mark | None = None
        self.out_of_time = False

    def spent(self, handled: int) -> bool:
        if handled and self.first is None:
            self.first = Mark.now(handled)
        done = handled >= self.stop_after or self._time_is_up()
        if done and self.last is None:
            self.last = Mark.now(handled)
        return done

    def _time_is_up(self) -> bool:
        if self.time_limit_s is None or self.first is None:
            return False
        self.out_of_time = time.monotonic() - self.first.at_s >= self.time_limit_s
        return self.out_of_time

    def cpu_us_per_message(self) -> float | None:
        if self.first is None or self.last is None:
            return None
        messages = self.last.handled - self.first.handled
        if messages <= 0:
            return None
        return (self.last.cpu_s - self.first.cpu_s) / messages * 1e6
