"""The head's delegation of approval to the deputy for a period (Điều 12.2), recorded in the audit
log and revocable."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.models import utcnow

from . import audit
from .errors import NotFound, NotPermitted, Refused
from .models import Delegation, User
from .states import Action, Role


def delegate(session: Session, head: User, deputy: User, starts_on: date, ends_on: date,
             note: str | None = None) -> Delegation:
    if Role(head.role) is not Role.HEAD or not head.active:
        raise NotPermitted("Chỉ Tổ trưởng được ủy quyền duyệt cho Tổ phó (Điều 12.2).")
    if Role(deputy.role) is not Role.DEPUTY or not deputy.active:
        raise Refused(f"{deputy.full_name} không phải Tổ phó đang hoạt động; chỉ ủy quyền cho Tổ phó.")
    if ends_on < starts_on:
        raise Refused("Ngày kết thúc ủy quyền phải sau ngày bắt đầu.")
    delegation = Delegation(head_id=head.id, deputy_id=deputy.id, starts_on=starts_on, ends_on=ends_on,
                            note=(note or "").strip() or None)
    session.add(delegation)
    session.flush()
    audit.record(session, head, Action.DELEGATE, None,
                 detail=f"ủy quyền số {delegation.id} cho {deputy.full_name} từ {starts_on:%d/%m/%Y} "
                        f"đến {ends_on:%d/%m/%Y}", reason=delegation.note)
    return delegation


def revoke(session: Session, head: User, delegation_id: int, now: datetime | None = None) -> Delegation:
    if Role(head.role) is not Role.HEAD or not head.active:
        raise NotPermitted("Chỉ Tổ trưởng được thu hồi ủy quyền.")
    delegation = session.get(Delegation, delegation_id)
    if delegation is None:
        raise NotFound(f"Không có ủy quyền số {delegation_id}.")
    if delegation.revoked_at is not None:
        raise Refused(f"Ủy quyền số {delegation_id} đã được thu hồi.")
    delegation.revoked_at = now or utcnow()
    audit.record(session, head, Action.REVOKE_DELEGATION, None,
                 detail=f"thu hồi ủy quyền số {delegation.id} cho {delegation.deputy.full_name}")
    return delegation


def listing(session: Session) -> list[Delegation]:
    return list(session.scalars(select(Delegation).order_by(Delegation.id.desc())))
