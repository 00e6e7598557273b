"""Copy a completed envelope's documents and certificate into document storage."""

from functools import cache

from processors.contract.events import (
    DocusignEnvelopeCompleted,
    DocusignFile,
    DocusignFilesReuploaded,
)
from processors.exceptions import NonRetryableJobError
from processors.integrations.docusign import DocuSignClient, EnvelopeDownloader
from processors.jobs.documents import reference, storage
from processors.runtime.job import JobContext


class EnvelopeOfAnotherAccount(NonRetryableJobError):
    """Raised when the envelope belongs to a DocuSign account this deployment is not
    configured for."""


@cache
def downloader() -> EnvelopeDownloader:
    """One client per process, so its access token is reused between jobs."""
    return EnvelopeDownloader(DocuSignClient(), storage())


def reupload_docusign_files(
    event: DocusignEnvelopeCompleted, context: JobContext
) -> DocusignFilesReuploaded:
    """Store every document of the envelope; a file stored before is kept as is."""
    copier = downloader()
    configured = copier.client.settings.account_id
    if event.account_id != configured:
        raise EnvelopeOfAnotherAccount(
            f"envelope {event.envelope_id} belongs to DocuSign account "
            f"{event.account_id!r}; this deployment reads account {configured!r} "
            f"(DOCUSIGN_ACCOUNT_ID)"
        )
    stored = copier.download(event.envelope_id)
    return DocusignFilesReuploaded(
        envelope_id=event.envelope_id,
        trigger_event_id=event.event_id,
        files=[
            DocusignFile(
                document_id=item.document_id,
                name=item.name,
                document=reference(item.stored),
            )
            for item in stored
        ],
    )
