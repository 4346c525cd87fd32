"""One published document as its public page shows it: the entry's attributes, the files the board
chose to publish (Điều 5.1), the digital signatures the reader found, the corrections (đính chính)
and the related documents, in the library or named by number. Only what :mod:`library.index` made
public is found here; anything else is "not found", whatever its id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from editorial.errors import NotFound
from editorial.models import AuditEvent, Revision
from editorial.states import Action
from ingest.models import Reading

from . import relations as rel
from .effectivity import Status, status
from .index import relations_to, targets_of
from .models import LibraryEntry, LibraryRelation

ROLE_LABELS = {"original": "Bản gốc", "open_copy": "Bản định dạng mở", "attachment": "Tệp đính kèm"}


@dataclass(frozen=True, slots=True)
class PublishedFile:
    sha256: str
    name: str
    role: str
    open_format: bool | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, "Tệp")


@dataclass(frozen=True, slots=True)
class SignatureView:
    signer: str | None
    organisation: str | None
    signed_at: str | None
    verdict: str  # in Vietnamese
    valid: bool


@dataclass(frozen=True, slots=True)
class Correction:
    revision: int
    note: str
    published_at: datetime


@dataclass(frozen=True, slots=True)
class Related:
    label: str  # "Thay thế", "Bị thay thế bởi", ...
    kind: str
    inverse: bool
    named: str  # how the document is named when not in the library
    entry: LibraryEntry | None


@dataclass(frozen=True, slots=True)
class PublicDocument:
    entry: LibraryEntry
    revision: Revision
    files: list[PublishedFile]
    signatures: list[SignatureView]
    corrections: list[Correction]
    related: list[Related]
    has_text: bool

    @property
    def values(self) -> dict[str, Any]:
        return self.entry.values

    def status(self, as_of: date) -> Status:
        return status(self.entry.effective_on, self.entry.ended_on, as_of)


MAX_ID = 2**31 - 1


def entry_of(session: Session, document_id: int) -> LibraryEntry:
    entry = session.get(LibraryEntry, document_id) if 0 <= document_id <= MAX_ID else None
    if entry is None:
        raise NotFound(f"Không có văn bản {document_id} trong thư viện văn bản đã công bố.")
    return entry


def get(session: Session, document_id: int) -> PublicDocument:
    entry = entry_of(session, document_id)
    revision = session.get(Revision, entry.revision_id)
    assert revision is not None
    reading = session.get(Reading, revision.reading_id) if revision.reading_id else None
    files = [PublishedFile(f["sha256"], f.get("name") or f["sha256"][:12], f.get("role", "attachment"), f.get("open_format"))
             for f in revision.files or []]
    signatures = [_signature(s) for s in ((reading.result or {}).get("signatures") or [] if reading else [])]
    return PublicDocument(entry, revision, files, signatures, corrections(session, entry), related(session, entry),
                          bool(reading and reading.text.strip()))


def file_of(session: Session, document_id: int, sha256: str) -> PublishedFile:
    for f in get(session, document_id).files:
        if f.sha256 == sha256:
            return f
    raise NotFound(f"Văn bản {document_id} không có tệp này để tải về.")


def text_of(session: Session, document_id: int) -> str:
    entry = entry_of(session, document_id)
    revision = session.get(Revision, entry.revision_id)
    reading = session.get(Reading, revision.reading_id) if revision and revision.reading_id else None
    if reading is None or not reading.text.strip():
        raise NotFound(f"Văn bản {document_id} không có nội dung dạng chữ.")
    return reading.text


def corrections(session: Session, entry: LibraryEntry) -> list[Correction]:
    """Each published revision that corrected the one before (Điều 9.4), oldest first."""
    published = session.execute(select(AuditEvent.to_revision, AuditEvent.at).where(
        AuditEvent.document_id == entry.document_id, AuditEvent.action == Action.PUBLISH.value).order_by(AuditEvent.id))
    current = session.get(Revision, entry.revision_id)
    notes = {r.number: r.correction_note for r in session.scalars(
        select(Revision).where(Revision.document_id == entry.document_id))}
    out, seen = [], None
    for number, at in published:
        note = notes.get(number)
        if note and note != seen and current is not None and number <= current.number:
            out.append(Correction(number, note, at))
        seen = note
    return out


def related(session: Session, entry: LibraryEntry) -> list[Related]:
    out: list[Related] = []
    for relation in session.scalars(select(LibraryRelation).where(LibraryRelation.document_id == entry.document_id)
                                    .order_by(LibraryRelation.id)):
        targets = targets_of(session, relation)
        out.append(Related(rel.LABELS[rel.Kind(relation.kind)], relation.kind, False,
                           relation.target_label or relation.target_number or "", targets[0] if len(targets) == 1 else None))
    for relation in relations_to(session, entry):
        source = session.get(LibraryEntry, relation.document_id)
        if source is not None:
            out.append(Related(rel.INVERSE_LABELS[rel.Kind(relation.kind)], relation.kind, True,
                               f"{source.doc_type or 'Văn bản'} số {source.number or ''}".strip(), source))
    return out


def _signature(data: dict[str, Any]) -> SignatureView:
    intact, whole, trusted = data.get("intact"), data.get("covers_whole_file"), data.get("trusted")
    if data.get("error") or not intact:
        verdict = "Chữ ký số không hợp lệ: tệp đã bị thay đổi sau khi ký hoặc chữ ký bị hỏng."
    elif not whole:
        verdict = "Chữ ký số còn nguyên vẹn nhưng không bao trọn tệp (tệp có phần được thêm sau khi ký)."
    elif trusted is False:
        verdict = "Chữ ký số còn nguyên vẹn; chứng thư số không thuộc tổ chức chứng thực được tin cậy."
    elif trusted is None:
        verdict = "Chữ ký số còn nguyên vẹn; chưa kiểm tra được tổ chức chứng thực."
    else:
        verdict = "Chữ ký số hợp lệ, còn nguyên vẹn, chứng thư số được tin cậy."
    return SignatureView(data.get("signer_name"), data.get("signer_organisation"), data.get("signing_time"), verdict,
                         bool(intact and whole and trusted))
