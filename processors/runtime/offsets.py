"""Which offset of a partition may be committed while messages finish out of order.

A message is *pending* from the moment it is taken until its outcome is
acknowledged by the broker. The committable position is the lowest pending offset,
or one past the highest offset seen when nothing is pending: everything before it
has an acknowledged outcome, so a restart from there loses nothing.
"""

import heapq


class PartitionOffsets:
    """Pending offsets of one partition, in a heap with lazy removal."""

    def __init__(self) -> None:
        self._pending: list[int] = []
        self._done: set[int] = set()
        self._next_to_read: int | None = None
        self._committed: int | None = None

    def take(self, offset: int) -> None:
        heapq.heappush(self._pending, offset)
        if self._next_to_read is None or offset >= self._next_to_read:
            self._next_to_read = offset + 1

    def finish(self, offset: int) -> None:
        self._done.add(offset)
        while self._pending and self._pending[0] in self._done:
            self._done.discard(heapq.heappop(self._pending))

    def rewind(self, offset: int) -> None:
        """Forget that messages from `offset` on were seen (they will be re-read)."""
        if self._next_to_read is not None and offset < self._next_to_read:
            self._next_to_read = offset
        self._pending = [o for o in self._pending if o < offset]
        heapq.heapify(self._pending)
        self._done = {o for o in self._done if o < offset}

    @property
    def pending(self) -> int:
        return len(self._pending) - len(self._done)

    def committable(self) -> int | None:
        """The offset to commit, or None when nothing new can be committed."""
        position = self._pending[0] if self._pending else self._next_to_read
        if position is None or position == self._committed:
            return None
        return position

    def committed(self, offset: int) -> None:
        self._committed = offset
