"""Where job code runs: threads for I/O-bound jobs, processes for CPU-bound ones.

Both take a task with a deadline and hand its outcome to a callback. A thread cannot
be stopped, so a thread task past its deadline is abandoned (the runtime discards
its late result); a process task past its deadline is killed and its process
replaced, so a stuck OCR run cannot hold a CPU for ever.
"""

import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

from processors.runtime.exceptions import JobTimedOut
from processors.runtime.handlers import load_handler
from processors.runtime.job import JobContext

logger = logging.getLogger(__name__)

KILL_WAIT_S = 5.0


@dataclass(frozen=True)
class Task:
    """One attempt of a job, as the pool needs it."""

    token: int
    handler: str
    event: Any
    context: JobContext
    timeout_s: float


@dataclass(frozen=True)
class TaskOutcome:
    token: int
    result: Any = None
    error: BaseException | None = None
    duration_s: float = 0.0


Done = Callable[[TaskOutcome], None]


class Pool(Protocol):
    def submit(self, task: Task, done: Done) -> None: ...

    def shutdown(self) -> None: ...


def run_task(task: Task) -> TaskOutcome:
    """Call the job's code and capture what happened."""
    started = time.monotonic()
    try:
        result = load_handler(task.handler)(task.event, task.context)
    except Exception as exc:
        return TaskOutcome(task.token, error=exc, duration_s=time.monotonic() - started)
    return TaskOutcome(task.token, result=result, duration_s=time.monotonic() - started)


class ThreadPool:
    """Runs tasks on threads; the runtime enforces deadlines by abandoning."""

    def __init__(self, size: int, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix=name)

    def submit(self, task: Task, done: Done) -> None:
        future = self._executor.submit(run_task, task)
        future.add_done_callback(lambda f: done(f.result()))

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class ProcessPool:
    """Runs tasks in long-lived child processes; kills a child past its deadline."""

    def __init__(self, size: int, name: str) -> None:
        self._name = name
        self._context = multiprocessing.get_context("spawn")
        self._tasks: queue.Queue[tuple[Task, Done] | None] = queue.Queue()
        self._threads = [
            threading.Thread(target=self._supervise, name=f"{name}-{n}", daemon=True)
            for n in range(size)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, task: Task, done: Done) -> None:
        self._tasks.put((task, done))

    def shutdown(self) -> None:
        for _ in self._threads:
            self._tasks.put(None)

    def _supervise(self) -> None:
        child: _Child | None = None
        while (item := self._tasks.get()) is not None:
            task, done = item
            child = child if child and child.alive() else _Child(self._context)
            outcome = child.run(task)
            if outcome.error is not None and isinstance(outcome.error, JobTimedOut):
                child.kill()
                child = None
            done(outcome)
        if child is not None:
            child.stop()


class _Child:
    """One child process serving tasks over a pipe."""

    def __init__(self, context: Any) -> None:
        self.conn, child_conn = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_conn,), daemon=True)
        self.process.start()
        child_conn.close()

    def alive(self) -> bool:
        return bool(self.process.is_alive())

    def run(self, task: Task) -> TaskOutcome:
        started = time.monotonic()
        self.conn.send(task)
        if not self.conn.poll(task.timeout_s):
            message = f"attempt ran past the job's timeout of {task.timeout_s:g}s"
            error = JobTimedOut(message)
            return TaskOutcome(task.token, error=error, duration_s=task.timeout_s)
        try:
            outcome: TaskOutcome = self.conn.recv()
        except (EOFError, OSError) as exc:
            died = _ChildDied(f"job process died: exit code {self.process.exitcode}")
            died.__cause__ = exc
            return TaskOutcome(
                task.token, error=died, duration_s=time.monotonic() - started
            )
        return outcome

    def kill(self) -> None:
        self.process.kill()
        self.process.join(KILL_WAIT_S)

    def stop(self) -> None:
        self.conn.send(None)
        self.process.join(KILL_WAIT_S)
        if self.process.is_alive():
            self.kill()


class _ChildDied(RuntimeError):
    """Raised in the parent when a job process exits in the middle of a task."""


def _serve(conn: Connection) -> None:
    while (task := conn.recv()) is not None:
        outcome = run_task(task)
        try:
            conn.send(outcome)
        except Exception as exc:  # an unpicklable error or result
            conn.send(
                TaskOutcome(
                    task.token,
                    error=RuntimeError(
                        f"job outcome cannot be sent back: {exc!r}; "
                        f"job error: {outcome.error!r}"
                    ),
                    duration_s=outcome.duration_s,
                )
            )
