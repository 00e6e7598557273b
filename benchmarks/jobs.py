"""The jobs the runtime runs in the benchmarks, named by `handler` in their
topics.yaml: the same no-op reading as the hand-written loops, at once or after an
I/O wait."""

import time

from processors.contract.events import MaisokuFields, MaisokuRead, MaisokuUploaded
from processors.runtime.job import JobContext

IO_WAIT_S = 0.02
"""How long the I/O-bound job waits, as for a call to a remote service."""

_NOTHING_READ = MaisokuFields()


def read_maisoku(event: MaisokuUploaded, context: JobContext) -> MaisokuRead:
    """Returns the reading at once: what is measured is the runtime around it."""
    return MaisokuRead(
        article_id=event.article_id,
        maisoku_id=event.maisoku_id,
        trigger_event_id=event.event_id,
        document=event.document,
        fields=_NOTHING_READ,
    )


def read_maisoku_after_io(event: MaisokuUploaded, context: JobContext) -> MaisokuRead:
    """Returns the reading after waiting as long as a remote call would."""
    time.sleep(IO_WAIT_S)
    return read_maisoku(event, context)
