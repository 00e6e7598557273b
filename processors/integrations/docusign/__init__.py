"""DocuSign eSignature: downloading completed envelopes into document storage."""

from processors.integrations.docusign.client import DocuSignClient, EnvelopeDocument
from processors.integrations.docusign.download import (
    DownloadedDocument,
    EnvelopeDownloader,
)

__all__ = [
    "DocuSignClient",
    "DownloadedDocument",
    "EnvelopeDocument",
    "EnvelopeDownloader",
]
