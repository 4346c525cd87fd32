"""The public library's tables: what is published, as readers see it, derived from the board's
documents (``editorial.models``) and rebuilt from them by ``congbo reindex``.

- ``LibraryEntry``: one published document, the attributes its page and the filters show, from the
  published revision. ``sort_key`` orders the library newest first (issue date, then document) and
  keys the search text (``library.engines``).
- ``LibraryRelation``: a confirmed relation of a published document to another one (replaces,
  amends, revokes, guides), by document when known, else by number (and date) — a document not in
  the library is still named.
- ``LibraryState``: one row, the library's *generation*, counted up in the unit of work of every
  change to what readers can see: a web process that keeps rendered pages asks for it first and
  shows a kept page only if it was made at the same generation.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ingest.models import Base, utcnow


class LibraryEntry(Base):
    __tablename__ = "library_entries"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revisions.id"))
    sort_key: Mapped[int] = mapped_column(BigInteger, unique=True)
    slug: Mapped[str] = mapped_column(String(100))
    number: Mapped[str | None] = mapped_column(String(200))
    number_key: Mapped[str] = mapped_column(String(200), index=True, default="")
    doc_type: Mapped[str | None] = mapped_column(String(100), index=True)
    issuer: Mapped[str | None] = mapped_column(String(300), index=True)
    signer: Mapped[str | None] = mapped_column(String(200), index=True)
    issued_on: Mapped[date | None] = mapped_column(Date)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    effective_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)  # when a confirmed replacing or revoking document took effect
    category: Mapped[str | None] = mapped_column(String(100), index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)  # the published revision's metadata, for the page
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LibraryRelation(Base):
    __tablename__ = "library_relations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("library_entries.document_id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    target_document_id: Mapped[int | None] = mapped_column(Integer, index=True)
    target_number: Mapped[str | None] = mapped_column(String(200))
    target_number_key: Mapped[str | None] = mapped_column(String(200), index=True)
    target_date: Mapped[date | None] = mapped_column(Date)
    target_label: Mapped[str | None] = mapped_column(Text)  # as written: "Quyết định số 12/2020/QĐ-UBND ngày ..."


class LibraryState(Base):
    __tablename__ = "library_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
