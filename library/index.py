"""Keeping the library in step with the board: :func:`sync` puts a document's published revision
in the library (entry, relations, search text) or takes it out, in the caller's unit of work, so a
publication is searchable, and a take-down gone, the moment it is committed. :func:`reindex`
rebuilds everything from the documents (``congbo reindex``): the database stays the source of truth.

What is public: the published revision of a document not taken down, not revoked by its issuer,
and with no secrecy mark on it or on the revision being prepared. Nothing else, ever.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Iterable

from sqlalchemy import Connection, delete, or_, select, update
from sqlalchemy.orm import Session

from editorial.models import Document, Revision
from editorial.states import DocState
from ingest.models import Reading, utcnow

from . import relations as rel
from .engines import HEAD_WORDS, Texts, engine_for
from .models import LibraryEntry, LibraryRelation, LibraryState
from .text import MAX_WORDS, filter_word, folded, number_key, slug, words

SORT_SPAN = 10**7  # documents per day the sort key can tell apart


def public_revision(document: Document) -> Revision | None:
    """The revision readers may see, or None."""
    revision = document.published_revision
    if revision is None or document.state == DocState.TAKEN_DOWN or document.takedown_requested:
        return None
    for shown in (revision, document.current_revision):
        if shown is not None and (shown.metadata_values.get("secrecy") or None):
            return None
    return revision


def _date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def sort_key(document: Document, issued_on: date | None) -> int:
    day = issued_on or (document.published_at or utcnow()).date()
    return day.toordinal() * SORT_SPAN + document.id % SORT_SPAN


def texts_of(values: dict, body: str, category: str | None = None) -> Texts:
    head = [w for key in ("doc_type", "number", "issuer", "parent_issuer", "signer_name", "subject")
            for w in words(values.get(key))][:HEAD_WORDS]
    issued = _date(values.get("issued_on"))
    if issued:
        head.append(str(issued.year))
    body_words = words(body)[:MAX_WORDS]
    filters = {"doc_type": values.get("doc_type"), "issuer": values.get("issuer"), "signer": values.get("signer_name"),
               "year": issued.year if issued else None, "category": category}
    return Texts(head, [folded(w) for w in head], body_words, [folded(w) for w in body_words],
                 number_key(values.get("number")), [filter_word(k, v) for k, v in filters.items() if v])


def body_text(session: Session, revision: Revision) -> str:
    reading = session.get(Reading, revision.reading_id) if revision.reading_id else None
    return reading.text if reading is not None else ""


def sync(session: Session, document: Document) -> LibraryEntry | None:
    """Put the document's public revision in the library, or take the document out of it."""
    session.flush()
    entry = session.get(LibraryEntry, document.id)
    revision = public_revision(document)
    engine = engine_for(session)
    if revision is None:
        if entry is not None:
            targets = _targets(session, entry)
            engine.drop(session, entry.sort_key)
            session.execute(delete(LibraryRelation).where(LibraryRelation.document_id == entry.document_id))
            session.delete(entry)
            session.flush()
            _refresh_ended(session, targets)
            changed(session)
        return None
    if entry is not None and entry.revision_id == revision.id:
        return entry
    values = revision.metadata_values
    issued = _date(values.get("issued_on"))
    before = _targets(session, entry) if entry is not None else []
    if entry is None:
        entry = LibraryEntry(document_id=document.id)
        session.add(entry)
    else:
        engine.drop(session, entry.sort_key)
    entry.revision_id, entry.sort_key = revision.id, sort_key(document, issued)
    entry.slug = slug(values.get("subject") or values.get("number"))
    entry.number, entry.number_key = values.get("number"), number_key(values.get("number"))
    entry.doc_type, entry.issuer, entry.signer = values.get("doc_type"), values.get("issuer"), values.get("signer_name")
    entry.issued_on, entry.year = issued, issued.year if issued else None
    entry.effective_on, entry.category, entry.subject = _date(values.get("effective_on")), revision.category, values.get("subject")
    entry.values = dict(values)
    entry.published_at, entry.updated_at = document.published_at or utcnow(), revision.created_at or utcnow()
    session.execute(delete(LibraryRelation).where(LibraryRelation.document_id == document.id))
    for relation in rel.load(revision.relations):
        session.add(LibraryRelation(document_id=document.id, kind=relation.kind.value,
                                    target_document_id=relation.document_id, target_number=relation.number,
                                    target_number_key=number_key(relation.number) or None,
                                    target_date=relation.on, target_label=relation.label))
    session.flush()
    engine.put(session, entry.sort_key, texts_of(values, body_text(session, revision), revision.category))
    _refresh_ended(session, [entry, *before, *_targets(session, entry)])
    changed(session)
    return entry


def changed(session: Session) -> None:
    """Count the library's generation up, in the caller's unit of work (see ``LibraryState``)."""
    done = session.execute(update(LibraryState).where(LibraryState.id == 1).values(
        generation=LibraryState.generation + 1, changed_at=utcnow()))
    if done.rowcount == 0:  # type: ignore[attr-defined]
        session.add(LibraryState(id=1, generation=1, changed_at=utcnow()))
        session.flush()


def generation(connection: Connection) -> int:
    """The library's generation as the connection sees it now (asked before every public search
    page, so a page rendered after it is at least as new; the statement goes to the driver as it
    is, without a session's round of compiling and loading)."""
    return connection.exec_driver_sql("SELECT generation FROM library_state WHERE id = 1").scalar() or 0


def _targets(session: Session, entry: LibraryEntry) -> list[LibraryEntry]:
    """The entries the entry's relations point at."""
    found: list[LibraryEntry] = []
    for relation in session.scalars(select(LibraryRelation).where(LibraryRelation.document_id == entry.document_id)):
        found.extend(targets_of(session, relation))
    return found


def targets_of(session: Session, relation: LibraryRelation) -> list[LibraryEntry]:
    if relation.target_document_id is not None:
        target = session.get(LibraryEntry, relation.target_document_id)
        return [target] if target is not None else []
    if not relation.target_number_key:
        return []
    query = select(LibraryEntry).where(LibraryEntry.number_key == relation.target_number_key,
                                       LibraryEntry.document_id != relation.document_id)
    if relation.target_date is not None:
        query = query.where(LibraryEntry.issued_on == relation.target_date)
    return list(session.scalars(query))


def relations_to(session: Session, entry: LibraryEntry) -> list[LibraryRelation]:
    """Relations of other published documents that point at this one."""
    by_number = LibraryRelation.target_number_key == entry.number_key if entry.number_key else None
    conditions = [LibraryRelation.target_document_id == entry.document_id]
    if by_number is not None:
        conditions.append((LibraryRelation.target_document_id.is_(None)) & by_number
                          & (LibraryRelation.target_date.is_(None) | (LibraryRelation.target_date == entry.issued_on)))
    return list(session.scalars(select(LibraryRelation).where(or_(*conditions),
                                                              LibraryRelation.document_id != entry.document_id)
                                .order_by(LibraryRelation.id)))


def _refresh_ended(session: Session, entries: Iterable[LibraryEntry]) -> None:
    """An entry ends when a published document that replaces or revokes it takes effect."""
    for entry in {e.document_id: e for e in entries if e is not None}.values():
        if session.get(LibraryEntry, entry.document_id) is None:
            continue
        ends = []
        for relation in relations_to(session, entry):
            if relation.kind in rel.ENDING:
                source = session.get(LibraryEntry, relation.document_id)
                if source is not None:
                    ends.append(source.effective_on or source.issued_on or source.published_at.date())
        entry.ended_on = min(ends) if ends else None
    session.flush()


def reindex(session: Session) -> int:
    """Rebuild the library from the board's documents; the number of public documents."""
    engine = engine_for(session)
    engine.clear(session)
    changed(session)  # (even when nothing is public any more)
    session.execute(delete(LibraryRelation))
    session.execute(delete(LibraryEntry))
    session.flush()
    count = 0
    for document in session.scalars(select(Document).where(Document.published_revision_id.is_not(None))
                                    .order_by(Document.id)):
        count += sync(session, document) is not None
    engine.rebuilt(session)  # (each entry's end was set as it, or what ends it, went in)
    return count


def aware(moment: datetime) -> datetime:
    """A stored time with its zone (SQLite gives them back naive, in UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def touched_at(entry: LibraryEntry) -> datetime:
    """When the entry last changed: its publication, or the correction published since."""
    return max(aware(entry.updated_at), aware(entry.published_at))
