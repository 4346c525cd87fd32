"""The board's work on a document, as services used alike by the web app and the command line.

Each service checks the permission (:mod:`editorial.permissions`), then the rules of the
regulation, raising a typed refusal (:mod:`editorial.errors`) before anything changes; it then
changes the document, writes the audit event and queues the notices, in the caller's session. The
caller commits (one unit of work: a refused action leaves nothing behind).

Every action names the revision the person saw (``revision``): an approval is bound to one
revision, and a person acting on a page that someone else has changed since is refused
(:class:`~editorial.errors.StaleRevision`), their input kept by the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ingest.models import Item, ItemEvent, ItemState, Reading, utcnow
from ingest.record import METADATA_KEYS, ReadingRecord
from ingest.selection import may_queue_by_hand
from library import index as library_index
from library.relations import Relation
from parsers.metadata.fields import SECRECY_UNKNOWN

from . import audit, notify
from .errors import NotFound, Refused, StaleRevision
from .models import Document, Revision, User
from .permissions import check, may
from .states import DOCUMENT_ACTIONS, Action, DocState, Role
from .units import Units
from .worktime import WorkingTime

EDITABLE_KEYS = tuple(k for k in METADATA_KEYS if k != "publish_requested")
_NEVER_FOR_SECRETS = {Action.SUBMIT: "gửi", Action.APPROVE: "duyệt", Action.PUBLISH: "xuất bản"}
LIST_KEYS = ("recipients", "addressees")


@dataclass(frozen=True, slots=True)
class Policy:
    """What the services need from the settings, read once."""

    units: Units
    worktime: WorkingTime
    head_may_publish: bool = False

    @classmethod
    def from_settings(cls, settings: Any) -> "Policy":
        return cls(Units.from_settings(settings), WorkingTime.from_settings(settings),
                   settings["editorial.head_may_publish"])


@dataclass(frozen=True, slots=True)
class Offer:
    """An action the desk may show: allowed now, or shown with why it is blocked."""

    action: Action
    blocked: str | None = None


class Desk:
    def __init__(self, policy: Policy) -> None:
        self.policy = policy

    # --- reading ----------------------------------------------------------------------------

    def get(self, session: Session, document_id: int) -> Document:
        document = session.get(Document, document_id)
        if document is None:
            raise NotFound(f"Không có văn bản {document_id}.")
        return document

    def offers(self, session: Session, document: Document, actor: User, now: datetime | None = None) -> list[Offer]:
        """The actions this person may take on the document now, in the desk's order; a permitted
        action that a rule blocks comes with its reason (a secret document is offered nothing)."""
        today = self.today(now)
        permitted = [a for a in DOCUMENT_ACTIONS
                     if may(session, a, document, actor, today=today, head_may_publish=self.policy.head_may_publish)]
        if _secrecy(document):
            return [Offer(a) for a in permitted if a in (Action.WITHDRAW, Action.TAKE_DOWN)]
        return [Offer(action, self.blocked(action, document)) for action in permitted]

    def blocked(self, action: Action, document: Document) -> str | None:
        """The rule of the regulation that refuses ``action`` on the document now, whoever asks
        (what the person adds, a reason or the confirmation that it is not secret, aside)."""
        revision = document.current_revision
        assert revision is not None
        secrecy = _secrecy(document)
        if secrecy and action in _NEVER_FOR_SECRETS:
            return (f"Văn bản {document.id} có dấu độ mật “{secrecy}”: không bao giờ được "
                    f"{_NEVER_FOR_SECRETS[action]} (Điều 3.3, 4, 8.2).")
        if _marked(document) == SECRECY_UNKNOWN and action in _NEVER_FOR_SECRETS:
            return (f"Chưa rõ độ mật của văn bản {document.id}: bản quét có dấu ở phần đầu mà chương trình không đọc "
                    f"được. Cần xem bản quét và chọn độ mật (Không, Mật, Tối mật hoặc Tuyệt mật) trước khi "
                    f"{_NEVER_FOR_SECRETS[action]} (Điều 3.3, 4).")
        if document.takedown_requested and action in _NEVER_FOR_SECRETS:
            return f"Cơ quan ban hành đã thu hồi văn bản {document.id} ({document.takedown_requested})."
        if action is Action.SUBMIT and document.outside and not revision.source_note:
            return "Văn bản của cơ quan ngoài Sở: cần ghi rõ nguồn (Điều 8.4) trước khi gửi."
        if action is Action.APPROVE and not revision.category:
            return "Cần chọn chuyên mục (Điều 6) trước khi duyệt."
        if (action is Action.APPROVE and document.item is not None and document.item.open_format is False
                and not any(f.get("open_format") for f in revision.files)):
            return "Bản gốc không phải định dạng mở: cần chọn bản định dạng mở để đăng (Điều 5.1) trước khi duyệt."
        if action is Action.PUBLISH and document.approved_revision is not revision:
            return f"Bản {revision.number} của văn bản {document.id} chưa được duyệt."
        return None

    def may_edit(self, session: Session, document: Document, actor: User) -> bool:
        return may(session, Action.EDIT, document, actor, today=self.today(None),
                   head_may_publish=self.policy.head_may_publish)

    # --- from the intake --------------------------------------------------------------------

    def open_document(self, session: Session, item: Item, record: ReadingRecord, *, reading_id: int | None,
                      actor: User | None = None, sender: str | None = None) -> Document:
        """The document the board works on, made from a queued item (once: taken again, the same)."""
        existing = session.scalar(select(Document).where(Document.item_id == item.id))
        if existing is not None:
            return existing
        inferred = self.policy.units.infer(record, sender)
        document = Document(item_id=item.id, state=DocState.NEW.value, unit=inferred.code,
                            unit_inferred_from=inferred.why, outside=self.policy.units.is_outside(record),
                            received_at=item.created_at or utcnow())
        session.add(document)
        session.flush()
        values = {key: record.value(key) for key in EDITABLE_KEYS}
        provenance = {key: {"reading": reading_id, "confidence": f.confidence, "found": f.found}
                      for key, f in record.fields.items() if key in values}
        files = [{"sha256": item.sha256, "name": item.name, "role": "original", "open_format": item.open_format}]
        reading = session.get(Reading, reading_id) if reading_id is not None else None
        if reading is not None and reading.converted_sha256:  # a .doc's ODT copy, made when it was read
            files.append({"sha256": reading.converted_sha256, "name": _renamed(item.name, "odt"), "role": "open_copy",
                          "open_format": True})
        revision = Revision(document=document, number=1, metadata_values=values, provenance=provenance,
                            reading_id=reading_id, category=(record.category_suggestion or {}).get("category"),
                            files=files, author_id=None)
        session.add(revision)
        session.flush()
        document.current_revision = revision
        audit.record(session, actor, Action.OPEN, document, to_state=DocState.NEW, to_revision=1,
                     detail=f"từ mục {item.id} ({item.name})")
        notify.reached(session, document, DocState.NEW, self.policy)
        return document

    def revoked(self, session: Session, item: Item, *, reason: str, now: datetime | None = None) -> Document | None:
        """The issuer revoked the document (edXML BussinessDocType 1): a published one is taken down
        at once, by the intake; any other is marked, and may no longer go forward."""
        document = session.scalar(select(Document).where(Document.item_id == item.id))
        if document is None:
            return None
        document.takedown_requested = reason
        library_index.sync(session, document)
        if document.state == DocState.PUBLISHED:
            self._move(session, document, None, Action.TAKE_DOWN, DocState.TAKEN_DOWN, now, reason=reason)
        else:
            number = document.current_revision.number if document.current_revision else None
            audit.record(session, None, Action.REVOKED, document, from_state=document.state, to_state=document.state,
                         from_revision=number, to_revision=number, reason=reason)
        return document

    def attach_open_copy(self, session: Session, document: Document, *, sha256: str, name: str) -> bool:
        """The open-format copy of a closed original (Điều 5.1), made when the desk drew its pages,
        joins the files to publish of the revision being prepared (before it is submitted); the
        member can leave it out. True when it was added."""
        revision = document.current_revision
        if (revision is None or document.state not in (DocState.NEW.value, DocState.RETURNED.value)
                or any(f.get("role") == "open_copy" for f in revision.files)):
            return False
        revision.files = [*revision.files, {"sha256": sha256, "name": name, "role": "open_copy", "open_format": True}]
        audit.record(session, None, Action.EDIT, document, from_revision=revision.number, to_revision=revision.number,
                     detail=f"thêm bản định dạng mở {name} vào các tệp sẽ đăng (Điều 5.1)")
        return True

    def pull_into_queue(self, session: Session, item: Item, actor: User) -> Document:
        """A board member puts a skipped item in front of the board by hand (never a secret)."""
        if Role(actor.role) is Role.ADMIN or not actor.active:
            raise Refused("Chỉ thành viên Tổ Biên tập được đưa văn bản vào hàng chờ.")
        reading = item.latest_reading
        if reading is None:
            raise Refused(f"Mục {item.id} chưa đọc được, không thể đưa vào hàng chờ.")
        record = ReadingRecord.load(reading.result)
        why = may_queue_by_hand(record)
        if why:
            raise Refused(f"Mục {item.id} không thể đưa vào hàng chờ: {why}.")
        item.state, item.skip_reason = ItemState.QUEUED, None
        session.add(ItemEvent(item=item, event="queued by hand", detail=actor.username))
        return self.open_document(session, item, record, reading_id=reading.id, actor=actor)

    # --- editing ------------------------------------------------------------------------------

    def edit(self, session: Session, document: Document, actor: User, *, revision: int,
             values: Mapping[str, Any] | None = None, category: str | None = None, source_note: str | None = None,
             unit: str | None = None, outside: bool | None = None, files: list[dict[str, Any]] | None = None,
             relations: list[Relation] | None = None, now: datetime | None = None) -> Revision:
        """Save what the person confirmed or changed as a new revision (nothing changed: none). An
        edit after approval needs approval again."""
        self._check(session, Action.EDIT, document, actor, now)
        current = self._current(document, revision)
        typed = {k: _clean(k, v) for k, v in (values or {}).items() if k in EDITABLE_KEYS}
        changed = {k: v for k, v in typed.items() if v != current.metadata_values.get(k)}
        new_category = current.category if category is None else (category.strip() or None)
        new_source = current.source_note if source_note is None else (source_note.strip() or None)
        if files is not None and not files:
            raise Refused("Cần chọn ít nhất một tệp để đăng.")
        new_files = current.files if files is None else [dict(f) for f in files]
        files_changed = [f["sha256"] for f in new_files] != [f["sha256"] for f in current.files]
        new_relations = (current.relations or []) if relations is None else [r.to_json() for r in relations]
        relations_changed = new_relations != (current.relations or [])
        document_changes = []
        if unit is not None and (unit or None) != document.unit:
            if unit and self.policy.units.get(unit) is None:
                raise Refused(f"Không có đơn vị “{unit}”.")
            document_changes.append(f"đơn vị: {self.policy.units.name_of(document.unit)} → "
                                    f"{self.policy.units.name_of(unit or None)}")
            document.unit, document.unit_inferred_from = unit or None, None
        if outside is not None and outside != document.outside:
            document_changes.append("văn bản của cơ quan ngoài Sở" if outside else "văn bản của Sở")
            document.outside = outside
        if (not changed and new_category == current.category and new_source == current.source_note
                and not files_changed and not relations_changed):
            if document_changes:
                audit.record(session, actor, Action.EDIT, document, from_revision=current.number,
                             to_revision=current.number, detail="; ".join(document_changes))
            return current
        at = (now or utcnow()).isoformat()
        provenance = {**current.provenance, **{k: {"edited_by": actor.username, "at": at,
                                                    "was": current.metadata_values.get(k)} for k in changed}}
        new = Revision(document=document, number=current.number + 1,
                       metadata_values={**current.metadata_values, **changed}, provenance=provenance,
                       reading_id=current.reading_id, category=new_category, source_note=new_source,
                       files=list(new_files), correction_note=current.correction_note, relations=new_relations,
                       author_id=actor.id)
        session.add(new)
        session.flush()  # the unique (document, number) refuses a second save of the same revision
        document.current_revision = new
        before = document.state
        if document.state == DocState.APPROVED:  # the approval was of the revision before
            document.state, document.approved_revision = DocState.SUBMITTED.value, None
            document.state_since = now or utcnow()
        names = [k for k in changed] + (["category"] if new_category != current.category else []) + (
            ["source_note"] if new_source != current.source_note else []) + (["files"] if files_changed else []) + (
            ["relations"] if relations_changed else [])
        detail = "sửa: " + ", ".join(names) + ("; " + "; ".join(document_changes) if document_changes else "")
        audit.record(session, actor, Action.EDIT, document, from_state=before, to_state=document.state,
                     from_revision=current.number, to_revision=new.number, detail=detail)
        if before != document.state:
            notify.reached(session, document, DocState.SUBMITTED, self.policy)
        library_index.sync(session, document)  # a secrecy mark on the new revision takes it out at once
        return new

    # --- transitions --------------------------------------------------------------------------

    def submit(self, session: Session, document: Document, actor: User, *, revision: int, not_secret: bool,
               now: datetime | None = None) -> None:
        """A member sends the document to the head (Điều 12.3), confirming it is not secret."""
        self._ready(session, Action.SUBMIT, document, actor, revision, now)
        if not not_secret:
            raise Refused("Cần xác nhận văn bản không thuộc loại tài liệu mật (Điều 8.2) trước khi gửi.")
        document.submitted_by = actor
        self._move(session, document, actor, Action.SUBMIT, DocState.SUBMITTED, now,
                   detail="người gửi xác nhận văn bản không thuộc loại tài liệu mật")

    def approve(self, session: Session, document: Document, actor: User, *, revision: int,
                now: datetime | None = None) -> None:
        current = self._ready(session, Action.APPROVE, document, actor, revision, now)
        document.approved_revision, document.approved_by = current, actor
        delegated = Role(actor.role) is Role.DEPUTY
        self._move(session, document, actor, Action.APPROVE, DocState.APPROVED, now,
                   detail="duyệt theo ủy quyền của Tổ trưởng" if delegated else None)

    def publish(self, session: Session, document: Document, actor: User, *, revision: int,
                now: datetime | None = None) -> None:
        current = self._ready(session, Action.PUBLISH, document, actor, revision, now)
        document.published_revision = current
        document.published_at = now or utcnow()
        self._move(session, document, actor, Action.PUBLISH, DocState.PUBLISHED, now,
                   detail=f"đính chính: {current.correction_note}" if current.correction_note else None)

    def return_to_unit(self, session: Session, document: Document, actor: User, *, revision: int, reason: str,
                       now: datetime | None = None) -> None:
        """Back to the providing unit to be corrected (Điều 7.2); the reason is required."""
        self._with_reason(session, Action.RETURN, DocState.RETURNED, document, actor, revision, reason, now,
                          "Cần ghi lý do trả lại để đơn vị chỉnh sửa (Điều 7.2).")

    def withdraw(self, session: Session, document: Document, actor: User, *, revision: int, reason: str,
                 now: datetime | None = None) -> None:
        self._with_reason(session, Action.WITHDRAW, DocState.WITHDRAWN, document, actor, revision, reason, now,
                          "Cần ghi lý do rút văn bản.")

    def correct(self, session: Session, document: Document, actor: User, *, revision: int, note: str,
                now: datetime | None = None) -> Revision:
        """Đính chính (Điều 9.4): a new revision of a published document, approved and published
        like the first; the published one stays online until then, and the history is kept."""
        self._check(session, Action.CORRECT, document, actor, now)
        current = self._current(document, revision)
        note = _required(note, "Cần ghi nội dung đính chính (Điều 9.4).")
        new = Revision(document=document, number=current.number + 1, metadata_values=dict(current.metadata_values),
                       provenance=dict(current.provenance), reading_id=current.reading_id, category=current.category,
                       source_note=current.source_note, files=list(current.files), correction_note=note,
                       relations=list(current.relations or []), author_id=actor.id)
        session.add(new)
        session.flush()
        document.current_revision = new
        document.approved_revision = document.submitted_by = None
        self._move(session, document, actor, Action.CORRECT, DocState.NEW, now, reason=note,
                   from_revision=current.number)
        return new

    def take_down(self, session: Session, document: Document, actor: User, *, revision: int, reason: str,
                  now: datetime | None = None) -> None:
        self._with_reason(session, Action.TAKE_DOWN, DocState.TAKEN_DOWN, document, actor, revision, reason, now,
                          "Cần ghi lý do gỡ văn bản.")

    def act(self, session: Session, action: Action, document: Document, actor: User, *, revision: int,
            reason: str = "", not_secret: bool = False, now: datetime | None = None) -> None:
        """One entry for the web form and the command line: the action by its name."""
        if action is Action.SUBMIT:
            self.submit(session, document, actor, revision=revision, not_secret=not_secret, now=now)
        elif action is Action.APPROVE:
            self.approve(session, document, actor, revision=revision, now=now)
        elif action is Action.PUBLISH:
            self.publish(session, document, actor, revision=revision, now=now)
        elif action is Action.RETURN:
            self.return_to_unit(session, document, actor, revision=revision, reason=reason, now=now)
        elif action is Action.WITHDRAW:
            self.withdraw(session, document, actor, revision=revision, reason=reason, now=now)
        elif action is Action.CORRECT:
            self.correct(session, document, actor, revision=revision, note=reason, now=now)
        elif action is Action.TAKE_DOWN:
            self.take_down(session, document, actor, revision=revision, reason=reason, now=now)
        else:
            raise Refused(f"Thao tác “{action}” không áp dụng cho văn bản.")

    # --- helpers ------------------------------------------------------------------------------

    def today(self, now: datetime | None = None) -> date:
        """The department's date now (Vietnam time: a delegation "until today" runs to its midnight)."""
        return self.policy.worktime.local(now or utcnow()).date()

    def _check(self, session: Session, action: Action, document: Document, actor: User, now: datetime | None) -> None:
        check(session, action, document, actor, today=self.today(now), head_may_publish=self.policy.head_may_publish)

    def _current(self, document: Document, seen: int) -> Revision:
        current = document.current_revision
        assert current is not None
        if current.number != seen:
            who = current.author.full_name if current.author else audit.SYSTEM
            raise StaleRevision(f"Văn bản {document.id} vừa có bản {current.number} do {who} lưu lúc "
                                f"{self.policy.worktime.shown(current.created_at)}; bạn đang xem bản {seen}. "
                                "Nội dung bạn nhập chưa được lưu; hãy xem lại bản mới rồi làm lại.")
        return current

    def _ready(self, session: Session, action: Action, document: Document, actor: User, revision: int,
               now: datetime | None) -> Revision:
        """Permitted, on the revision the person saw, and no rule refuses it: the current revision."""
        self._check(session, action, document, actor, now)
        current = self._current(document, revision)
        why = self.blocked(action, document)
        if why:
            raise Refused(why)
        return current

    def _with_reason(self, session: Session, action: Action, target: DocState, document: Document, actor: User,
                     revision: int, reason: str, now: datetime | None, missing: str) -> None:
        """A transition that ends the work on the current revision and needs a reason (return,
        withdraw, take down); a return or withdrawal undoes the approval."""
        self._ready(session, action, document, actor, revision, now)
        reason = _required(reason, missing)
        if target is not DocState.TAKEN_DOWN:
            document.approved_revision = None
        self._move(session, document, actor, action, target, now, reason=reason)

    def _move(self, session: Session, document: Document, actor: User | None, action: Action, target: DocState,
              now: datetime | None, *, reason: str | None = None, detail: str | None = None,
              from_revision: int | None = None) -> None:
        before = document.state
        document.state, document.state_since = target.value, now or utcnow()
        number = document.current_revision.number if document.current_revision else None
        audit.record(session, actor, action, document, from_state=before, to_state=target.value,
                     from_revision=from_revision or number, to_revision=number, reason=reason, detail=detail)
        notify.reached(session, document, target, self.policy, by=actor)
        library_index.sync(session, document)  # the public library, in the same unit of work


def _secrecy(document: Document) -> str | None:
    """The secrecy mark of the document's current revision; not a mark no one could read."""
    marked = _marked(document)
    return marked if marked != SECRECY_UNKNOWN else None


def _marked(document: Document) -> str | None:
    revision = document.current_revision
    return (revision.metadata_values.get("secrecy") if revision else None) or None


def _renamed(name: str, extension: str) -> str:
    return f"{name.rsplit('.', 1)[0]}.{extension}"


def _required(text: str | None, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(message)
    return text


def _clean(key: str, value: Any) -> Any:
    """A value as typed on the desk: lists one entry a line, dates as YYYY-MM-DD, blanks as None."""
    if key in LIST_KEYS:
        entries = value.splitlines() if isinstance(value, str) else list(value or [])
        return [e.strip() for e in entries if e and e.strip()]
    if isinstance(value, str):
        value = value.strip()
        if key in ("issued_on", "effective_on") and value:
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                try:
                    return datetime.strptime(value, "%d/%m/%Y").date().isoformat()
                except ValueError:
                    raise Refused(f"Ngày “{value}” không hợp lệ; nhập theo dạng ngày/tháng/năm.") from None
        return value or None
    return value
