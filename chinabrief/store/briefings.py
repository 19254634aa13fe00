"""The archive's side of briefings: saved as their composed JSON, so what was sent or
published can be shown again exactly, whatever arrived since."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from chinabrief.errors import NotFoundError, StoreError
from chinabrief.store.schema import briefings, deliveries


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class BriefingTables:
    engine: Engine

    def save_briefing(self, briefing: dict[str, Any]) -> dict[str, Any]:
        """Insert or replace a draft; a published briefing is frozen and is not replaced."""
        now = _now()
        try:
            with self.engine.begin() as conn:
                old = conn.execute(select(briefings.c.status, briefings.c.created_at)
                                   .where(briefings.c.id == briefing["id"])).first()
                if old and old.status == "published" and briefing.get("status") != "published":
                    raise StoreError(f"briefing {briefing['id']} is published and cannot change")
                briefing["created_at"] = old.created_at if old else now
                row = {"id": briefing["id"], "title": briefing["title"],
                       "period_start": briefing["period"]["start"], "period_end": briefing["period"]["end"],
                       "status": briefing.get("status", "draft"), "data": json.dumps(briefing, ensure_ascii=False),
                       "created_at": briefing["created_at"], "updated_at": now,
                       "published_at": briefing.get("published_at")}
                if old:
                    conn.execute(briefings.update().where(briefings.c.id == briefing["id"]).values(**row))
                else:
                    conn.execute(briefings.insert().values(**row))
        except SQLAlchemyError as exc:
            raise StoreError(f"saving the briefing failed: {exc}") from exc
        return briefing

    def briefing(self, briefing_id: str) -> dict[str, Any]:
        with self.engine.connect() as conn:
            row = conn.execute(select(briefings.c.data).where(briefings.c.id == briefing_id)).first()
        if row is None:
            raise NotFoundError(f"no briefing {briefing_id!r} (chinabrief briefings lists them)")
        return json.loads(row.data)

    def briefings(self) -> list[dict[str, Any]]:
        sent = select(func.count()).where(deliveries.c.briefing_id == briefings.c.id,
                                          deliveries.c.status == "sent").scalar_subquery()
        query = select(briefings.c.id, briefings.c.title, briefings.c.status, briefings.c.period_start,
                       briefings.c.period_end, briefings.c.updated_at, briefings.c.published_at,
                       sent.label("sent")).order_by(briefings.c.period_end.desc())
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]

    def briefing_edits(self, briefing_id: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            row = conn.execute(select(briefings.c.edits).where(briefings.c.id == briefing_id)).first()
        return json.loads(row.edits) if row and row.edits else []

    def add_edits(self, briefing_id: str, edits: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Append to a draft's edit history; the whole history is returned."""
        with self.engine.begin() as conn:
            row = conn.execute(select(briefings.c.status, briefings.c.edits)
                               .where(briefings.c.id == briefing_id)).first()
            if row is None:
                raise NotFoundError(f"no briefing {briefing_id!r} (chinabrief briefings lists them)")
            if row.status == "published":
                raise StoreError(f"briefing {briefing_id} is published and cannot change")
            history = [*json.loads(row.edits or "[]"), *edits]
            conn.execute(briefings.update().where(briefings.c.id == briefing_id)
                         .values(edits=json.dumps(history, ensure_ascii=False)))
        return history

    def published_briefings(self) -> list[dict[str, Any]]:
        query = select(briefings.c.data).where(briefings.c.status == "published") \
            .order_by(briefings.c.published_at.desc())
        with self.engine.connect() as conn:
            return [json.loads(r.data) for r in conn.execute(query)]

    def record_delivery(self, briefing_id: str, recipient: str, status: str, error: str | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(deliveries.insert().values(briefing_id=briefing_id, recipient=recipient, status=status,
                                                    error=error, at=_now()))

    def deliveries(self, briefing_id: str) -> list[dict[str, Any]]:
        query = select(deliveries).where(deliveries.c.briefing_id == briefing_id).order_by(deliveries.c.id)
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings()]
