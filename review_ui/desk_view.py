"""What the desk's pages show, built in Python; the templates only lay it out."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from editorial import audit
from editorial.models import Document, Revision, User
from editorial.pages import PageImageError, PageImages
from editorial.services import LIST_KEYS, Desk
from editorial.states import ACTION_LABELS, STATE_LABELS, Action, DocState
from ingest.models import Item, ItemLink, LinkKind
from ingest.record import ReadingRecord
from library import relations
from parsers.metadata.doctypes import CATEGORIES

from .fields import LABELS, where_text
from .labels import file_format

UNSURE = 0.7  # a value read with less confidence is marked for the member to check
SECRECY_CHOICES = ("", "Mật", "Tối mật", "Tuyệt mật")
URGENCY_CHOICES = ("", "Khẩn", "Thượng khẩn", "Hỏa tốc")
NEEDS_REASON = {Action.RETURN: "Lý do trả lại (bắt buộc)", Action.WITHDRAW: "Lý do rút (bắt buộc)",
                Action.CORRECT: "Nội dung đính chính (bắt buộc)", Action.TAKE_DOWN: "Lý do gỡ (bắt buộc)"}


@dataclass(frozen=True, slots=True)
class FieldView:
    key: str
    label: str
    value: str  # as typed in the form
    kind: str  # "text", "lines", "date", "choice"
    choices: tuple[str, ...]
    confidence: int | None  # percent
    unsure: bool
    where: str
    box: tuple[int, list[float]] | None  # (page, [x0, top, x1, bottom] as fractions)
    note: str | None  # what OCR read before a slip was put right; who edited it


@dataclass(frozen=True, slots=True)
class OfferView:
    action: str
    label: str
    blocked: str | None
    reason_label: str | None
    asks_not_secret: bool


@dataclass(frozen=True, slots=True)
class HistoryRow:
    at: Any
    who: str
    what: str
    states: str
    revisions: str
    reason: str


@dataclass(frozen=True, slots=True)
class FileView:
    name: str
    sha256: str
    role: str  # "original", "open_copy", "attachment"
    role_label: str
    fmt: str
    open_format: bool | None
    chosen: bool = False  # among the files to publish of the revision shown

    def as_record(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "name": self.name, "role": self.role, "open_format": self.open_format}


@dataclass
class DocumentView:
    document: Document
    revision: Revision
    state_label: str
    unit_name: str
    fields: list[FieldView]
    offers: list[OfferView]
    may_edit: bool
    history: list[HistoryRow]
    files: list[FileView]
    attachments: list[tuple[Item, str]]
    duplicates: list[tuple[str, str]]
    pages: list[int]
    page_error: str | None
    categories: tuple[str, ...] = CATEGORIES
    units: list[tuple[str, str]] = field(default_factory=list)
    publish_entry: str | None = None
    other_portal_entry: str | None = None
    warnings: tuple[str, ...] = ()
    published_number: int | None = None
    relations: list["RelationView"] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RelationView:
    """A relation on the desk: confirmed (kept in the revision) or suggested by the intake."""

    label: str
    named: str
    source: str
    confirmed: bool
    value: str  # the relation as JSON, posted back when the editor keeps it


def relation_views(session: Session, document: Document, revision: Revision) -> list[RelationView]:
    confirmed = relations.load(revision.relations)
    views = [RelationView(relations.LABELS[r.kind], r.label, relations.SOURCE_LABELS.get(r.source, r.source), True,
                          json.dumps(r.to_json(), ensure_ascii=False)) for r in confirmed]
    for r in relations.merged(confirmed, relations.suggested(session, document)):
        views.append(RelationView(relations.LABELS[r.kind], r.label, relations.SOURCE_LABELS.get(r.source, r.source),
                                  False, json.dumps(r.to_json(), ensure_ascii=False)))
    return views


def _typed(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in LIST_KEYS:
        return "\n".join(str(v) for v in value)
    if key in ("issued_on", "effective_on") and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _kind(key: str) -> tuple[str, tuple[str, ...]]:
    if key in LIST_KEYS:
        return "lines", ()
    if key in ("issued_on", "effective_on"):
        return "date", ()
    if key == "secrecy":
        return "choice", SECRECY_CHOICES
    if key == "urgency":
        return "choice", URGENCY_CHOICES
    return "text", ()


def field_views(revision: Revision, boxes: dict[str, tuple[int, list[float]]]) -> list[FieldView]:
    out = []
    for key, label in LABELS.items():
        if key == "publish_requested":
            continue
        provenance = revision.provenance.get(key) or {}
        found = provenance.get("found") or {}
        confidence = provenance.get("confidence")
        edited = provenance.get("edited_by")
        value = revision.metadata_values.get(key)
        known = value not in (None, [], "")
        note = f"Sửa bởi {edited}" if edited else (f"Bản quét đọc là “{found['read_as']}”" if found.get("read_as")
                                                     and not isinstance(found["read_as"], list) else None)
        box = boxes.get(key)
        if box is None and found.get("box") and found.get("page"):
            box = (found["page"], found["box"])
        kind, choices = _kind(key)
        shown_confidence = None if edited or not known or confidence is None else round(confidence * 100)
        out.append(FieldView(key, label, _typed(key, value), kind, choices, shown_confidence,
                             shown_confidence is not None and confidence < UNSURE, where_text(found) if found else "—",
                             box, note))
    return out


def document_view(session: Session, desk: Desk, pages: PageImages, document: Document, user: User) -> DocumentView:
    revision = document.current_revision
    assert revision is not None
    item = document.item
    shown_item = main_item(item)
    page_numbers: list[int] = []
    page_error = None
    boxes: dict[str, tuple[int, list[float]]] = {}
    if shown_item is not None and pages.drawable(shown_item.format):
        try:
            drawn = pages.pages(shown_item.sha256, shown_item.format)
            page_numbers = list(range(1, drawn.count + 1))
            if shown_item.format in ("docx", "odt", "doc"):
                texts = {k: _first_line(v) for k, v in revision.metadata_values.items() if k in LABELS}
                boxes = pages.boxes(shown_item.sha256, shown_item.format, texts)
        except PageImageError as exc:
            page_error = str(exc)
        except Exception:  # noqa: BLE001 - a damaged original: the desk still shows the fields
            page_error = "Không vẽ được trang của bản gốc; vẫn có thể tải bản gốc."
    else:
        page_error = "Văn bản này không có trang để hiển thị (chỉ có nội dung đọc được)."
    reading = item.latest_reading
    record = ReadingRecord.load(reading.result) if reading else None
    offers = [OfferView(o.action.value, ACTION_LABELS[o.action], o.blocked, NEEDS_REASON.get(o.action),
                        o.action is Action.SUBMIT) for o in desk.offers(session, document, user)]
    return DocumentView(
        document=document, revision=revision, state_label=STATE_LABELS[DocState(document.state)],
        unit_name=desk.policy.units.name_of(document.unit), fields=field_views(revision, boxes), offers=offers,
        may_edit=desk.may_edit(session, document, user), history=_history(session, document),
        files=candidate_files(item, pages, {f["sha256"] for f in revision.files}),
        attachments=[(c, file_format(c.format)) for c in item.children],
        duplicates=_duplicates(session, item), pages=page_numbers, page_error=page_error,
        units=[(u.code, u.name) for u in desk.policy.units.units],
        publish_entry=record.publish_request_entry if record else None,
        other_portal_entry=record.other_portal_entry if record else None,
        warnings=record.warnings if record else (),
        published_number=document.published_revision.number if document.published_revision else None,
        relations=relation_views(session, document, revision))


def main_item(item: Item) -> Item | None:
    """The item whose pages are shown: the file itself, or a package's first drawable attachment."""
    if item.format in ("pdf", "docx", "odt", "doc", "image"):
        return item
    return next((c for c in item.children if c.format in ("pdf", "docx", "odt", "doc", "image")), None)


def _first_line(value: Any) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "").split("\n")[0]


FILE_ROLES = {"original": "Bản gốc", "open_copy": "Bản định dạng mở (Điều 5.1)", "attachment": "Tệp đính kèm"}


def candidate_files(item: Item, pages: PageImages, chosen: set[str] = frozenset()) -> list[FileView]:  # type: ignore[assignment]
    """Every file the board may publish or download: the original, its open-format copy (a .doc's
    ODT made when it was read, or the PDF made when the desk drew a closed original's pages), the
    attachments; ``chosen`` marks those of the revision."""
    def view(name: str, sha256: str, role: str, fmt: str, open_format: bool | None) -> FileView:
        return FileView(name, sha256, role, FILE_ROLES[role], fmt, open_format, sha256 in chosen)

    files = [view(item.name, item.sha256, "original", file_format(item.format), item.open_format)]
    reading = item.latest_reading
    copy = open_copy_of(item, pages, make=False)
    if reading is not None and reading.converted_sha256:
        files.append(view(_renamed(item.name, "odt"), reading.converted_sha256, "open_copy", "ODT", True))
    elif copy is not None:
        files.append(view(copy[1], copy[0], "open_copy", "PDF", True))
    files += [view(c.name, c.sha256, "attachment", file_format(c.format), c.open_format) for c in item.children]
    return files


def open_copy_of(item: Item, pages: PageImages, *, make: bool = True) -> tuple[str, str] | None:
    """(hash, name) of the PDF copy of a closed original (DOCX, DOC) shown on the desk, made now
    unless ``make`` is false; None for an open original or when it cannot be made."""
    main = main_item(item)
    if main is None or main.open_format is not False or main.format not in ("docx", "doc"):
        return None
    try:
        sha = pages.pdf_of(main.sha256, main.format) if make else pages.copy_of(main.sha256)
    except PageImageError:
        return None
    return (sha, _renamed(main.name, "pdf")) if sha else None


def _renamed(name: str, extension: str) -> str:
    return f"{name.rsplit('.', 1)[0]}.{extension}"


def downloadable(item: Item, pages: PageImages) -> dict[str, str]:
    """What the desk offers to download, by hash."""
    return {f.sha256: f.name for f in candidate_files(item, pages)}


def _history(session: Session, document: Document) -> list[HistoryRow]:
    rows = []
    for event in audit.history(session, document):
        states = (f"{audit.state_label(event.from_state)} → {audit.state_label(event.to_state)}"
                  if event.from_state or event.to_state else "")
        revisions = (f"bản {event.from_revision} → {event.to_revision}" if event.from_revision and
                     event.from_revision != event.to_revision else (f"bản {event.to_revision}" if event.to_revision else ""))
        rows.append(HistoryRow(event.at, event.actor_name, audit.action_label(event.action), states, revisions,
                               " ".join(x for x in (event.reason, event.detail) if x)))
    return rows


def _duplicates(session: Session, item: Item) -> list[tuple[str, str]]:
    """(link, label) of each suspected duplicate: its desk page, or its intake item."""
    from flask import url_for

    links = session.scalars(select(ItemLink).where(ItemLink.kind == LinkKind.SUSPECTED_DUPLICATE,
                                                   or_(ItemLink.item_id == item.id, ItemLink.target_item_id == item.id)))
    out = []
    for link in links:
        other = link.target_item_id if link.item_id == item.id else link.item_id
        if other is not None:
            twin = session.scalar(select(Document).where(Document.item_id == other))
            out.append((url_for("desk.document", document_id=twin.id), f"Văn bản {twin.id}") if twin
                       else (url_for("status.item", item_id=other), f"Mục {other}"))
    return out
