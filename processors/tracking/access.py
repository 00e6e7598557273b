"""Who is asking, and what they may do: roles, bearer tokens, the trusted header
of an authenticating proxy."""

import hashlib
import hmac
from dataclasses import dataclass
from typing import Literal, cast

from processors.tracking.exceptions import InvalidTokens
from processors.tracking.settings import DashboardSettings, Role

ROLES: tuple[Role, ...] = ("viewer", "operator", "admin")
ROLE_LEVELS = {role: level for level, role in enumerate(ROLES)}

Via = Literal["token", "session", "header"]


@dataclass(frozen=True)
class Principal:
    """An authenticated user; `session_id` ties CSRF tokens to one login."""

    user: str
    role: Role
    via: Via
    session_id: str = ""

    def may(self, role: Role) -> bool:
        """Whether this user has the given role or a higher one."""
        return ROLE_LEVELS[self.role] >= ROLE_LEVELS[role]

    @property
    def needs_csrf(self) -> bool:
        # A browser adds cookies and proxy headers by itself, a bearer token never.
        return self.via != "token"


@dataclass(frozen=True)
class TokenEntry:
    user: str
    role: Role
    fingerprint: str


def fingerprint(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def parse_tokens(text: str) -> dict[str, TokenEntry]:
    """`token:role:user,…` by fingerprint; raises InvalidTokens naming the entry."""
    entries: dict[str, TokenEntry] = {}
    for number, raw in enumerate(_items(text), start=1):
        token, role, user = _token_parts(raw, number)
        entry = TokenEntry(user, role, fingerprint(token))
        entries[entry.fingerprint] = entry
    return entries


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _token_parts(raw: str, number: int) -> tuple[str, Role, str]:
    parts = raw.split(":", 2)
    if len(parts) != 3 or not parts[0] or not parts[2]:
        raise InvalidTokens(
            f"DASHBOARD_TOKENS entry {number} is not token:role:user (token hidden)"
        )
    return parts[0], _role(parts[1], f"DASHBOARD_TOKENS entry {number}"), parts[2]


def _role(text: str, where: str) -> Role:
    role = text.strip().lower()
    if role not in ROLE_LEVELS:
        raise InvalidTokens(f"{where} has role {text!r}; allowed: {', '.join(ROLES)}")
    return cast(Role, role)


def parse_role_map(text: str) -> dict[str, Role]:
    """`user:role,…`; the user part may itself hold colons (the last one splits)."""
    mapping: dict[str, Role] = {}
    for raw in _items(text):
        user, _, role = raw.rpartition(":")
        if not user:
            raise InvalidTokens(
                f"DASHBOARD_TRUSTED_ROLES entry {raw!r} is not user:role"
            )
        mapping[user.strip()] = _role(role, f"DASHBOARD_TRUSTED_ROLES entry {raw!r}")
    return mapping


class Authenticator:
    """Resolves bearer tokens, login tokens and trusted headers to principals."""

    def __init__(self, settings: DashboardSettings) -> None:
        self.tokens = parse_tokens(settings.tokens.get_secret_value())
        self.trusted_header = settings.trusted_header
        self.trusted_roles = parse_role_map(settings.trusted_roles)
        self.trusted_default = settings.trusted_default_role

    def token_entry(self, token: str) -> TokenEntry | None:
        wanted = fingerprint(token)
        for known, entry in self.tokens.items():
            if hmac.compare_digest(known, wanted):
                return entry
        return None

    def from_bearer(self, token: str) -> Principal | None:
        entry = self.token_entry(token)
        return Principal(entry.user, entry.role, "token") if entry else None

    def from_header(self, user: str) -> Principal | None:
        user = user.strip()
        if not user:
            return None
        role = self.trusted_roles.get(user)
        if role is None and self.trusted_default == "none":
            return None
        chosen = role or cast(Role, self.trusted_default)
        return Principal(user, chosen, "header", session_id=f"header:{user}")
