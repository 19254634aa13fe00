"""Logging editors in: argon2id password hashes, server-side sessions, CSRF tokens.

A session is a random token in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS); the
database keeps only the token's SHA-256, with the session's CSRF token beside it. Every form
carries that CSRF token (HTMX sends it as a header), and every state-changing request is
refused without it. The login form itself, which comes before any session, is protected by
a double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from chinabrief.errors import ConfigError

SESSION_COOKIE = "chinabrief_session"
LOGIN_COOKIE = "chinabrief_login"
CSRF_HEADER = "x-csrf-token"
#: Shortest password `users add` accepts: long enough that a guess per second is hopeless.
MIN_PASSWORD = 10


def _hasher():  # type: ignore[no-untyped-def]
    try:
        from argon2 import PasswordHasher
    except ImportError as exc:
        raise ConfigError("the web app needs its extra: pip install 'chinabrief[web]'") from exc
    return PasswordHasher()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"a password needs at least {MIN_PASSWORD} characters")
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing user still costs one hash, so response times
    do not say which names exist."""
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = _hasher()
    try:
        return hasher.verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False


_dummy: list[str] = []


def _dummy_hash() -> str:
    if not _dummy:
        _dummy.append(_hasher().hash(secrets.token_urlsafe(16)))
    return _dummy[0]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(str(a), str(b))


@dataclass(frozen=True, slots=True)
class NewSession:
    token: str
    csrf: str
    expires: datetime


def open_session(store: Any, user: str, hours: float) -> NewSession:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    expires = datetime.now(UTC) + timedelta(hours=hours)
    store.add_session(token_hash(token), user, csrf, expires.isoformat(timespec="seconds"))
    return NewSession(token, csrf, expires)


def new_login_token() -> str:
    return secrets.token_urlsafe(24)
