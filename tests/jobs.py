"""Job handlers for runtime tests, steered by the trigger event's `uploaded_by`:

- `ok` (or empty): succeed at once;
- `sleep:S`: sleep S seconds, then succeed;
- `fail-until:N`: raise a retryable error while the attempt is below N;
- `always-fail`: raise a retryable error every time;
- `refuse`: raise a non-retryable error;
- `wrong-result`: return an event of the wrong type.
"""

import time

from processors.contract.events import (
    CertifiedCopyFields,
    CertifiedCopyRead,
    CertifiedCopyUploaded,
    JobControl,
    JobControlCommand,
)
from processors.exceptions import NonRetryableJobError, RetryableJobError
from processors.runtime.job import JobContext


class ScannerOffline(RetryableJobError):
    """Raised when the test asks for a retryable failure."""


class NotACertifiedCopy(NonRetryableJobError):
    """Raised when the test asks for a failure no retry can fix."""


def copy_reader(event: CertifiedCopyUploaded, context: JobContext) -> object:
    instruction = event.uploaded_by or "ok"
    verb, _, argument = instruction.partition(":")
    if verb == "sleep":
        time.sleep(float(argument))
    elif verb == "always-fail" or (
        verb == "fail-until" and context.attempt < int(argument)
    ):
        raise ScannerOffline(f"scanner offline at attempt {context.attempt}")
    elif verb == "refuse":
        raise NotACertifiedCopy(f"{event.document.uri} is not a certified copy")
    elif verb == "wrong-result":
        return JobControl(command=JobControlCommand.PAUSE)
    return CertifiedCopyRead(
        certified_copy_id=event.certified_copy_id,
        trigger_event_id=event.event_id,
        document=event.document,
        fields=CertifiedCopyFields(location=f"attempt {context.attempt}"),
        reasons={"job_id": context.job_id},
    )
