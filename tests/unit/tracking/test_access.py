import pytest
from pydantic import SecretStr

from processors.tracking.access import Authenticator, parse_role_map, parse_tokens
from processors.tracking.exceptions import InvalidTokens
from processors.tracking.settings import DashboardSettings


def settings(**values: object) -> DashboardSettings:
    return DashboardSettings(**values)  # type: ignore[arg-type]


def test_tokens_resolve_to_their_user_and_role_and_others_to_nobody() -> None:
    """Bearer tokens from DASHBOARD_TOKENS; roles include the ones below them."""
    auth = Authenticator(
        settings(tokens=SecretStr("t1:admin:alice, t2:viewer:bob,t3:Operator:o:x"))
    )

    alice, bob, other = (auth.from_bearer(t) for t in ("t1", "t2", "t3"))

    assert alice is not None and (alice.user, alice.role) == ("alice", "admin")
    assert bob is not None and bob.may("viewer") and not bob.may("operator")
    assert other is not None and (other.user, other.role) == ("o:x", "operator")
    assert alice.may("operator") and not alice.needs_csrf
    assert auth.from_bearer("t4") is None and auth.from_bearer("") is None


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("t1:admin", "entry 1 is not token:role:user"),
        ("t1:admin:alice,t2:root:bob", "has role 'root'; allowed: viewer, operator"),
        ("::alice", "entry 1 is not token:role:user"),
    ],
)
def test_malformed_tokens_are_refused_without_quoting_the_token(
    text: str, complaint: str
) -> None:
    """The message names the entry and what is allowed, never the secret."""
    with pytest.raises(InvalidTokens) as raised:
        parse_tokens(text)

    assert complaint in str(raised.value)
    assert "t1" not in str(raised.value)


def test_trusted_header_users_get_their_mapped_or_default_role() -> None:
    """Mapped users get their role; others the default, or nothing with none."""
    mapping = "alice@example.com:admin, bob@example.com:operator"
    lenient = Authenticator(
        settings(trusted_header="X-Forwarded-User", trusted_roles=mapping)
    )
    strict = Authenticator(
        settings(trusted_header="X-Forwarded-User", trusted_default_role="none")
    )

    alice = lenient.from_header("alice@example.com")
    stranger = lenient.from_header("carol@example.com")

    assert alice is not None and alice.role == "admin" and alice.needs_csrf
    assert stranger is not None and stranger.role == "viewer"
    assert strict.from_header("carol@example.com") is None
    assert lenient.from_header("  ") is None
    assert parse_role_map("a:b:c:viewer") == {"a:b:c": "viewer"}
    with pytest.raises(InvalidTokens, match="is not user:role"):
        parse_role_map("viewer")
