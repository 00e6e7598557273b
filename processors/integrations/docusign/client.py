"""The DocuSign eSignature API through the official SDK, authenticated by JWT grant.

The access token is requested on first use and renewed a minute before it ends.
A 401 answer renews it once and repeats the call (the token may have been revoked);
a second 401 is final. Rate limits (429) and server errors are retryable, with the
wait DocuSign asks for; anything else DocuSign refuses is final.
"""

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import urllib3
from docusign_esign import ApiClient, EnvelopesApi
from docusign_esign.client.api_exception import ApiException
from docusign_esign.client.api_response import RESTClientObject
from docusign_esign.client.configuration import Configuration

from processors.integrations.exceptions import (
    DocuSignRejectedError,
    DocuSignUnavailableError,
)
from processors.integrations.retry_after import parse_retry_after
from processors.integrations.settings import DocuSignSettings

logger = logging.getLogger(__name__)

SCOPES = ("signature", "impersonation")
TOKEN_RENEWAL_MARGIN_S = 60.0
"""A token this close to its end is renewed before the next call."""

CERTIFICATE_ID = "certificate"
"""DocuSign's document id of an envelope's certificate of completion."""

_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
T = TypeVar("T")


@dataclass(frozen=True)
class EnvelopeDocument:
    """One document of an envelope, as DocuSign lists it."""

    document_id: str
    name: str
    kind: str


class DocuSignClient:
    """Lists and streams an account's envelope documents."""

    def __init__(
        self,
        settings: DocuSignSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or DocuSignSettings()
        self._clock = clock
        self._api_client = _api_client(self.settings)
        self._envelopes = EnvelopesApi(self._api_client)
        self._token_expires_at = 0.0

    def list_documents(self, envelope_id: str) -> list[EnvelopeDocument]:
        """The envelope's documents, the certificate of completion included."""
        check_id(envelope_id, what="envelope id")
        result = self._call(
            lambda: self._envelopes.list_documents(
                self.settings.account_id,
                envelope_id,
                _request_timeout=self._timeout(),
            ),
            f"list the documents of envelope {envelope_id!r}",
        )
        listed = [
            EnvelopeDocument(
                str(item.document_id), str(item.name or ""), str(item.type)
            )
            for item in result.envelope_documents or []
        ]
        if not any(item.document_id == CERTIFICATE_ID for item in listed):
            listed.append(EnvelopeDocument(CERTIFICATE_ID, "Certificate", "summary"))
        return listed

    def open_document(self, envelope_id: str, document_id: str) -> Any:
        """The document's PDF as a streaming response; the caller releases it."""
        check_id(envelope_id, what="envelope id")
        check_id(document_id, what="document id")
        return self._call(
            lambda: self._envelopes.get_document(
                self.settings.account_id,
                document_id,
                envelope_id,
                _preload_content=False,
                _request_timeout=self._timeout(),
            ),
            f"download document {document_id!r} of envelope {envelope_id!r}",
        )

    def _call(self, request: Callable[[], T], what: str) -> T:
        self._ensure_token()
        try:
            return _translated(request, what)
        except _Unauthorized:
            logger.info("DocuSign refused the token to %s; renewing it once", what)
        self._authenticate()
        try:
            return _translated(request, what)
        except _Unauthorized as exc:
            raise DocuSignRejectedError(
                f"DocuSign answered 401 to {what} even with a new token; check "
                "DOCUSIGN_USER_ID, DOCUSIGN_ACCOUNT_ID and the user's consent"
            ) from exc.__cause__

    def _ensure_token(self) -> None:
        if self._clock() >= self._token_expires_at - TOKEN_RENEWAL_MARGIN_S:
            self._authenticate()

    def _authenticate(self) -> None:
        lifetime_s = self.settings.token_lifetime_s
        token = _translated(
            lambda: self._api_client.request_jwt_user_token(
                client_id=self.settings.integration_key,
                user_id=self.settings.user_id,
                oauth_host_name=self.settings.oauth_host,
                private_key_bytes=_private_key(self.settings),
                expires_in=lifetime_s,
                scopes=SCOPES,
            ),
            "get an access token by JWT grant",
            unauthorized_is_final=True,
        )
        expires_in_s = float(getattr(token, "expires_in", None) or lifetime_s)
        self._token_expires_at = self._clock() + expires_in_s
        logger.info("Got a DocuSign access token valid for %.0f s", expires_in_s)

    def _timeout(self) -> tuple[float, float]:
        return (self.settings.timeout_s, self.settings.timeout_s)


def check_id(value: str, *, what: str) -> str:
    """The id, if it is safe to put in a URL path and a storage key."""
    if not _ID.fullmatch(value):
        raise DocuSignRejectedError(
            f"{what} {value!r} is not allowed: use 1-64 letters, digits or '-'"
        )
    return value


class _Unauthorized(Exception):
    """Raised inside the client when DocuSign answers 401."""


def _translated(
    request: Callable[[], T], what: str, *, unauthorized_is_final: bool = False
) -> T:
    try:
        return request()
    except ApiException as exc:
        if exc.status == 401 and not unauthorized_is_final:
            raise _Unauthorized() from exc
        raise _api_error(exc, what) from exc
    except urllib3.exceptions.HTTPError as exc:
        raise DocuSignUnavailableError(
            f"DocuSign unreachable to {what}: {exc}; the job is retried"
        ) from exc


def _api_error(exc: ApiException, what: str) -> Exception:
    status = int(exc.status or 0)
    body = _body_text(exc)
    if status in (0, 429) or status >= 500:
        wait_s = _wait_s(exc)
        return DocuSignUnavailableError(
            f"DocuSign answered {status or 'no response'} to {what}: {body}; the job "
            f"is retried{f' after {wait_s:.0f} s' if wait_s is not None else ''}",
            retry_after_s=wait_s,
        )
    return DocuSignRejectedError(f"DocuSign answered {status} to {what}: {body}")


def _wait_s(exc: ApiException) -> float | None:
    headers = exc.headers or {}
    wait_s = parse_retry_after(headers.get("Retry-After"))
    reset = headers.get("X-RateLimit-Reset")
    if wait_s is None and reset and reset.isdigit():
        wait_s = max(0.0, float(reset) - time.time())
    return wait_s


def _body_text(exc: ApiException) -> str:
    body = exc.body if exc.body is not None else exc.reason
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return repr(text[:300])


def _private_key(settings: DocuSignSettings) -> bytes:
    if settings.private_key is not None:
        return settings.private_key.get_secret_value().encode()
    if settings.private_key_path is None:
        raise DocuSignRejectedError(
            "no DocuSign private key: set DOCUSIGN_PRIVATE_KEY (PEM text) or "
            "DOCUSIGN_PRIVATE_KEY_PATH"
        )
    try:
        return settings.private_key_path.read_bytes()
    except OSError as exc:
        raise DocuSignRejectedError(
            f"cannot read DOCUSIGN_PRIVATE_KEY_PATH {str(settings.private_key_path)!r}"
            f": {exc.strerror}"
        ) from exc


def _api_client(settings: DocuSignSettings) -> ApiClient:
    configuration = Configuration()
    configuration.host = settings.base_path
    if settings.ca_bundle_path is not None:
        configuration.ssl_ca_cert = str(settings.ca_bundle_path)
    client = ApiClient(host=settings.base_path, oauth_host_name=settings.oauth_host)
    client.rest_client = RESTClientObject(configuration=configuration)
    pools = client.rest_client.pool_manager.connection_pool_kw
    # The token request takes no timeout argument; this bounds it as well.
    pools["timeout"] = urllib3.Timeout(
        connect=settings.timeout_s, read=settings.timeout_s
    )
    # urllib3 would otherwise sleep out a 429's Retry-After inside the job; the
    # wait belongs to the runtime's retry tiers.
    pools["retries"] = urllib3.Retry(total=2, respect_retry_after_header=False)
    return client
