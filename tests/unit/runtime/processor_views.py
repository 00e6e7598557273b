"""Stand-ins for a processor as health and metrics see it: the few attributes they
read, set by the test instead of by a poll loop."""

import threading
import time
from dataclasses import dataclass, field


@dataclass
class ProcessorView:
    job_name: str
    group_id: str = ""
    last_loop_at: float = field(default_factory=time.monotonic)
    assigned: bool = False
    stopping: threading.Event = field(default_factory=threading.Event)
    counters: dict[str, int] = field(default_factory=dict)
    in_flight: int = 0

    def __post_init__(self) -> None:
        self.group_id = self.group_id or f"processors.{self.job_name}"


@dataclass
class PausingProcessorView(ProcessorView):
    paused_partitions: int = 0
