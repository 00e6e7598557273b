"""What a child process is asked to run and what it reports back, as JSON files."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

Engine = Literal["loop", "runtime", "quix"]
Transform = Literal["bytes", "avro"]

JOB_NAME = "bench_maisoku_reader"
COMMIT_INTERVAL_S = 0.5
"""How often every engine commits: the runtime's default commit interval."""


@dataclass(frozen=True)
class RunSpec:
    """One run: which engine consumes which topic, and when it stops.

    The engine stops after `stop_after` messages have been handled, or
    `time_limit_s` after the first, commits what it handled and exits; its consumer
    group is `<run_id>.<job name>`.
    """

    scenario: str
    engine: Engine
    bootstrap_servers: str
    run_id: str
    input_topic: str
    output_topic: str
    stop_after: int
    transform: Transform = "avro"
    io_wait_s: float = 0.0
    concurrency: int = 8
    status_events: bool = False
    exactly_once: bool = False
    topics_file: str | None = None
    time_limit_s: float | None = None

    @property
    def group(self) -> str:
        return f"{self.run_id}.{JOB_NAME}"

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def load(cls, path: Path) -> "RunSpec":
        return cls(**json.loads(path.read_text()))


@dataclass(frozen=True)
class ChildReport:
    """What the child measured itself: messages handled, whether time ran out
    first, and the CPU per message between its first and last message."""

    handled: int
    out_of_time: bool
    cpu_us_per_message: float | None

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self)))

    @classmethod
    def load(cls, path: Path) -> "ChildReport":
        return cls(**json.loads(path.read_text()))
