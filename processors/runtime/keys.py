"""Key-ordered scheduling: messages of one key run one after another, in the order
they were read; messages of different keys run side by side."""

from collections import deque
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class KeyedQueues(Generic[T]):
    """A FIFO per key; only the head of each key is handed out to run."""

    def __init__(self) -> None:
        self._queues: dict[Hashable, deque[T]] = {}
        self._ready: deque[Hashable] = deque()
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def push(self, key: Hashable, item: T) -> None:
        queue = self._queues.get(key)
        if queue is None:
            self._queues[key] = deque([item])
            self._ready.append(key)
        else:
            queue.append(item)
        self._size += 1

    def next_ready(self) -> T | None:
        """The head of the next key whose previous message has finished."""
        if not self._ready:
            return None
        return self._queues[self._ready.popleft()][0]

    def done(self, key: Hashable) -> None:
        """The head of `key` finished: its next message becomes ready."""
        queue = self._queues[key]
        queue.popleft()
        self._size -= 1
        if queue:
            self._ready.append(key)
        else:
            del self._queues[key]

    def drop(self, keep: Callable[[T], bool]) -> list[T]:
        """Remove waiting (not running) items for which `keep` is false."""
        removed: list[T] = []
        for key in list(self._queues):
            queue = self._queues[key]
            head_running = key not in self._ready
            rest = list(queue)[1:] if head_running else list(queue)
            kept = [item for item in rest if keep(item)]
            removed.extend(item for item in rest if not keep(item))
            new = ([queue[0]] if head_running else []) + kept
            self._size -= len(queue) - len(new)
            if new:
                self._queues[key] = deque(new)
            else:
                del self._queues[key]
                if key in self._ready:
                    self._ready.remove(key)
        return removed
