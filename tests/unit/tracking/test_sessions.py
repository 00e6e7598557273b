from pydantic import SecretStr

from processors.tracking.access import Authenticator
from processors.tracking.sessions import SessionSigner
from processors.tracking.settings import DashboardSettings

TOKENS = "t1:operator:olga,t2:viewer:victor"


def authenticator(tokens: str = TOKENS) -> Authenticator:
    return Authenticator(DashboardSettings(tokens=SecretStr(tokens)))


def test_a_session_cookie_names_its_user_and_a_tampered_one_nobody() -> None:
    """The cookie round-trips; a changed body or another key's signature fails."""
    auth, signer = authenticator(), SessionSigner(b"k" * 32, 3600)
    entry = auth.token_entry("t1")
    assert entry is not None
    cookie = signer.session_cookie(entry)
    body, signature = cookie.split(".")

    principal = signer.principal(cookie, auth)

    assert principal is not None and (principal.user, principal.via) == (
        "olga",
        "session",
    )
    assert "t1" not in cookie
    assert signer.principal(body[:-2] + "AA." + signature, auth) is None
    assert SessionSigner(b"x" * 32, 3600).principal(cookie, auth) is None
    assert signer.principal("garbage", auth) is None


def test_a_session_ends_when_it_expires_or_its_token_is_removed() -> None:
    """Expiry and revocation both end it, without any server-side state."""
    auth = authenticator()
    entry = auth.token_entry("t1")
    assert entry is not None
    expired = SessionSigner(b"k" * 32, -1).session_cookie(entry)
    signer = SessionSigner(b"k" * 32, 3600)
    cookie = signer.session_cookie(entry)

    assert signer.principal(expired, auth) is None
    assert signer.principal(cookie, authenticator("t2:viewer:victor")) is None


def test_csrf_tokens_belong_to_one_session() -> None:
    """A token made for one login fails for another login of the same user."""
    auth, signer = authenticator(), SessionSigner(b"k" * 32, 3600)
    entry = auth.token_entry("t1")
    assert entry is not None
    first = signer.principal(signer.session_cookie(entry), auth)
    second = signer.principal(signer.session_cookie(entry), auth)
    assert first is not None and second is not None

    token = signer.csrf_token(first)

    assert signer.csrf_valid(first, token)
    assert not signer.csrf_valid(second, token)
    assert not signer.csrf_valid(first, None)
    assert signer.login_csrf_valid("abc", signer.login_csrf("abc"))
    assert not signer.login_csrf_valid("abd", signer.login_csrf("abc"))
