"""The archive's side of the web app: editors, their sessions, and the watchlist.

Passwords arrive here already hashed (argon2id, :mod:`chinabrief.web.auth`), and sessions are
kept by the hash of their cookie token, so the database file alone lets nobody log in.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from chinabrief.addresses import email_address, one_line
from chinabrief.errors import NotFoundError, StoreError
from chinabrief.store.schema import sessions, users, watches

ROLES = ("editor", "admin")
#: An expired session is kept this long (it grants nothing): a form its editor sent after it ran
#: out is saved at their next login only if it carries that session's CSRF token.
EXPIRED_KEPT = timedelta(days=2)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class AccountTables:
    engine: Engine

    # -- users ------------------------------------------------------------------------------
    def add_user(self, name: str, password_hash: str, role: str = "editor", replace: bool = False) -> None:
        if role not in ROLES:
            raise StoreError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        values = {"name": name, "password_hash": password_hash, "role": role, "created_at": _now()}
        with self.engine.begin() as conn:
            exists = conn.execute(select(users.c.name).where(users.c.name == name)).first()
            if exists and not replace:
                raise StoreError(f"there is already a user {name!r} (use --replace to set a new password)")
            if exists:
                conn.execute(update(users).where(users.c.name == name)
                             .values(password_hash=password_hash, role=role))
                conn.execute(delete(sessions).where(sessions.c.user == name))  # a new password ends old sessions
            else:
                conn.execute(insert(users).values(**values))

    def user(self, name: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.name == name)).mappings().first()
        return dict(row) if row else None

    def users(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(select(users.c.name, users.c.role, users.c.created_at)
                                                  .order_by(users.c.name)).mappings()]

    def remove_user(self, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.user == name))
            if not conn.execute(delete(users).where(users.c.name == name)).rowcount:
                raise NotFoundError(f"no user {name!r}")

    # -- sessions ---------------------------------------------------------------------------
    def add_session(self, token_hash: str, user: str, csrf: str, expires_at: str) -> None:
        purge_before = (datetime.now(UTC) - EXPIRED_KEPT).isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.expires_at < purge_before))
            conn.execute(insert(sessions).values(token_hash=token_hash, user=user, csrf=csrf, created_at=_now(),
                                                 expires_at=expires_at))

    def session(self, token_hash: str) -> dict[str, Any] | None:
        """The live session with this token hash, with its user's role; None once expired."""
        query = (select(sessions, users.c.role).join(users, users.c.name == sessions.c.user)
                 .where(sessions.c.token_hash == token_hash, sessions.c.expires_at > _now()))
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return dict(row) if row else None

    def csrf_owner(self, csrf: str) -> str | None:
        """Whose session (live, or expired within :data:`EXPIRED_KEPT`) issued this CSRF token."""
        if not csrf:
            return None
        with self.engine.connect() as conn:
            return conn.execute(select(sessions.c.user).where(sessions.c.csrf == csrf)).scalar()

    def end_session(self, token_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    # -- watchlist --------------------------------------------------------------------------
    def watches(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(select(watches).order_by(watches.c.term)).mappings()]
        for row in rows:
            row["alerted"] = json.loads(row.get("alerted") or "[]")
        return rows

    def add_watch(self, term: str, entity_id: str | None = None, email: str | None = None,
                  added_by: str | None = None) -> dict[str, Any]:
        term = one_line(term)
        if not term:
            raise StoreError("a watch needs a term")
        try:
            email = email_address(email) if email and email.strip() else None
        except ValueError as exc:
            raise StoreError(str(exc)) from exc
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(watches).values(term=term, entity_id=entity_id, email=email,
                                                    added_by=added_by, added_at=_now()))
        except IntegrityError as exc:
            raise StoreError(f"{term!r} is already on the watchlist") from exc
        return next(w for w in self.watches() if w["term"] == term)

    def remove_watch(self, watch_id: int) -> None:
        with self.engine.begin() as conn:
            if not conn.execute(delete(watches).where(watches.c.id == watch_id)).rowcount:
                raise NotFoundError(f"no watch {watch_id}")

    def mark_watch_seen(self, watch_id: int, until: str, alerted: list[str]) -> None:
        """Stories first seen before ``until`` are done; of that day, ``alerted`` were sent."""
        with self.engine.begin() as conn:
            conn.execute(update(watches).where(watches.c.id == watch_id)
                         .values(seen_until=until, alerted=json.dumps(alerted)))

    def user_count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(users)).scalar_one()
