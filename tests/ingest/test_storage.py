"""Storage, on SQLite and on PostgreSQL: the schema comes from the migrations, the original bytes
are stored before anything is read, and nothing that arrived is ever lost (Điều 7.1)."""

from __future__ import annotations

import hashlib
from dataclasses import replace

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from ingest.blobstore import BlobStore
from ingest.db import alembic_config, make_engine, migrate, session_factory
from ingest.errors import StorageError
from ingest.models import Base, Item, ItemEvent, Original, Reading
from ingest.pipeline import Pipeline
from ingest.samples import build_docx


@pytest.fixture
def engine(database_url):
    migrate(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(tmp_path) -> BlobStore:
    return BlobStore(tmp_path / "originals")


@pytest.fixture
def pipeline(engine, store, ctx, registry) -> Pipeline:
    return Pipeline(session_factory(engine), store, ctx, registry)


def test_the_migrations_build_exactly_the_models(engine):
    from library.engines import not_search_text

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"include_object": not_search_text}),
                                Base.metadata)
    assert diff == []


def test_migrating_twice_changes_nothing(database_url, engine):
    migrate(database_url)
    with engine.connect() as conn:
        head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
        assert MigrationContext.configure(conn).get_current_revision() == head


def test_the_blob_store_keeps_bytes_by_their_hash(store):
    data = "Quyết định 166/QĐ-SXD".encode()
    digest = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert store.get(digest) == data and store.put(data) == digest
    assert not list(store.root.rglob(".incoming-*")), "no temporary file is left behind"


def test_a_damaged_blob_is_detected(store):
    digest = store.put(b"original")
    store.path(digest).write_bytes(b"tampered")
    with pytest.raises(StorageError, match="bị hỏng"):
        store.get(digest)


def test_a_document_is_stored_then_read(pipeline, sample, store, engine):
    data = build_docx(sample)
    outcome = pipeline.ingest_bytes(data, "166-QD-SXD.docx", source="test", source_key="k1")
    assert outcome.created and outcome.item.state == "queued", "it asks for publication in Nơi nhận"
    with session_factory(engine)() as session:
        item = session.scalars(select(Item)).one()
        assert store.get(item.sha256) == data
        assert session.get(Original, item.sha256).size == len(data)
        reading = session.scalars(select(Reading)).one()
        assert reading.result["format"] == "docx" and "SỞ XÂY DỰNG" in reading.text
        events = [e.event for e in session.scalars(select(ItemEvent).order_by(ItemEvent.id))]
        assert events == ["stored", "read", "queued"]


def test_the_same_source_key_is_taken_in_once(pipeline, sample, engine):
    data = build_docx(sample)
    first = pipeline.ingest_bytes(data, "a.docx", source="test", source_key="same")
    again = pipeline.ingest_bytes(data, "a.docx", source="test", source_key="same")
    assert not again.created and again.item.id == first.item.id
    with session_factory(engine)() as session:
        assert len(session.scalars(select(Item)).all()) == 1


def test_an_unreadable_file_is_quarantined_with_its_error_and_its_bytes_kept(pipeline, store, engine):
    data = b"%PDF-1.4\n" + b"\xff" * 300
    outcome = pipeline.ingest_bytes(data, "hong.pdf", source="test")
    assert outcome.item.state == "quarantined"
    assert "hong.pdf" in outcome.item.last_error and outcome.item.attempts == 1
    assert store.get(outcome.item.sha256) == data
    assert pipeline.quarantined_ids() == [outcome.item.id]
    with session_factory(engine)() as session:  # reading settled it: no selection, no links
        events = [e.event for e in session.scalars(select(ItemEvent).order_by(ItemEvent.id))]
        assert events == ["stored", "quarantined"]


def test_the_steps_are_read_select_link_and_an_attachment_read_again_is_only_read(pipeline, sample, engine):
    import io
    import zipfile

    assert [step.name for step in pipeline.steps] == ["read", "select", "link", "open"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("166.docx", build_docx(sample))
    parent = pipeline.ingest_bytes(out.getvalue(), "goi.zip", source="test").item
    with session_factory(engine)() as session:
        child_id = session.scalars(select(Item.id).where(Item.parent_id == parent.id)).one()
    again = pipeline.retry(child_id)
    assert again.state == "parsed", "selection is for the unit as it came in, not its attachments"
    with session_factory(engine)() as session:
        assert [e.event for e in session.get(Item, child_id).events] == ["stored", "read", "retry", "read"]


def test_a_failed_item_is_read_again_once_the_cause_is_fixed(engine, store, ctx, registry, sample, soffice):
    from ingest.samples import build_docx
    from parsers.doc import convert_with_libreoffice

    tmp = store.root.parent
    (tmp / "d.docx").write_bytes(build_docx(sample))
    doc = convert_with_libreoffice(tmp / "d.docx", "doc:MS Word 97", tmp, soffice=soffice, timeout=180).read_bytes()
    broken = Pipeline(session_factory(engine), store, replace(ctx, soffice="/nonexistent/soffice"), registry)
    item = broken.ingest_bytes(doc, "cu.doc", source="test").item
    assert item.state == "failed" and "chưa cài LibreOffice" in item.last_error and item.next_retry_at is not None
    fixed = Pipeline(session_factory(engine), store, ctx, registry)
    retried = fixed.retry(item.id)
    assert retried.state == "queued" and retried.last_error is None and retried.attempts == 2
    with session_factory(engine)() as session:
        stored = session.get(Item, item.id)
        assert [e.event for e in stored.events] == ["stored", "failed", "retry", "read", "queued"]
        assert stored.readings[-1].converted_sha256 is not None, "the ODT copy is kept too"


def test_attachments_become_child_items_with_their_own_bytes(pipeline, sample, store, engine):
    import io
    import zipfile

    docx = build_docx(sample)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("166.docx", docx)
        archive.writestr("hong.pdf", b"%PDF-1.4 broken")
    parent = pipeline.ingest_bytes(out.getvalue(), "goi.zip", source="test").item
    with session_factory(engine)() as session:
        children = session.scalars(select(Item).where(Item.parent_id == parent.id).order_by(Item.id)).all()
        assert [(c.name, c.state) for c in children] == [("166.docx", "parsed"), ("hong.pdf", "quarantined")]
        assert store.get(children[0].sha256) == docx


def test_attachment_names_are_made_safe_to_show_and_kept_as_received(pipeline, sample_docx):
    """A NUL (PostgreSQL refuses it in text), a right-to-left override that shows "hồ-sơ‮fdp.docx"
    as "hồ-sơxcod.pdf", and a name of 1,000 characters."""
    from email.message import EmailMessage

    from ingest.models import ItemEvent

    names = ["quyet\x00dinh.docx", "hồ-sơ\u202efdp.docx", "a" * 1000 + ".docx"]
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "vanthu@sxd.kontum.gov.vn", "bientap@sxd.kontum.gov.vn", "Văn bản"
    mail.set_content("Công bố trên Trang TTĐT SXD")
    for i, name in enumerate(names):
        mail.add_attachment(sample_docx + bytes([i]), maintype="application", subtype="octet-stream", filename=name)
    item = pipeline.ingest_bytes(mail.as_bytes(), "thu.eml", source="test").item
    with pipeline.sessions() as session:
        children = session.scalars(select(Item).where(Item.parent_id == item.id).order_by(Item.id)).all()
        shown = [c.name for c in children]
        details = [session.scalars(select(ItemEvent.detail).where(ItemEvent.item_id == c.id,
                                                                  ItemEvent.event == "stored")).one() for c in children]
    assert shown[0] == "quyetdinh.docx" and shown[1] == "hồ-sơfdp.docx"
    assert len(shown[2]) <= 200 and shown[2].endswith(".docx")
    assert "quyet\\x00dinh.docx" in details[0] and "\\u202e" in details[1] and "a" * 1000 in details[2]
