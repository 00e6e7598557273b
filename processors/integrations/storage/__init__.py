"""Document storage: a local folder by default, S3 in production."""

from processors.integrations.storage.documents import StoredDocument
from processors.integrations.storage.settings import StorageSettings
from processors.integrations.storage.store import DocumentStorage

__all__ = ["DocumentStorage", "StorageSettings", "StoredDocument"]
