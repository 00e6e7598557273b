"""Settings of the DocuSign, Slack and Rollbar clients, from environment variables."""

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class DocuSignSettings(BaseSettings):
    """How to reach the DocuSign eSignature API with a JWT grant."""

    model_config = SettingsConfigDict(env_prefix="DOCUSIGN_", frozen=True)

    integration_key: str = Field(
        default="",
        description="DOCUSIGN_INTEGRATION_KEY: the app's integration key (OAuth "
        "client id). Default empty (required to download).",
    )
    user_id: str = Field(
        default="",
        description="DOCUSIGN_USER_ID: id of the DocuSign user the app acts as, who "
        "has granted it consent. Default empty (required to download).",
    )
    account_id: str = Field(
        default="",
        description="DOCUSIGN_ACCOUNT_ID: the API account id whose envelopes are "
        "read. Default empty (required to download).",
    )
    private_key: SecretStr | None = Field(
        default=None,
        description="DOCUSIGN_PRIVATE_KEY: the integration's RSA private key, PEM "
        "text; or use DOCUSIGN_PRIVATE_KEY_PATH. Default unset.",
    )
    private_key_path: Path | None = Field(
        default=None,
        description="DOCUSIGN_PRIVATE_KEY_PATH: file holding the RSA private key in "
        "PEM, read when DOCUSIGN_PRIVATE_KEY is unset. Default unset.",
    )
    oauth_host: str = Field(
        default="account-d.docusign.com",
        description="DOCUSIGN_OAUTH_HOST: host (and port) of the OAuth service, "
        "`account.docusign.com` in production. Default `account-d.docusign.com` "
        "(developer sandbox).",
    )
    base_path: str = Field(
        default="https://demo.docusign.net/restapi",
        description="DOCUSIGN_BASE_PATH: eSignature REST base URL of the account, "
        "e.g. `https://na3.docusign.net/restapi`. Default "
        "`https://demo.docusign.net/restapi` (developer sandbox).",
    )
    token_lifetime_s: int = Field(
        default=3600,
        ge=60,
        le=3600,
        description="DOCUSIGN_TOKEN_LIFETIME_S: lifetime requested for each access "
        "token; a token is renewed a minute before it ends. Default 3600.",
    )
    timeout_s: float = Field(
        default=30.0,
        gt=0,
        description="DOCUSIGN_TIMEOUT_S: seconds to connect to DocuSign, and to wait "
        "for each read. Default 30.",
    )
    ca_bundle_path: Path | None = Field(
        default=None,
        description="DOCUSIGN_CA_BUNDLE_PATH: PEM bundle of the certificate "
        "authorities trusted for DocuSign's TLS (e.g. behind an inspecting proxy). "
        "Default unset (the certifi bundle).",
    )
    storage_prefix: str = Field(
        default="docusign",
        description="DOCUSIGN_STORAGE_PREFIX: first segment of the storage keys of "
        "downloaded documents, `<prefix>/<envelope>/<document>.pdf`. Default "
        "`docusign`.",
    )


class SlackSettings(BaseSettings):
    """Where job failures are posted on Slack, and how they are grouped."""

    model_config = SettingsConfigDict(env_prefix="SLACK_", frozen=True)

    webhook_url: SecretStr | None = Field(
        default=None,
        description="SLACK_WEBHOOK_URL: incoming webhook URL; unset means messages "
        "are only logged. Default unset.",
    )
    dashboard_url: str = Field(
        default="http://127.0.0.1:8080",
        description="SLACK_DASHBOARD_URL: base URL of the jobs dashboard; messages "
        "link to `<base>/jobs/<job_id>`. Default `http://127.0.0.1:8080`.",
    )
    digest_window_s: float = Field(
        default=30.0,
        ge=0,
        description="SLACK_DIGEST_WINDOW_S: failures arriving within this many "
        "seconds of the first one are posted together as one message. Default 30.",
    )
    digest_max_items: int = Field(
        default=10,
        ge=1,
        le=40,
        description="SLACK_DIGEST_MAX_ITEMS: failures listed in one message; the "
        "rest are counted as `and N more`. Default 10.",
    )
    dedupe_ttl_s: float = Field(
        default=24 * 3600.0,
        gt=0,
        description="SLACK_DEDUPE_TTL_S: how long a posted failure (job id and "
        "attempt) is remembered so it is not posted again. Default 86400.",
    )
    dedupe_max_entries: int = Field(
        default=10_000,
        ge=1,
        description="SLACK_DEDUPE_MAX_ENTRIES: most failures remembered for "
        "deduplication; the oldest are forgotten first. Default 10000.",
    )
    max_post_attempts: int = Field(
        default=5,
        ge=1,
        description="SLACK_MAX_POST_ATTEMPTS: attempts to post one message through "
        "server errors and rate limits before it is dropped with an error log. "
        "Default 5.",
    )
    timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="SLACK_TIMEOUT_S: seconds to wait for the webhook to answer. "
        "Default 10.",
    )


class RollbarSettings(BaseSettings):
    """Where final job failures are reported as Rollbar items."""

    model_config = SettingsConfigDict(env_prefix="ROLLBAR_", frozen=True)

    access_token: SecretStr | None = Field(
        default=None,
        description="ROLLBAR_ACCESS_TOKEN: project access token (post_server_item "
        "scope); unset means nothing is sent. Default unset.",
    )
    endpoint: str = Field(
        default="https://api.rollbar.com/api/1/",
        description="ROLLBAR_ENDPOINT: API base URL items are posted to (`item/` is "
        "appended). Default `https://api.rollbar.com/api/1/`.",
    )
    environment: str = Field(
        default="development",
        description="ROLLBAR_ENVIRONMENT: environment name shown on each item. "
        "Default `development`.",
    )
    timeout_s: int = Field(
        default=3,
        ge=1,
        description="ROLLBAR_TIMEOUT_S: whole seconds to wait for Rollbar to accept "
        "an item. Default 3.",
    )
