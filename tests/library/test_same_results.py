"""One machine or many: the embedded deployment (SQLite FTS5) and the shared one (PostgreSQL
full-text search) give the same answers, hit for hit and in the same order, for the same library."""

from __future__ import annotations

import random
import uuid
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from editorial.services import Desk, Policy
from editorial.users import add_user
from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item, Original, Reading
from ingest.record import ReadingRecord
from ingest.settings import load_settings
from library.effectivity import Status
from library.search import Filters, SearchRequest, Sort, search

from ..board import reading
from ..conftest import PG_ADMIN_URL, _pg_available, unavailable

WORDS = ("xây dựng quy hoạch đô thị giấy phép nhà ở công trình chất lượng đường giao thông dương lịch "
         "kiểm tra thẩm định dự án đầu tư hạ tầng kỹ thuật thoát nước đất đai bồi thường Đắk Hà").split()
TYPES = ["Quyết định", "Công văn", "Kế hoạch", "Thông báo"]
QUERIES = ["xay dung", "xây dựng", "duong", "đường", "dương", '"giay phep xay dung"', '"giấy phép"', "quy hoach do thi",
           "dak ha", "Đắk", "qd sxd", "kh sxd 2021", "1 qd", "12/QĐ-SXD", "thẩm định dự án", '"du an dau tu"',
           "khong co tu nay", "nuoc"]


def _library(url: str, docs: list[dict]) -> None:
    migrate(url)
    engine = make_engine(url)
    sessions = session_factory(engine)
    settings = load_settings(environ={}, overrides={"app.database_url": url})
    desk = Desk(Policy.from_settings(settings))
    with sessions() as session:
        people = {name: add_user(session, name, name, role, "mat-khau-du-dai", unit=unit)
                  for name, role, unit in (("uv", "member", "VP"), ("tt", "head", None), ("tp", "deputy", None))}
        for i, values in enumerate(docs):
            body = values.pop("body")
            sha = f"{i:064x}"
            session.add(Original(sha256=sha, size=1))
            item = Item(source="t", source_key=sha, name=f"{i}.odt", sha256=sha, state="queued", attempts=1)
            session.add(item)
            session.flush()
            record: ReadingRecord = reading(**values)
            stored = Reading(item=item, reader_version="t", result=record.raw, text=body)
            session.add(stored)
            session.flush()
            doc = desk.open_document(session, item, record, reading_id=stored.id)
            doc.unit, doc.outside = "VP", False
            desk.submit(session, doc, people["uv"], revision=1, not_secret=True)
            desk.approve(session, doc, people["tt"], revision=1)
            desk.publish(session, doc, people["tp"], revision=1)
            values["body"] = body
        session.commit()
    engine.dispose()


def _answers(url: str) -> dict:
    engine = make_engine(url)
    sessions = session_factory(engine)
    out = {}
    with sessions() as session:
        for q in QUERIES:
            for sort in (None, Sort.NEWEST, Sort.OLDEST):
                for filters in (Filters(), Filters(doc_type="Quyết định"), Filters(year=2021),
                                Filters(effectivity=Status.IN_FORCE)):
                    for page in (1, 2):
                        r = search(session, SearchRequest(q=q, filters=filters, sort=sort, page=page, per_page=4,
                                                          as_of=date(2024, 1, 1)))
                        out[(q, sort, filters, page)] = ([h.entry.document_id for h in r.hits], r.total,
                                                         {k: [(f.value, f.count) for f in v] for k, v in r.facets.items()})
    engine.dispose()
    return out


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_results(tmp_path):
    if not _pg_available():
        unavailable("PostgreSQL is not answering on 127.0.0.1:5432")
    rng = random.Random(11)
    docs = []
    for i in range(40):
        year = rng.choice([2019, 2020, 2021, 2022])
        doc_type = rng.choice(TYPES)
        abbr = {"Quyết định": "QĐ", "Công văn": "SXD", "Kế hoạch": "KH", "Thông báo": "TB"}[doc_type]
        docs.append({"number": f"{rng.randrange(1, 30)}/{abbr}-SXD", "doc_type": doc_type,
                     "issued_on": date(year, rng.randrange(1, 13), rng.randrange(1, 28)).isoformat(),
                     "effective_on": rng.choice([None, f"{year}-06-01"]),
                     "subject": " ".join(rng.choices(WORDS, k=rng.randrange(4, 10))),
                     "body": " ".join(rng.choices(WORDS, k=rng.randrange(20, 60)))})
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        sqlite_url = f"sqlite:///{tmp_path / 'one.sqlite3'}"
        pg_url = f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
        _library(sqlite_url, [dict(d) for d in docs])
        _library(pg_url, [dict(d) for d in docs])
        embedded, shared = _answers(sqlite_url), _answers(pg_url)
        assert sum(bool(v[0]) for v in embedded.values()) > len(embedded) / 3, "the queries find things"
        differing = {k: (embedded[k], shared[k]) for k in embedded if embedded[k] != shared[k]}
        assert not differing, list(differing.items())[:3]
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
