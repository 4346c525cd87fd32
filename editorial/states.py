"""The board's workflow (Quy chế Điều 7.2, 9.4, 10–12) as data: states, roles, actions and the
table of transitions, each with its Vietnamese label.

A member (ủy viên) checks a document of their unit and submits it; the head (Tổ trưởng) approves
it, or the deputy (Tổ phó) while a delegation from the head runs; the deputy publishes what was
approved (the head too, where ``editorial.head_may_publish`` allows). A non-conforming document is
returned to its unit with a reason and comes back by a new submission. A published document is
corrected (đính chính) by a new revision that goes through the same steps, or taken down.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    MEMBER = "member"
    DEPUTY = "deputy"
    HEAD = "head"
    ADMIN = "admin"


ROLE_LABELS = {Role.MEMBER: "Ủy viên", Role.DEPUTY: "Tổ phó", Role.HEAD: "Tổ trưởng", Role.ADMIN: "Quản trị"}


class DocState(StrEnum):
    NEW = "new"  # taken in, waiting for a member's check
    SUBMITTED = "submitted"  # sent to the head for approval
    APPROVED = "approved"  # approved, waiting for the deputy to publish
    PUBLISHED = "published"
    RETURNED = "returned"  # back at its providing unit to be corrected (Điều 7.2)
    WITHDRAWN = "withdrawn"
    TAKEN_DOWN = "taken_down"


STATE_LABELS = {
    DocState.NEW: "Chờ ủy viên kiểm tra", DocState.SUBMITTED: "Chờ Tổ trưởng duyệt",
    DocState.APPROVED: "Đã duyệt, chờ xuất bản", DocState.PUBLISHED: "Đã đăng",
    DocState.RETURNED: "Trả lại đơn vị để chỉnh sửa", DocState.WITHDRAWN: "Đã rút",
    DocState.TAKEN_DOWN: "Đã gỡ khỏi Trang TTĐT",
}


class Action(StrEnum):
    OPEN = "open"  # the intake put the document in front of the board (the system only)
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    APPROVE = "approve"
    PUBLISH = "publish"
    WITHDRAW = "withdraw"
    CORRECT = "correct"  # đính chính: a new revision of a published document
    TAKE_DOWN = "take_down"
    REVOKED = "revoked"  # the issuer revoked the document (edXML); the intake records it
    DELEGATE = "delegate"
    REVOKE_DELEGATION = "revoke_delegation"


ACTION_LABELS = {
    Action.OPEN: "Đưa vào hàng chờ", Action.EDIT: "Sửa thông tin", Action.SUBMIT: "Gửi Tổ trưởng duyệt",
    Action.RETURN: "Trả lại đơn vị", Action.APPROVE: "Duyệt", Action.PUBLISH: "Xuất bản",
    Action.WITHDRAW: "Rút văn bản", Action.CORRECT: "Đính chính", Action.TAKE_DOWN: "Gỡ khỏi Trang TTĐT",
    Action.REVOKED: "Cơ quan ban hành thu hồi văn bản", Action.DELEGATE: "Ủy quyền cho Tổ phó", Action.REVOKE_DELEGATION: "Thu hồi ủy quyền",
}


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    sources: frozenset[DocState]
    target: DocState | None  # None: the state does not change (an edit)
    roles: frozenset[Role]  # who holds this permission; the services add the rules of Điều 12


def _t(action: Action, sources: set[DocState], target: DocState | None, roles: set[Role]) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles))


_EDITABLE = {DocState.NEW, DocState.RETURNED, DocState.SUBMITTED, DocState.APPROVED}

TRANSITIONS: dict[Action, Transition] = {t.action: t for t in (
    # an edit after approval sends the document back to the head (Action.EDIT's target is decided
    # by the service: APPROVED -> SUBMITTED, otherwise unchanged)
    _t(Action.EDIT, _EDITABLE, None, {Role.MEMBER, Role.DEPUTY, Role.HEAD}),
    _t(Action.SUBMIT, {DocState.NEW, DocState.RETURNED}, DocState.SUBMITTED, {Role.MEMBER, Role.DEPUTY}),
    _t(Action.RETURN, {DocState.SUBMITTED, DocState.APPROVED}, DocState.RETURNED, {Role.HEAD, Role.DEPUTY}),
    _t(Action.APPROVE, {DocState.SUBMITTED}, DocState.APPROVED, {Role.HEAD, Role.DEPUTY}),
    _t(Action.PUBLISH, {DocState.APPROVED}, DocState.PUBLISHED, {Role.DEPUTY, Role.HEAD}),
    _t(Action.WITHDRAW, {DocState.NEW, DocState.SUBMITTED, DocState.RETURNED, DocState.APPROVED},
       DocState.WITHDRAWN, {Role.MEMBER, Role.HEAD}),
    _t(Action.CORRECT, {DocState.PUBLISHED}, DocState.NEW, {Role.MEMBER, Role.DEPUTY, Role.HEAD}),
    _t(Action.TAKE_DOWN, {DocState.PUBLISHED}, DocState.TAKEN_DOWN, {Role.HEAD}),
)}

# document actions a user may be offered, in the order the desk shows them
DOCUMENT_ACTIONS = (Action.SUBMIT, Action.APPROVE, Action.PUBLISH, Action.RETURN, Action.CORRECT,
                    Action.WITHDRAW, Action.TAKE_DOWN)
