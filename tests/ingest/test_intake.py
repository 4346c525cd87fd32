"""Intake from the iOffice export folder (Quy chế Điều 7.3, 8.2, 9), on SQLite and PostgreSQL:
documents asking for publication reach the board, the rest are recorded with their reason, secrets
never go out, nothing is taken twice, and a file is moved away only once it is stored."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from connectors.folder import ExportFolder, StabilityTracker
from ingest import intake
from ingest.blobstore import BlobStore
from ingest.db import make_engine, migrate, session_factory
from editorial.errors import Refused
from editorial.services import Desk, Policy
from editorial.states import Action
from editorial.users import add_user
from ingest import selection
from ingest.models import Item, ItemEvent, ItemLink, LinkKind
from ingest.pipeline import Pipeline, RetryPolicy
from ingest.samples import SampleDocument, build_docx, build_odt
from ingest.settings import load_settings


@pytest.fixture
def pipeline(database_url, tmp_path, ctx, registry):
    migrate(database_url)
    engine = make_engine(database_url)
    pipeline = Pipeline(session_factory(engine), BlobStore(tmp_path / "originals"), ctx, registry,
                        retry=RetryPolicy(max_attempts=3, base_s=60, max_s=600), engine=engine,
                        desk=Desk(Policy.from_settings(load_settings(environ={}))))
    with pipeline.sessions() as session:
        add_user(session, "uyvien", "Ủy viên Tổ Biên tập", "member", "mat-khau-dai", unit="VP")
        session.commit()
    yield pipeline
    engine.dispose()


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "ioffice-export"
    folder.mkdir()
    return folder


def items(pipeline: Pipeline) -> dict[str, Item]:
    with pipeline.sessions() as session:
        return {i.name: i for i in session.scalars(select(Item).where(Item.parent_id.is_(None)))}


def links(pipeline: Pipeline, kind: str) -> list[ItemLink]:
    with pipeline.sessions() as session:
        return list(session.scalars(select(ItemLink).where(ItemLink.kind == kind)))


def test_a_file_is_taken_only_once_it_has_stopped_changing():
    tracker = StabilityTracker(settle_s=2)
    path = Path("/export/166.pdf")
    tracker.track(path, (100, 1.0), now=1.0)  # modified at 1.0
    assert tracker.stable(now=2) == []
    tracker.track(path, (250, 2.0), now=2.0)  # still being copied in
    assert tracker.stable(now=3.9) == []
    tracker.track(path, (250, 2.0), now=3.9)
    assert tracker.stable(now=4.1) == [path]
    tracker.track(path, (300, 2.0), now=4.5)  # grew without its modification time moving
    assert tracker.stable(now=5) == [] and tracker.stable(now=6.6) == [path]


def test_a_file_changed_long_ago_is_settled_at_the_first_look():
    tracker = StabilityTracker(settle_s=2)
    tracker.track(Path("/export/old.pdf"), (100, 50.0), now=100.0)
    assert tracker.stable(now=100.0) == [Path("/export/old.pdf")]


def test_poll_once_in_a_new_process_each_time_takes_a_settled_file_exactly_once(pipeline, inbox):
    """Cron runs ``congbo poll --once`` every minute: each run is a new process, with no memory of
    the one before; settle_s > 0."""
    import os
    import time

    path = inbox / "166-QD-SXD.docx"
    path.write_bytes(build_docx(SampleDocument()))  # just written: still settling
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=30)).taken == 0
    assert path.exists()
    settled = time.time() - 31
    os.utime(path, (settled, settled))  # 31 s later, nothing changed
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=30)).taken == 1
    assert not path.exists()
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=30)).taken == 0


def test_a_document_asking_for_publication_is_queued_and_the_file_moved_to_processed(pipeline, inbox):
    (inbox / "166-QD-SXD.docx").write_bytes(build_docx(SampleDocument()))
    result = intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0))
    assert result.taken == 1 and result.error is None
    item = items(pipeline)["166-QD-SXD.docx"]
    assert item.state == "queued"
    month = datetime.now().strftime("%Y/%m")
    assert (inbox / "processed" / month / "166-QD-SXD.docx").exists() and not (inbox / "166-QD-SXD.docx").exists()


def test_a_secret_is_never_queued_not_even_by_hand(pipeline, inbox):
    (inbox / "mat.docx").write_bytes(build_docx(replace(SampleDocument(), stamps=("MẬT",))))
    intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0))
    item = items(pipeline)["mat.docx"]
    assert item.state == "skipped" and item.skip_reason.startswith(selection.SECRET)
    with pytest.raises(Refused, match=f"không thể đưa vào hàng chờ: {selection.SECRET}"):
        pipeline.pull_into_queue(item.id, by="uyvien")


def test_a_document_without_a_request_is_skipped_and_an_editor_may_pull_it_in(pipeline, inbox):
    (inbox / "noi-bo.docx").write_bytes(build_docx(replace(SampleDocument(), recipients=("Như Điều 3;", "Lưu: VT."))))
    intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0))
    item = items(pipeline)["noi-bo.docx"]
    assert (item.state, item.skip_reason) == ("skipped", selection.NO_REQUEST)
    assert pipeline.pull_into_queue(item.id, by="uyvien").state == "queued"


def test_dieu_8_2_a_request_to_another_bodys_portal_alone_does_not_queue_the_document(pipeline, inbox):
    (inbox / "cong-bo.docx").write_bytes(build_docx(replace(SampleDocument(), recipients=(
        "Như trên;", "Cổng TTĐT Bộ Xây dựng (để đăng tải);", "Lưu: VT."))))
    intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0))
    item = items(pipeline)["cong-bo.docx"]
    assert item.state == "skipped" and item.skip_reason == (
        f"{selection.OTHER_PORTAL} (“Cổng TTĐT Bộ Xây dựng (để đăng tải)”)")
    assert pipeline.pull_into_queue(item.id, by="uyvien").state == "queued", "a member may still take it"


def test_an_edxml_revocation_marks_the_revoked_document_on_the_desk(pipeline, inbox, corpus):
    from editorial.models import Document

    kit = corpus / "edxml"
    shutil.copy(kit / "all4u1089_truclienthong-example__resources_edoc_new.edxml", inbox / "new.edxml")
    intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0))
    new = items(pipeline)["new.edxml"]
    pipeline.pull_into_queue(new.id, by="uyvien")
    shutil.copy(kit / "all4u1089_truclienthong-example__resources_edoc_revocation.edxml", inbox / "revoke.edxml")
    intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0))
    with pipeline.sessions() as session:
        document = session.scalar(select(Document).where(Document.item_id == new.id))
        assert document.takedown_requested and "gói thu hồi" in document.takedown_requested
        assert pipeline.desk.blocked(Action.SUBMIT, document).startswith("Cơ quan ban hành đã thu hồi")


def test_the_same_bytes_are_one_item_and_the_same_number_with_other_bytes_is_a_suspected_duplicate(pipeline, inbox):
    docx = build_docx(SampleDocument())
    (inbox / "a.docx").write_bytes(docx)
    (inbox / "b-copy.docx").write_bytes(docx)  # the same bytes again in the same source: the same unit,
    # its own key in the ledger (a duplicate), so it is not taken again
    (inbox / "c.odt").write_bytes(build_odt(SampleDocument()))
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0)).taken == 2
    other = pipeline.ingest_bytes(docx, "from-mail.docx", source="mail", source_key="m1").item
    found = items(pipeline)
    assert (found["b-copy.docx"].state, found["b-copy.docx"].duplicate_of_id) == ("duplicate", found["a.docx"].id)
    assert other.state == "duplicate" and other.duplicate_of_id == found["a.docx"].id
    assert found["c.odt"].state == "queued"
    [suspect] = links(pipeline, LinkKind.SUSPECTED_DUPLICATE)
    assert (suspect.item_id, suspect.target_item_id) == (found["c.odt"].id, found["a.docx"].id)


def test_the_edxml_kit_goes_through_the_folder_with_status_revoke_and_replace_handled(pipeline, inbox, corpus):
    kit = corpus / "edxml"
    for name in ("all4u1089_truclienthong-example__resources_edoc_new.edxml",
                 "all4u1089_truclienthong-example__resources_status.edxml",
                 "all4u1089_truclienthong-example__resources_status_finish_06.edxml",
                 "all4u1089_truclienthong-example__resources_edoc_replacement.edxml",
                 "all4u1089_truclienthong-example__resources_edoc_revocation.edxml"):
        shutil.copy(kit / name, inbox / name.split("__")[1])
    folder = ExportFolder("ioffice", inbox, settle_s=0)
    assert intake.poll(pipeline, folder).taken == 5
    found = items(pipeline)
    new = found["resources_edoc_new.edxml"]
    assert (new.state, new.skip_reason) == ("skipped", selection.NO_REQUEST)
    assert found["resources_status.edxml"].skip_reason == selection.STATUS
    answers = links(pipeline, LinkKind.ANSWERS)
    assert {l.item_id for l in answers} == {found["resources_status.edxml"].id, found["resources_status_finish_06.edxml"].id}
    revoke = found["resources_edoc_revocation.edxml"]
    assert revoke.state == "skipped" and "yêu cầu gỡ khỏi Trang TTĐT" in revoke.skip_reason
    [revoked] = {l.target_document_id for l in links(pipeline, LinkKind.REVOKES)}
    assert revoked == new.document_id
    assert new.id in {l.target_item_id for l in links(pipeline, LinkKind.REVOKES)}
    assert links(pipeline, LinkKind.REPLACES), "the replacement is linked to the document it replaces"
    with pipeline.sessions() as session:
        takedowns = session.scalars(select(ItemEvent).where(ItemEvent.event == "take-down requested")).all()
        assert takedowns and all(e.item_id != revoke.id for e in takedowns)
    assert not list(inbox.glob("*.edxml")) and len(list((inbox / "processed").rglob("*.edxml"))) == 5


def test_an_unreadable_file_goes_to_failed_with_its_error_beside_it(pipeline, inbox):
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.4\n" + b"\xff" * 100)
    intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0))
    assert items(pipeline)["hong.pdf"].state == "quarantined"
    assert (inbox / "failed" / "hong.pdf").exists()
    assert "hong.pdf" in (inbox / "failed" / "hong.pdf.error.txt").read_text(encoding="utf-8")


def test_read_only_mode_leaves_the_folder_alone_and_the_ledger_prevents_taking_a_file_twice(pipeline, inbox):
    (inbox / "166.docx").write_bytes(build_docx(SampleDocument()))
    folder = ExportFolder("ioffice", inbox, settle_s=0, read_only=True)
    assert intake.poll(pipeline, folder).taken == 1
    assert intake.poll(pipeline, folder).taken == 0
    assert (inbox / "166.docx").exists() and not (inbox / "processed").exists()
    assert len(items(pipeline)) == 1


def test_a_failing_source_is_recorded_and_backed_off(pipeline, tmp_path):
    folder = ExportFolder("ioffice", tmp_path / "missing", settle_s=0)
    now = datetime.now(timezone.utc)
    result = intake.poll(pipeline, folder, now=now)
    assert result.error and "không tồn tại" in result.error
    [health] = intake.health_table(pipeline)
    assert health.consecutive_failures == 1 and "không tồn tại" in health.last_error
    assert intake.poll(pipeline, folder, now=now + timedelta(seconds=10)).error == "đang chờ trước khi thử lại sau các lần lỗi"
    (tmp_path / "missing").mkdir()
    assert intake.poll(pipeline, folder, now=now + timedelta(minutes=2)).error is None
    [health] = intake.health_table(pipeline)
    assert health.consecutive_failures == 0 and health.last_success_at is not None


def test_a_passing_failure_is_retried_when_its_time_comes(pipeline, inbox, soffice, tmp_path):
    from parsers.doc import convert_with_libreoffice

    (tmp_path / "d.docx").write_bytes(build_docx(SampleDocument()))
    doc = convert_with_libreoffice(tmp_path / "d.docx", "doc:MS Word 97", tmp_path, soffice=soffice, timeout=180)
    shutil.copy(doc, inbox / "cu.doc")
    broken = Pipeline(pipeline.sessions, pipeline.store, replace(pipeline.ctx, soffice="/nonexistent/soffice"),
                      pipeline.registry, retry=pipeline.retry_policy, engine=pipeline.engine)
    intake.poll(broken, ExportFolder("ioffice", inbox, settle_s=0))
    item = items(pipeline)["cu.doc"]
    assert item.state == "failed" and item.next_retry_at is not None
    assert pipeline.retry_due(now=datetime.now(timezone.utc)) == [], "not before its time"
    [retried] = pipeline.retry_due(now=datetime.now(timezone.utc) + timedelta(hours=1))
    assert retried.state == "queued"


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_workers_never_poll_the_same_source_at_once_on_postgresql(pipeline, inbox, database_url):
    other = create_engine(database_url)
    with other.connect() as conn:
        key = intake._lock_key("ioffice", conn.execute(select(func.current_schema())).scalar())
        conn.execute(select(func.pg_advisory_lock(key)))
        assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0)).skipped_busy
        conn.execute(select(func.pg_advisory_unlock(key)))
    other.dispose()
    assert not intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0)).skipped_busy


def test_the_scheduler_runs_each_source_once_at_a_time_and_takes_in_dropped_files(pipeline, inbox):
    from apscheduler.schedulers.background import BackgroundScheduler

    from ingest.scheduler import register_jobs
    from ingest.settings import Settings

    settings = Settings({}, sources=[{"name": "ioffice", "kind": "folder", "path": str(inbox), "every_s": 0.2}])
    scheduler = BackgroundScheduler()
    register_jobs(scheduler, pipeline, [ExportFolder("ioffice", inbox, settle_s=0)], settings)
    job = scheduler.get_job("source:ioffice")
    assert job.max_instances == 1 and job.coalesce
    scheduler.start()
    try:
        (inbox / "166.docx").write_bytes(build_docx(SampleDocument()))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "166.docx" not in items(pipeline):
            time.sleep(0.2)
    finally:
        scheduler.shutdown(wait=True)
    assert items(pipeline)["166.docx"].state == "queued"


def test_every_kit_file_goes_through_the_folder_with_its_reason(pipeline, inbox, corpus):
    import hashlib

    kit = sorted(p for p in (corpus / "edxml").iterdir() if p.name != "README.md")
    for path in kit:
        shutil.copy(path, inbox / path.name)
    distinct = len({hashlib.sha256(p.read_bytes()).hexdigest() for p in kit})  # the same bytes are one unit
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0)).taken == distinct
    found = {name.split("__")[1]: item for name, item in items(pipeline).items()}
    assert len(items(pipeline)) == distinct
    assert not any(i.state in ("quarantined", "failed", "stored") for i in found.values())
    statuses = {n: i for n, i in found.items() if "_status" in n}
    assert len(statuses) >= 10 and all(i.skip_reason == selection.STATUS for i in statuses.values())
    documents = [i for n, i in found.items() if n not in statuses]
    assert all(i.state == "skipped" and i.skip_reason for i in documents), "the kit asks no one to publish"
    revoked = found['resources_edoc_revocation.edxml'].document_id
    assert {i.skip_reason for i in documents} <= {selection.NO_REQUEST,
                                                   f"thu hồi văn bản {revoked}: yêu cầu gỡ khỏi Trang TTĐT"}
    assert links(pipeline, LinkKind.ANSWERS) and links(pipeline, LinkKind.REVOKES) and links(pipeline, LinkKind.REPLACES)
    assert not list(inbox.glob("*.edxml")) and not list(inbox.glob("*.xml")) and not list(inbox.glob("*.bak")), \
        "every file stored, then moved out of the way"


def test_the_worker_logs_each_item_it_takes_in_one_line(pipeline, inbox, caplog):
    import logging

    (inbox / "166-QD-SXD.docx").write_bytes(build_docx(SampleDocument()))
    (inbox / "ghi-chu.txt").write_bytes("Ghi chú nội bộ, không phải văn bản.".encode())
    with caplog.at_level(logging.INFO, logger="ingest.intake"):
        intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0))
    lines = sorted(r.getMessage() for r in caplog.records if r.getMessage().startswith("took "))
    assert len(lines) == 2
    assert "source=ioffice name=166-QD-SXD.docx" in lines[0] and "state=queued reason=-" in lines[0]
    assert "name=ghi-chu.txt" in lines[1] and "state=skipped" in lines[1]


def test_the_wait_before_reading_again_doubles_up_to_its_cap():
    policy = RetryPolicy(max_attempts=8, base_s=60, max_s=600)
    assert [policy.delay(n).total_seconds() for n in range(1, 7)] == [60, 120, 240, 480, 600, 600]


def test_a_tesseract_that_hangs_is_a_passing_failure_until_the_last_attempt_then_quarantine(
        pipeline, inbox, tmp_path, tesseract):
    """Tesseract killed at its timeout: read again after 60 s, then 120 s (doubling), and after
    the third attempt the item is quarantined with the reason, its bytes kept."""
    from PIL import Image, ImageDraw

    hanging = tmp_path / "tesseract-that-hangs"
    hanging.write_text("#!/bin/sh\nsleep 30\n")
    hanging.chmod(0o755)
    image = Image.new("L", (1200, 400), 255)
    ImageDraw.Draw(image).text((40, 40), "QUYET DINH", fill=0)
    image.save(inbox / "quet.png")
    slow = Pipeline(pipeline.sessions, pipeline.store,
                    replace(pipeline.ctx, tesseract=str(hanging), limits=replace(pipeline.ctx.limits, ocr_timeout_s=0.5)),
                    pipeline.registry, retry=pipeline.retry_policy, engine=pipeline.engine)
    intake.poll(slow, ExportFolder("ioffice", inbox, settle_s=0))
    item = items(pipeline)["quet.png"]
    waits = []
    for attempt in (1, 2):
        assert (item.state, item.attempts) == ("failed", attempt), item.last_error
        assert "quá 0.5 giây" in item.last_error
        waits.append((_aware(item.next_retry_at) - datetime.now(timezone.utc)).total_seconds())
        [item] = slow.retry_due(now=datetime.now(timezone.utc) + timedelta(hours=1))
    assert (item.state, item.attempts, item.next_retry_at) == ("quarantined", 3, None)
    assert 55 <= waits[0] <= 60 and 115 <= waits[1] <= 120, waits
    assert pipeline.store.get(item.sha256) == (inbox / "processed").rglob("quet.png").__next__().read_bytes()


def _aware(moment):  # type: ignore[no-untyped-def]
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def test_nothing_is_acknowledged_at_the_source_when_the_blob_store_refuses_the_bytes(pipeline, inbox, tmp_path):
    """The store cannot write (here its folder is a file): the file stays in the export folder, the
    source's health says why, and once the store is back the file is taken exactly once."""
    (inbox / "166-QD-SXD.docx").write_bytes(build_docx(SampleDocument()))
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    broken = Pipeline(pipeline.sessions, BlobStore(blocked / "originals"), pipeline.ctx, pipeline.registry,
                      retry=pipeline.retry_policy, engine=pipeline.engine)
    result = intake.poll(broken, ExportFolder("ioffice", inbox, settle_s=0))
    assert result.taken == 0 and "không lưu được bản gốc" in (result.error or "")
    assert (inbox / "166-QD-SXD.docx").exists() and not (inbox / "processed").exists(), "not acknowledged"
    assert items(pipeline) == {}
    [health] = intake.health_table(pipeline)
    assert health.consecutive_failures == 1 and "không lưu được bản gốc" in health.last_error
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0), force=True).taken == 1
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0), force=True).taken == 0


def test_a_file_that_crashes_loops_or_swallows_memory_is_quarantined_and_the_next_goes_on(
        pipeline, inbox, sample_docx):
    """Reading runs in a supervised child (Quy chế Điều 9: the board's intake must not stop): each
    file that breaks the reader is quarantined with a Vietnamese message and its bytes kept, and
    the files after it in the same run are read as usual."""
    from parsers.isolation import ChildLimits, SupervisedReader
    from tests.parsers.misbehaving import MISBEHAVING

    for parser in MISBEHAVING:
        pipeline.registry.register(parser)
    limits = ChildLimits(timeout_s=3, memory_bytes=400 * 2**20)
    files = {"1-hong.bin": b"CRASH", "2-treo.bin": b"LOOP", "3-bom.bin": b"SWALLOW", "4-tot.docx": sample_docx}
    for name, data in files.items():
        (inbox / name).write_bytes(data)
    with SupervisedReader(pipeline.ctx, pipeline.registry, limits) as reader:
        guarded = Pipeline(pipeline.sessions, pipeline.store, pipeline.ctx, pipeline.registry,
                           retry=pipeline.retry_policy, engine=pipeline.engine, desk=pipeline.desk, reader=reader)
        result = intake.poll(guarded, ExportFolder("ioffice", inbox, settle_s=0))
        assert result.taken == 4 and result.error is None
        got = items(pipeline)
        assert got["4-tot.docx"].state == "queued"
        expected = {"1-hong.bin": "chương trình đọc dừng đột ngột khi đọc tệp (tín hiệu SIGSEGV)",
                    "2-treo.bin": "đọc quá 3 giây, vượt giới hạn thời gian đọc một tệp",
                    "3-bom.bin": "cần hơn 400 MB bộ nhớ để đọc, vượt giới hạn bộ nhớ"}
        for name, message in expected.items():
            item = got[name]
            assert item.state == "quarantined" and message in item.last_error, (name, item.last_error)
            assert pipeline.store.get(item.sha256) == files[name]
            assert item.acknowledged_at is not None  # moved out of the folder: it is stored, and visible on the desk
        again = guarded.retry(got["2-treo.bin"].id)  # a quarantined item can be read again, and is refused again
        assert again.state == "quarantined" and again.attempts == 2


def test_a_file_just_past_the_size_limit_is_stored_and_quarantined_without_being_read_into_memory(
        pipeline, inbox, tmp_path):
    """The limit is checked before the costly step: the file's size is looked at first, and a file
    past it is copied into the blob store a megabyte at a time (nothing lost) and quarantined unread."""
    import tracemalloc

    limit = 8 * 2**20
    big = inbox / "qua-lon.pdf"
    with big.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        for _ in range(limit // 2**20):
            out.write(os.urandom(2**20))  # just past the limit: 8 MB and 9 bytes
    limited = Pipeline(pipeline.sessions, pipeline.store,
                       replace(pipeline.ctx, limits=replace(pipeline.ctx.limits, max_file_bytes=limit)),
                       pipeline.registry, engine=pipeline.engine, desk=pipeline.desk)
    tracemalloc.start()
    try:
        result = intake.poll(limited, ExportFolder("ioffice", inbox, settle_s=0, max_bytes=limit))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.taken == 1 and peak < limit / 3, peak  # a megabyte or two in flight, never the file
    item = items(pipeline)["qua-lon.pdf"]
    assert item.state == "quarantined" and item.attempts == 0
    assert item.last_error == ("qua-lon.pdf: tệp 8.388.617 byte, vượt giới hạn 8.388.608 byte; bản gốc đã được lưu, "
                               "tệp không được đọc")
    stored = pipeline.store.path(item.sha256)
    assert stored.stat().st_size == limit + 9 and next((inbox / "failed").glob("qua-lon.pdf")).exists()
