"""Settings of the document storage, read from `STORAGE_*` environment variables."""

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class StorageSettings(BaseSettings):
    """Where documents are written, and how the S3 backend is reached."""

    model_config = SettingsConfigDict(env_prefix="STORAGE_", frozen=True)

    root_uri: str = Field(
        default="var/documents",
        description="STORAGE_ROOT_URI: where new documents are written: a folder "
        "path (relative to the working directory), a `file:///absolute/folder` URI, "
        "or `s3://bucket/optional/prefix`. Default `var/documents`.",
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="STORAGE_S3_ENDPOINT_URL: S3 endpoint to use instead of AWS, "
        "e.g. an S3 emulator at `http://127.0.0.1:9000`. Default unset (AWS).",
    )
    s3_region: str = Field(
        default="ap-northeast-1",
        description="STORAGE_S3_REGION: region of the bucket. Default "
        "`ap-northeast-1`.",
    )
    s3_access_key_id: SecretStr | None = Field(
        default=None,
        description="STORAGE_S3_ACCESS_KEY_ID: access key; unset means boto3's own "
        "credential chain (environment, profile, instance role). Default unset.",
    )
    s3_secret_access_key: SecretStr | None = Field(
        default=None,
        description="STORAGE_S3_SECRET_ACCESS_KEY: secret key paired with "
        "STORAGE_S3_ACCESS_KEY_ID. Default unset.",
    )
    s3_addressing_style: Literal["auto", "path", "virtual"] = Field(
        default="auto",
        description="STORAGE_S3_ADDRESSING_STYLE: `path` puts the bucket in the URL "
        "path (most emulators need it), `virtual` in the host name. Default `auto`.",
    )
    s3_connect_timeout_s: float = Field(
        default=5.0,
        gt=0,
        description="STORAGE_S3_CONNECT_TIMEOUT_S: seconds to open a connection to "
        "S3. Default 5.",
    )
    s3_read_timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="STORAGE_S3_READ_TIMEOUT_S: seconds to wait for S3 to send data. "
        "Default 30.",
    )
    s3_max_attempts: int = Field(
        default=3,
        ge=1,
        description="STORAGE_S3_MAX_ATTEMPTS: attempts per S3 request before the "
        "failure is handed to the job as retryable. Default 3.",
    )
    spool_memory_bytes: int = Field(
        default=8 * 1024 * 1024,
        ge=0,
        description="STORAGE_SPOOL_MEMORY_BYTES: bytes of an upload kept in memory "
        "while it is hashed before going to S3; larger uploads spill to a temporary "
        "file. Default 8388608 (8 MiB).",
    )
