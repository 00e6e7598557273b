"""A local DocuSign eSignature server speaking the few endpoints the client uses.

It serves, over TLS on 127.0.0.1 (the SDK only speaks https to the OAuth host):
- `POST /oauth/token`: a JWT-bearer grant, whose RS256 signature, issuer, subject,
  audience and expiry are checked against the test's public key;
- `GET /restapi/v2.1/accounts/<account>/envelopes/<envelope>/documents`: the list;
- `GET .../documents/<document id>`: the PDF, `certificate` included.
Failures are scripted: each `ScriptedFailure` answers the next matching request
once, before normal handling.
"""

import json
import re
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import jwt

from tests.fakes.http import FakeServer, QuietHandler, serve
from tests.fakes.tls import self_signed_certificate

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_DOCUMENTS = re.compile(
    r"^/restapi/v2\.1/accounts/(?P<account>[^/]+)/envelopes/(?P<envelope>[^/]+)"
    r"/documents(?:/(?P<document>[^/?]+))?(?:\?.*)?$"
)


@dataclass(frozen=True)
class FakeDocument:
    """A document of a fake envelope."""

    document_id: str
    name: str
    content: bytes
    kind: str = "content"


@dataclass(frozen=True)
class ScriptedFailure:
    """One answer given instead of the normal one to the next matching request."""

    path_contains: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, str] = field(default_factory=lambda: {"errorCode": "SCRIPTED"})


@dataclass
class DocuSignState:
    """What the fake server knows, and what it saw."""

    public_key_pem: bytes
    integration_key: str
    user_id: str
    account_id: str
    envelopes: dict[str, list[FakeDocument]] = field(default_factory=dict)
    failures: list[ScriptedFailure] = field(default_factory=list)
    audience: str = ""
    tokens: set[str] = field(default_factory=set)
    token_requests: int = 0
    requests: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def revoke_tokens(self) -> None:
        """Make every issued token invalid, as an expired or revoked grant would."""
        with self.lock:
            self.tokens.clear()

    def take_failure(self, path: str) -> ScriptedFailure | None:
        with self.lock:
            self.requests.append(path)
            for failure in self.failures:
                if failure.path_contains in path:
                    self.failures.remove(failure)
                    return failure
        return None


class _Handler(QuietHandler):
    server: FakeServer

    @property
    def state(self) -> DocuSignState:
        state = self.server.state
        assert isinstance(state, DocuSignState)
        return state

    def do_POST(self) -> None:
        body = self.read_body()
        if self._scripted():
            return
        if self.path != "/oauth/token":
            self._json(404, {"error": "not_found"})
            return
        form = {key: values[0] for key, values in parse_qs(body.decode()).items()}
        self._token(form)

    def do_GET(self) -> None:
        if self._scripted():
            return
        match = _DOCUMENTS.match(self.path)
        if match is None:
            self._json(404, {"errorCode": "RESOURCE_NOT_FOUND"})
            return
        if self.headers.get("Authorization", "").removeprefix("Bearer ") not in (
            self.state.tokens
        ):
            self._json(401, {"errorCode": "AUTHORIZATION_INVALID_TOKEN"})
            return
        self._documents(match["account"], match["envelope"], match["document"])

    def _scripted(self) -> bool:
        failure = self.state.take_failure(self.path)
        if failure is None:
            return False
        self._json(failure.status, failure.body, headers=failure.headers)
        return True

    def _token(self, form: dict[str, str]) -> None:
        state = self.state
        with state.lock:
            state.token_requests += 1
        if form.get("grant_type") != JWT_GRANT:
            self._json(400, {"error": "unsupported_grant_type"})
            return
        try:
            claims = jwt.decode(
                form.get("assertion", ""),
                state.public_key_pem,
                algorithms=["RS256"],
                audience=state.audience,
                options={"require": ["iss", "sub", "aud", "iat", "exp"]},
            )
        except jwt.PyJWTError as exc:
            self._json(400, {"error": "invalid_grant", "error_description": str(exc)})
            return
        if (claims["iss"], claims["sub"]) != (state.integration_key, state.user_id):
            self._json(400, {"error": "invalid_grant", "error_description": "no_user"})
            return
        token = secrets.token_urlsafe(24)
        with state.lock:
            state.tokens.add(token)
        lifetime_s = int(claims["exp"]) - int(time.time())
        self._json(
            200,
            {"access_token": token, "token_type": "Bearer", "expires_in": lifetime_s},
        )

    def _documents(self, account: str, envelope: str, document: str | None) -> None:
        documents = self.state.envelopes.get(envelope)
        if account != self.state.account_id or documents is None:
            self._json(404, {"errorCode": "ENVELOPE_DOES_NOT_EXIST"})
            return
        if document is None:
            self._json(200, _listing(envelope, documents))
            return
        found = [item for item in documents if item.document_id == document]
        if not found:
            self._json(400, {"errorCode": "INVALID_DOCUMENT_ID"})
            return
        self.reply(200, found[0].content, content_type="application/pdf")

    def _json(
        self, status: int, payload: object, *, headers: dict[str, str] | None = None
    ) -> None:
        self.reply(status, json.dumps(payload).encode(), headers=headers)


def _listing(envelope: str, documents: list[FakeDocument]) -> dict[str, object]:
    base = f"/envelopes/{envelope}/documents"
    return {
        "envelopeId": envelope,
        "envelopeDocuments": [
            {
                "documentId": item.document_id,
                "name": item.name,
                "type": item.kind,
                "uri": f"{base}/{item.document_id}",
                "order": str(order),
            }
            for order, item in enumerate(documents, start=1)
        ],
    }


@contextmanager
def docusign_server(
    state: DocuSignState, folder: Path
) -> Iterator[tuple[FakeServer, Path]]:
    """Run the fake on a free port; yields the server and its certificate's path."""
    certificate, key = self_signed_certificate(folder)
    with serve(_Handler, state, tls=(certificate, key)) as server:
        state.audience = server.host_port
        yield server, certificate
