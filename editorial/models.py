"""What the board works on, below the web layer.

- ``User``: a board member (ủy viên, with a unit), the deputy (Tổ phó), the head (Tổ trưởng) or an
  administrator; the password only as an argon2 hash.
- ``Document``: what the board publishes, made from one intake item; its state, the revision being
  worked on, the revision approved (an approval is bound to one revision) and the one published.
- ``Revision``: the metadata as confirmed or edited, with, for each value, the reading it came from
  or who typed it; the category (Điều 6), the source of outside material (Điều 8.4), the files to
  publish (Điều 5.1), a correction note (Điều 9.4). Revisions are never changed once a later one
  exists; every edit is a new one.
- ``Delegation``: the head's power given to the deputy for a period (Điều 12.2), revocable.
- ``AuditEvent``: who did what, when, from which state and revision to which, and why. Append-only:
  triggers refuse UPDATE and DELETE on it.
- ``SignInThrottle``: failed sign-ins per name and per address, kept in the database so that a
  lock-out holds across every web process.
- ``Notice``: a line of a notification e-mail waiting for the person's next digest.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ingest.models import Base, Item, utcnow
from parsers.metadata.doctypes import fold

from .states import DocState, Role


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(50))  # a member's unit code (settings [[units]])
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    # Flask-Login's user protocol; the web layer uses it, nothing here depends on Flask
    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"), unique=True)
    state: Mapped[str] = mapped_column(String(20), index=True, default=DocState.NEW)
    unit: Mapped[str | None] = mapped_column(String(50), index=True)  # providing unit (Điều 8.5)
    unit_inferred_from: Mapped[str | None] = mapped_column(String(200))
    outside: Mapped[bool] = mapped_column(Boolean, default=False)  # material from outside the department
    current_revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id", use_alter=True,
                                                                        name="fk_documents_current_revision"))
    approved_revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id", use_alter=True,
                                                                         name="fk_documents_approved_revision"))
    published_revision_id: Mapped[int | None] = mapped_column(ForeignKey("revisions.id", use_alter=True,
                                                                          name="fk_documents_published_revision"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    state_since: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    takedown_requested: Mapped[str | None] = mapped_column(Text)  # an edXML revocation's reason

    item: Mapped[Item] = relationship()
    revisions: Mapped[list["Revision"]] = relationship(back_populates="document", order_by="Revision.number",
                                                       foreign_keys="Revision.document_id")
    current_revision: Mapped["Revision | None"] = relationship(foreign_keys=[current_revision_id],
                                                               post_update=True)
    approved_revision: Mapped["Revision | None"] = relationship(foreign_keys=[approved_revision_id],
                                                                post_update=True)
    published_revision: Mapped["Revision | None"] = relationship(foreign_keys=[published_revision_id],
                                                                 post_update=True)
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    @property
    def state_enum(self) -> DocState:
        return DocState(self.state)


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_revisions_document_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... within its document
    metadata_values: Mapped[dict[str, Any]] = mapped_column(JSON)  # key -> value as JSON
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON)  # key -> {"reading": id, "found": ...} or {"edited_by": ...}
    reading_id: Mapped[int | None] = mapped_column(ForeignKey("readings.id"))
    category: Mapped[str | None] = mapped_column(String(100))
    source_note: Mapped[str | None] = mapped_column(Text)  # Điều 8.4: where outside material comes from
    files: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{"sha256", "name", "role"}]
    correction_note: Mapped[str | None] = mapped_column(Text)  # Điều 9.4 đính chính
    # confirmed relations to other documents (library.relations.Relation.to_json), published with it
    relations: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, default=list)  # None: made before 0005
    # what the desk's text search matches: number, type, issuing body, subject and signer, folded
    # in Python (đ -> d, no marks, lower case) when the revision is written (revisions never change)
    search_text: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    document: Mapped[Document] = relationship(back_populates="revisions", foreign_keys=[document_id])
    author: Mapped[User | None] = relationship()


class Delegation(Base):
    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    head_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    deputy_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    head: Mapped[User] = relationship(foreign_keys=[head_id])
    deputy: Mapped[User] = relationship(foreign_keys=[deputy_id])


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(200))  # kept as it was, even if the user is renamed
    action: Mapped[str] = mapped_column(String(40))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str | None] = mapped_column(String(20))
    from_revision: Mapped[int | None] = mapped_column(Integer)
    to_revision: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)


class SignInThrottle(Base):
    __tablename__ = "sign_in_throttles"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)  # "user:name" or "addr:127.0.0.1"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Notice(Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    user: Mapped[User] = relationship()


SEARCHED_FIELDS = ("number", "doc_type", "issuer", "subject", "signer_name")


def searchable(values: dict[str, Any]) -> str:
    """The folded text the desk's search matches for a revision's metadata values."""
    return fold(" ".join(str(values.get(key) or "") for key in SEARCHED_FIELDS))


@event.listens_for(Revision, "before_insert")
def _fold_for_search(mapper: Any, connection: Any, revision: Revision) -> None:
    revision.search_text = searchable(revision.metadata_values or {})
