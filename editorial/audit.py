"""The audit log (Điều 10–12, 15): who did what to which document, when, from which state and
revision to which, and why. Only the services write it; nothing updates or deletes it (database
triggers refuse both, migration 0004)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEvent, Document, User
from .states import ACTION_LABELS, STATE_LABELS, Action, DocState

if TYPE_CHECKING:
    from .worktime import WorkingTime

SYSTEM = "Hệ thống tiếp nhận"  # the actor name of what the intake did by itself


def record(session: Session, actor: User | None, action: Action, document: Document | None, *,
           from_state: str | None = None, to_state: str | None = None, from_revision: int | None = None,
           to_revision: int | None = None, reason: str | None = None, detail: str | None = None) -> AuditEvent:
    event = AuditEvent(actor_id=actor.id if actor else None, actor_name=_name(actor), action=action.value,
                       document_id=document.id if document else None, from_state=from_state, to_state=to_state,
                       from_revision=from_revision, to_revision=to_revision, reason=reason, detail=detail)
    session.add(event)
    return event


def history(session: Session, document: Document) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id)
                                .order_by(AuditEvent.id)))


def since(session: Session, moment: datetime) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.at >= moment).order_by(AuditEvent.id)))


def action_label(action: str) -> str:
    try:
        return ACTION_LABELS[Action(action)]
    except ValueError:
        return action


def state_label(state: str | None) -> str:
    if state is None:
        return ""
    try:
        return STATE_LABELS[DocState(state)]
    except ValueError:
        return state


def to_csv(events: list[AuditEvent], worktime: "WorkingTime") -> str:
    """The log as CSV with Vietnamese headings, local times, labels beside the codes."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Mã", "Thời điểm", "Người thực hiện", "Thao tác", "Văn bản", "Từ trạng thái", "Sang trạng thái",
                     "Từ bản", "Sang bản", "Lý do", "Chi tiết"])
    for e in events:
        writer.writerow([e.id, worktime.local(e.at).strftime("%d/%m/%Y %H:%M:%S"), e.actor_name, action_label(e.action),
                         e.document_id or "", state_label(e.from_state), state_label(e.to_state),
                         e.from_revision or "", e.to_revision or "", e.reason or "", e.detail or ""])
    return out.getvalue()


def _name(actor: User | None) -> str:
    return f"{actor.full_name} ({actor.username})" if actor else SYSTEM
