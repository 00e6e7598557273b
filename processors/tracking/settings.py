"""Settings of the tracker and the dashboard, from TRACKING_* and DASHBOARD_*
environment variables."""

from functools import cache
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

Role = Literal["viewer", "operator", "admin"]


class TrackingSettings(BaseSettings):
    """Where job history is kept, for how long, and how the tracker consumes."""

    model_config = SettingsConfigDict(env_prefix="TRACKING_", frozen=True)

    database_url: SecretStr = Field(
        SecretStr("sqlite:///var/jobs.sqlite3"),
        description="TRACKING_DATABASE_URL: SQLAlchemy URL of the job store, e.g. "
        "`postgresql+psycopg://user:password@host/jobs`. Default "
        "`sqlite:///var/jobs.sqlite3` (a file under the working directory).",
    )
    retention_days: int = Field(
        30,
        ge=1,
        le=3650,
        description="TRACKING_RETENTION_DAYS: finished jobs older than this many days "
        "are deleted; an admin can change it on the dashboard, which then wins. "
        "Default 30.",
    )
    retention_interval_s: float = Field(
        3600.0,
        gt=0,
        description="TRACKING_RETENTION_INTERVAL_S: how often the tracker deletes "
        "expired jobs. Default 3600.",
    )
    group_id: str = Field(
        "processors.tracker",
        min_length=1,
        description="TRACKING_GROUP_ID: consumer group of the tracker. Default "
        "`processors.tracker`.",
    )
    batch_size: int = Field(
        500,
        ge=1,
        le=10_000,
        description="TRACKING_BATCH_SIZE: most status events written in one database "
        "transaction. Default 500.",
    )
    poll_timeout_s: float = Field(
        0.5,
        gt=0,
        le=10,
        description="TRACKING_POLL_TIMEOUT_S: longest wait for status events in one "
        "poll. Default 0.5.",
    )
    max_backoff_s: float = Field(
        30.0,
        gt=0,
        description="TRACKING_MAX_BACKOFF_S: longest pause before the tracker tries a "
        "batch again after the database refused it. Default 30.",
    )


class DashboardSettings(BaseSettings):
    """Who may use the dashboard and API, and what they see."""

    model_config = SettingsConfigDict(env_prefix="DASHBOARD_", frozen=True)

    tokens: SecretStr = Field(
        SecretStr(""),
        description="DASHBOARD_TOKENS: comma-separated `token:role:user` entries, "
        "role viewer, operator or admin, e.g. `s3cret:admin:alice`. Bearer tokens for "
        "the API and login tokens for the browser. Default empty (no tokens).",
    )
    trusted_header: str | None = Field(
        None,
        description="DASHBOARD_TRUSTED_HEADER: request header set by an "
        "authenticating proxy (OIDC) that names the user, e.g. `X-Forwarded-User`. "
        "Only set it when the proxy is the sole way in. Default unset (off).",
    )
    trusted_roles: str = Field(
        "",
        description="DASHBOARD_TRUSTED_ROLES: comma-separated `user:role` entries for "
        "users named by the trusted header, e.g. `alice@example.com:admin`. "
        "Default empty.",
    )
    trusted_default_role: Role | Literal["none"] = Field(
        "viewer",
        description="DASHBOARD_TRUSTED_DEFAULT_ROLE: role of a trusted-header user "
        "not in DASHBOARD_TRUSTED_ROLES; `none` refuses them. Default viewer.",
    )
    session_secret: SecretStr | None = Field(
        None,
        description="DASHBOARD_SESSION_SECRET: key that signs session cookies and "
        "CSRF tokens; set the same value on every replica. Default unset: a random "
        "key per process, so sessions end when it restarts.",
    )
    session_max_age_s: int = Field(
        12 * 3600,
        ge=60,
        description="DASHBOARD_SESSION_MAX_AGE_S: how long a browser login lasts. "
        "Default 43200 (12 hours).",
    )
    cookie_secure: bool = Field(
        False,
        description="DASHBOARD_COOKIE_SECURE: send the session cookie over HTTPS "
        "only; turn on behind TLS. Default false.",
    )
    lag_group_prefix: str = Field(
        "processors.",
        description="DASHBOARD_LAG_GROUP_PREFIX: consumer groups whose lag is shown "
        "are those whose id starts with this. Default `processors.`.",
    )
    masked_fields: str = Field(
        "owner_name,owner_address,uploaded_by,requested_by",
        description="DASHBOARD_MASKED_FIELDS: comma-separated JSON field names whose "
        "values viewers see masked in result summaries, besides e-mail addresses, "
        "phone numbers and names after 所有者, 氏名 and the like. Default "
        "`owner_name,owner_address,uploaded_by,requested_by`.",
    )
    timezone: str = Field(
        "Asia/Tokyo",
        description="DASHBOARD_TIMEZONE: IANA time zone in which pages show times "
        "and reports count days. Default Asia/Tokyo.",
    )
    page_size: int = Field(
        50,
        ge=1,
        le=1000,
        description="DASHBOARD_PAGE_SIZE: jobs per page of the job list. Default 50.",
    )
    activity_hours: int = Field(
        24,
        ge=1,
        le=24 * 14,
        description="DASHBOARD_ACTIVITY_HOURS: hours of throughput and error rate on "
        "the overview. Default 24.",
    )
    report_days: int = Field(
        14,
        ge=1,
        le=366,
        description="DASHBOARD_REPORT_DAYS: days covered by the reports page and its "
        "CSV unless asked otherwise. Default 14.",
    )


@cache
def tracking_settings() -> TrackingSettings:
    return TrackingSettings()


@cache
def dashboard_settings() -> DashboardSettings:
    return DashboardSettings()
