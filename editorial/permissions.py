"""Who may do what, now (Điều 10–12). Every transition is its own permission, held by the roles of
:data:`~editorial.states.TRANSITIONS`; on top of that:

- a member acts only on documents of their own unit (or of no unit yet);
- only the head approves, or the deputy while a delegation from the head runs; nobody approves a
  revision they wrote or submitted;
- only the deputy publishes, the head too where ``head_may_publish`` allows.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import InvalidTransition, NotPermitted
from .models import Delegation, Document, User
from .states import ACTION_LABELS, ROLE_LABELS, STATE_LABELS, TRANSITIONS, Action, DocState, Role


def active_delegation(session: Session, deputy: User, today: date) -> Delegation | None:
    return session.scalar(select(Delegation).where(
        Delegation.deputy_id == deputy.id, Delegation.revoked_at.is_(None),
        Delegation.starts_on <= today, Delegation.ends_on >= today).order_by(Delegation.id.desc()).limit(1))


def check(session: Session, action: Action, document: Document, actor: User, *, today: date,
          head_may_publish: bool) -> None:
    """Raise :class:`NotPermitted` or :class:`InvalidTransition` unless ``actor`` may take ``action``
    on ``document`` now."""
    transition = TRANSITIONS[action]
    label = ACTION_LABELS[action].lower()
    role = Role(actor.role)
    if not actor.active:
        raise NotPermitted(f"Tài khoản {actor.username} đã bị khóa.")
    if role not in transition.roles:
        raise NotPermitted(f"{ROLE_LABELS[role]} không có quyền {label} (văn bản {document.id}).")
    if role is Role.MEMBER and document.unit not in (None, actor.unit):
        raise NotPermitted(f"Văn bản {document.id} thuộc đơn vị khác; ủy viên chỉ {label} văn bản của đơn vị mình.")
    state = DocState(document.state)
    if state not in transition.sources:
        raise InvalidTransition(f"Không thể {label} văn bản {document.id} khi văn bản đang ở trạng thái "
                                f"“{STATE_LABELS[state]}”.")
    if action is Action.APPROVE:
        if role is Role.DEPUTY and active_delegation(session, actor, today) is None:
            raise NotPermitted(f"Chỉ Tổ trưởng duyệt văn bản {document.id}; Tổ phó duyệt khi được Tổ trưởng ủy quyền "
                               "(Điều 12.2).")
        revision = document.current_revision
        submitter = document.submitted_by.id if document.submitted_by is not None else None
        if actor.id in (submitter, revision.author_id if revision else None):
            raise NotPermitted(f"Không ai được duyệt văn bản do chính mình gửi hoặc sửa (văn bản {document.id}).")
    if action is Action.PUBLISH and role is Role.HEAD and not head_may_publish:
        raise NotPermitted(f"Tổ phó xuất bản văn bản {document.id} sau khi Tổ trưởng duyệt (Điều 12.2).")


def may(session: Session, action: Action, document: Document, actor: User, *, today: date,
        head_may_publish: bool) -> bool:
    try:
        check(session, action, document, actor, today=today, head_may_publish=head_may_publish)
    except (NotPermitted, InvalidTransition):
        return False
    return True
