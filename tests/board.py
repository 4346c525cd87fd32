"""The board on a real database (SQLite and PostgreSQL): its people, and documents as the intake
opens them, built without reading a file (the reading is a record like the readers write)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Iterator

import pytest

from editorial import delegations
from editorial.models import Document, User
from editorial.services import Desk, Policy
from editorial.users import add_user
from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item, Original, Reading
from ingest.record import ReadingRecord
from ingest.settings import load_settings, resolve_path
from ingest.blobstore import BlobStore

PASSWORD = "mat-khau-du-dai"


def reading(**values: Any) -> ReadingRecord:
    """A reading as the readers store it: every metadata key, found with a confidence."""
    base = {"number": "166/QĐ-SXD", "doc_type": "Quyết định", "issuer": "SỞ XÂY DỰNG", "parent_issuer": "UBND TỈNH KON TUM",
            "place": "Kon Tum", "issued_on": "2023-12-26", "subject": "Ban hành Quy chế Trang thông tin điện tử",
            "signer_name": "Nguyễn Văn An", "signer_title": "PHÓ GIÁM ĐỐC", "signer_authority": "KT. GIÁM ĐỐC",
            "recipients": ["Như Điều 3;", "Công bố trên Trang TTĐT SXD;", "Lưu: VT, VP."], "addressees": [],
            "publish_requested": True, "secrecy": None, "urgency": None, "effective_on": None, **values}
    fields = {k: {"confidence": 0.95, "found": {"table": 0, "row": 0, "cell": 0}} for k in base}
    return ReadingRecord.load({"file": "x.docx", "size": 1, "sha256": "0" * 64, "format": "docx", **base,
                               "fields": fields, "publish_request_entry": "Công bố trên Trang TTĐT SXD",
                               "category_suggestion": {"number": 2, "category": "Văn bản quy phạm pháp luật"}})


@dataclass
class Board:
    sessions: Any
    desk: Desk
    users: dict[str, int]
    settings: Any

    @property
    def store(self) -> BlobStore:
        return BlobStore(resolve_path(self.settings, "app.data_dir") / "originals")

    def user(self, session, name: str) -> User:  # type: ignore[no-untyped-def]
        return session.get(User, self.users[name])

    def document(self, session, *, unit: str = "VP", open_format: bool | None = None,  # type: ignore[no-untyped-def]
                 body: str | None = None, **values: Any) -> Document:
        """A document just opened by the intake (state new, revision 1)."""
        record = reading(**values)
        data = repr(sorted(values.items())).encode() + str(len(self.users) + session.query(Item).count()).encode()
        sha = self.store.put(data)
        session.add(Original(sha256=sha, size=len(data)))
        item = Item(source="test", source_key=sha, name=f"{sha[:8]}.docx", sha256=sha, state="queued", attempts=1,
                    open_format=open_format)
        session.add(item)
        session.flush()
        reading_id = None
        if body is not None:
            stored = Reading(item=item, reader_version="test", result=record.raw, text=body)
            session.add(stored)
            session.flush()
            reading_id = stored.id
        document = self.desk.open_document(session, item, record, reading_id=reading_id)
        document.unit = unit
        session.flush()
        return document

    def published(self, session, *, body: str | None = "", **values: Any) -> Document:  # type: ignore[no-untyped-def]
        """A document taken through the workflow to publication (member, head, deputy)."""
        document = self.document(session, body=body, **values)
        self.publish(session, document)
        return document

    def publish(self, session, document: Document) -> None:  # type: ignore[no-untyped-def]
        if document.outside and not document.current_revision.source_note and document.state in ("new", "returned"):
            self.desk.edit(session, document, self.user(session, "uyvien"), revision=document.current_revision.number,
                           source_note="Cổng thông tin điện tử tỉnh Kon Tum")
        number = document.current_revision.number
        if document.state in ("new", "returned"):
            self.desk.submit(session, document, self.user(session, "uyvien"), revision=number, not_secret=True)
        if document.state == "submitted":
            self.desk.approve(session, document, self.user(session, "totruong"), revision=number)
        self.desk.publish(session, document, self.user(session, "topho"), revision=number)


ROLES = {  # name: (role, unit)
    "uyvien": ("member", "VP"), "uyvien_khac": ("member", "QLXD"), "nguoigui": ("member", "VP"),
    "topho": ("deputy", None), "topho_uyquyen": ("deputy", None), "totruong": ("head", None), "quantri": ("admin", None),
}


@pytest.fixture
def board(database_url, tmp_path) -> Iterator[Board]:
    migrate(database_url)
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    settings = load_settings(environ={}, overrides={"app.database_url": database_url,
                                                    "app.data_dir": str(tmp_path / "data")})
    users = {}
    with sessions() as session:
        for name, (role, unit) in ROLES.items():
            users[name] = add_user(session, name, name.replace("_", " ").title(), role, PASSWORD, unit=unit,
                                   email=f"{name}@sxd.kontum.gov.vn").id
        head, deputy = session.get(User, users["totruong"]), session.get(User, users["topho_uyquyen"])
        today = date.today()
        delegations.delegate(session, head, deputy, today - timedelta(days=1), today + timedelta(days=1), "đi công tác")
        session.commit()
    yield Board(sessions, Desk(Policy.from_settings(settings)), users, settings)
    engine.dispose()
