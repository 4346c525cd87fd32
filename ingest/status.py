"""What the status page and health check show: plain queries over the item ledger."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, selectinload

from .models import Item, ItemState


@dataclass(frozen=True, slots=True)
class Overview:
    database_ok: bool
    counts: dict[str, int]
    recent: list[Item]
    quarantined: list[Item]


def database_ok(session: Session) -> bool:
    try:
        session.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


def overview(session: Session, *, limit: int = 50) -> Overview:
    if not database_ok(session):
        return Overview(False, {}, [], [])
    counts = {state: 0 for state in ItemState.ALL}
    counts.update({s: n for s, n in session.execute(select(Item.state, func.count()).group_by(Item.state))})
    top = select(Item).where(Item.parent_id.is_(None)).order_by(Item.id.desc()).limit(limit)
    recent = list(session.scalars(top.options(selectinload(Item.children))))
    quarantined = list(session.scalars(
        select(Item).where(Item.state == ItemState.QUARANTINED).order_by(Item.id.desc()).limit(limit)))
    return Overview(True, counts, recent, quarantined)


def item_detail(session: Session, item_id: int) -> Item | None:
    return session.scalars(select(Item).where(Item.id == item_id).options(
        selectinload(Item.readings), selectinload(Item.events), selectinload(Item.children))).first()
