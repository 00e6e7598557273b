"""Browser sessions and CSRF tokens, signed with the dashboard's session key.

The session cookie holds the fingerprint of the login token, never the token, so a
token removed from DASHBOARD_TOKENS ends its sessions at once.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time

from processors.tracking.access import Authenticator, Principal, TokenEntry

SESSION_COOKIE = "dashboard_session"
LOGIN_COOKIE = "dashboard_login"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    """Makes and checks session cookies and CSRF tokens."""

    def __init__(self, secret: bytes, max_age_s: int) -> None:
        self.secret = secret
        self.max_age_s = max_age_s

    def _sign(self, text: str) -> str:
        return _b64(hmac.new(self.secret, text.encode(), hashlib.sha256).digest())

    def session_cookie(self, entry: TokenEntry) -> str:
        payload = {
            "f": entry.fingerprint,
            "s": secrets.token_urlsafe(16),
            "e": int(time.time()) + self.max_age_s,
        }
        body = _b64(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body}.{self._sign(body)}"

    def principal(self, cookie: str, auth: Authenticator) -> Principal | None:
        """The user of a valid, unexpired cookie whose token is still configured."""
        body, _, signature = cookie.partition(".")
        if not hmac.compare_digest(self._sign(body), signature):
            return None
        try:
            payload = json.loads(_unb64(body))
            fingerprint, session_id = str(payload["f"]), str(payload["s"])
            expires = int(payload["e"])
        except (ValueError, TypeError, KeyError):
            return None
        entry = auth.tokens.get(fingerprint)
        if entry is None or expires < time.time():
            return None
        return Principal(entry.user, entry.role, "session", session_id)

    def csrf_token(self, principal: Principal) -> str:
        return self._sign(f"csrf|{principal.user}|{principal.session_id}")

    def csrf_valid(self, principal: Principal, given: str | None) -> bool:
        if not given:
            return False
        return hmac.compare_digest(self.csrf_token(principal), given)

    def login_csrf(self, login_cookie: str) -> str:
        return self._sign(f"login|{login_cookie}")

    def login_csrf_valid(self, login_cookie: str | None, given: str | None) -> bool:
        if not login_cookie or not given:
            return False
        return hmac.compare_digest(self.login_csrf(login_cookie), given)


def new_login_cookie() -> str:
    return secrets.token_urlsafe(16)
