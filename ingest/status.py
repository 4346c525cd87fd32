"""What the status page and health check show: plain queries over the item ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from .models import Item, ItemState, SourceHealth


@dataclass(frozen=True, slots=True)
class SourceRow:
    """How one configured source is doing: its last good poll, what it has taken, and while it
    fails, why and when it is tried again."""

    name: str
    kind: str
    last_success_at: datetime | None = None
    items_taken: int = 0
    failures: int = 0
    last_error: str | None = None
    last_error_at: datetime | None = None
    next_attempt_at: datetime | None = None

    @property
    def failing(self) -> bool:
        return self.failures > 0


@dataclass(frozen=True, slots=True)
class Overview:
    database_ok: bool
    counts: dict[str, int]
    recent: list[Item]
    quarantined: list[Item]
    sources: list[SourceRow] = field(default_factory=list)


def database_ok(session: Session) -> bool:
    try:
        session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


def sources(session: Session, configured: list[dict[str, Any]]) -> list[SourceRow]:
    """The configured sources in their order, each with its health (none yet: never polled)."""
    health = {h.name: h for h in session.scalars(select(SourceHealth))}
    rows = []
    for config in configured:
        name, kind = config.get("name", ""), config.get("kind", "")
        h = health.get(name)
        if h is None:  # never polled
            rows.append(SourceRow(name, kind))
            continue
        rows.append(SourceRow(name, kind, h.last_success_at, h.items_taken or 0, h.consecutive_failures or 0,
                              h.last_error, h.last_error_at, h.next_attempt_at))
    return rows


def overview(session: Session, *, limit: int = 50, configured: list[dict[str, Any]] | None = None) -> Overview:
    if not database_ok(session):
        return Overview(False, {}, [], [])
    counts = {state: 0 for state in ItemState.ALL}
    counts.update({s: n for s, n in session.execute(select(Item.state, func.count()).group_by(Item.state))})
    top = select(Item).where(Item.parent_id.is_(None)).order_by(Item.id.desc()).limit(limit)
    recent = list(session.scalars(top.options(selectinload(Item.children))))
    quarantined = list(session.scalars(
        select(Item).where(Item.state == ItemState.QUARANTINED).order_by(Item.id.desc()).limit(limit)))
    return Overview(True, counts, recent, quarantined, sources(session, configured or []))


def item_detail(session: Session, item_id: int) -> Item | None:
    return session.scalars(select(Item).where(Item.id == item_id).options(
        selectinload(Item.readings), selectinload(Item.events), selectinload(Item.children))).first()
