"""Database models. Every item keeps its original bytes (by hash), every reading, and its history.

- ``Original``: one row per distinct content, the bytes themselves in the blob store by SHA-256.
- ``Item``: one incoming unit from one source (a file, a mail, an edXML package, or an attachment
  inside one), unique by (source, source_key), with its processing state.
- ``Reading``: one parse of an item, with the whole ``congbo parse --json`` record and the text, so a
  value shown to an editor can always be traced to the reading that produced it.
- ``ItemEvent``: what happened to an item and when (stored, read, quarantined, retried ...).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class ItemState:
    """received -> stored -> parsed -> queued | skipped | duplicate; failed (will retry) -> quarantined."""

    STORED = "stored"
    PARSED = "parsed"
    QUEUED = "queued"  # in front of the board
    SKIPPED = "skipped"  # with skip_reason: no publication request, secret, status package, not a document
    DUPLICATE = "duplicate"  # the same bytes as duplicate_of
    FAILED = "failed"  # a passing failure (a tool missing or timing out): retried at next_retry_at
    QUARANTINED = "quarantined"  # after the last attempt, or unreadable: retried on demand
    ALL = (STORED, PARSED, QUEUED, SKIPPED, DUPLICATE, FAILED, QUARANTINED)


class Original(Base):
    __tablename__ = "originals"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (UniqueConstraint("source", "source_key", name="uq_items_source_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    source_key: Mapped[str] = mapped_column(String(1000))
    name: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str] = mapped_column(ForeignKey("originals.sha256"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True, default=ItemState.STORED)
    skip_reason: Mapped[str | None] = mapped_column(String(200))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", name="fk_items_duplicate_of_id"), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_retry_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # natural key of the document, for suspected duplicates: (issuer, number, year) folded
    doc_key: Mapped[str | None] = mapped_column(String(600), index=True)
    document_id: Mapped[str | None] = mapped_column(String(300), index=True)  # edXML DocumentId
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # at its source
    external_id: Mapped[str | None] = mapped_column(String(500), index=True)  # a mail's Message-ID
    format: Mapped[str | None] = mapped_column(String(20))
    text_source: Mapped[str | None] = mapped_column(String(10))
    legacy_encoding: Mapped[str | None] = mapped_column(String(10))
    open_format: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    original: Mapped[Original] = relationship()
    parent: Mapped["Item | None"] = relationship(remote_side=[id], back_populates="children",
                                                 foreign_keys=[parent_id])
    children: Mapped[list["Item"]] = relationship(back_populates="parent", order_by="Item.id",
                                                  foreign_keys=[parent_id])
    readings: Mapped[list["Reading"]] = relationship(back_populates="item", order_by="Reading.id",
                                                     cascade="all, delete-orphan")
    events: Mapped[list["ItemEvent"]] = relationship(back_populates="item", order_by="ItemEvent.id",
                                                     cascade="all, delete-orphan")

    @property
    def latest_reading(self) -> "Reading | None":
        return self.readings[-1] if self.readings else None


class Reading(Base):
    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reader_version: Mapped[str] = mapped_column(String(40))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text, default="")
    converted_sha256: Mapped[str | None] = mapped_column(ForeignKey("originals.sha256"))

    item: Mapped[Item] = relationship(back_populates="readings")


class ItemEvent(Base):
    __tablename__ = "item_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    event: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)

    item: Mapped[Item] = relationship(back_populates="events")


class LinkKind:
    ANSWERS = "answers"  # a status package answers a document
    REVOKES = "revokes"  # BussinessDocType 1: take-down request for the target
    UPDATES = "updates"  # BussinessDocType 2
    REPLACES = "replaces"  # BussinessDocType 3: the new document supersedes the target
    SUSPECTED_DUPLICATE = "suspected_duplicate"  # same issuer, number and year, other bytes


class ItemLink(Base):
    """A relation from one item to another, or to an edXML DocumentId not (yet) taken in."""

    __tablename__ = "item_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    target_item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"), index=True)
    target_document_id: Mapped[str | None] = mapped_column(String(300))
    detail: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SourceHealth(Base):
    """How a configured source is doing, for the health table and the backoff after failures."""

    __tablename__ = "source_health"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    items_taken: Mapped[int] = mapped_column(Integer, default=0)
