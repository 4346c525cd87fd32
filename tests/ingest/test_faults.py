"""Faults during intake, made real: a blob store whose disk fills up or turns read-only (a tmpfs
mounted by the test), a worker that dies between acknowledging a unit and recording it, Tesseract
and LibreOffice that hang or are killed. After each: nothing acknowledged at its source that is
not stored, nothing stored twice, every unit queued, skipped, quarantined, or failed with a retry
time; none left in a middle state."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from connectors.folder import ExportFolder
from editorial.services import Desk, Policy
from ingest import intake
from ingest.blobstore import BlobStore
from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item, SourceHealth
from ingest.pipeline import Pipeline, RetryPolicy
from ingest.samples import SampleDocument, build_docx
from ingest.settings import load_settings
from tests.conftest import remount

SETTLED = ("queued", "skipped", "quarantined", "failed", "duplicate")


def _pipeline(database_url: str, store_root: Path, ctx, registry, **kw) -> Pipeline:
    migrate(database_url)
    engine = make_engine(database_url)
    return Pipeline(session_factory(engine), BlobStore(store_root), ctx, registry, engine=engine,
                    desk=Desk(Policy.from_settings(load_settings(environ={}))), **kw)


def _documents(inbox: Path, count: int, size: int = 0) -> dict[str, bytes]:
    made = {}
    for n in range(count):
        data = build_docx(replace(SampleDocument(), number=f"Số: {n + 1}/QĐ-SXD", subject=f"Quyết định thử {n + 1}"))
        if size:
            data += os.urandom(size)  # trailing bytes: still a DOCX (the ZIP directory is found from the end)
        name = f"{n + 1:02d}-QD-SXD.bin"
        (inbox / name).write_bytes(data)
        made[name] = data
    return made


def _check_ledger(pipeline: Pipeline, inbox: Path, made: dict[str, bytes]) -> None:
    """Every file taken once, with its bytes, acknowledged, in a settled state; none left behind."""
    with pipeline.sessions() as session:
        units = list(session.scalars(select(Item).where(Item.parent_id.is_(None))))
        assert sorted(u.name for u in units) == sorted(made), "each file exactly once"
        for unit in units:
            assert unit.state in SETTLED, (unit.name, unit.state)
            assert unit.state != "failed" or unit.next_retry_at is not None
            assert pipeline.store.get(unit.sha256) == made[unit.name]
            assert unit.acknowledged_at is not None
    assert not [p for p in inbox.iterdir() if p.is_file()], "every file moved out of the folder"
    assert not list(pipeline.store.root.rglob(".incoming-*")), "no half-written blob left"


def test_a_full_disk_stops_the_source_with_nothing_acknowledged_and_the_rest_is_taken_once_there_is_room(
        database_url, tmp_path, small_disk, ctx, registry):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    made = _documents(inbox, 6, size=300_000)  # 1.8 MB for a 1 MB disk
    pipeline = _pipeline(database_url, small_disk / "originals", ctx, registry)
    source = ExportFolder("ioffice", inbox, settle_s=0)
    first = intake.poll(pipeline, source)
    assert first.error is not None and "ổ đĩa đã đầy" in first.error
    with pipeline.sessions() as session:
        stored = list(session.scalars(select(Item).where(Item.parent_id.is_(None))))
        health = session.get(SourceHealth, "ioffice")
        assert 1 <= len(stored) < len(made) and health.consecutive_failures == 1 and health.next_attempt_at
    left = sorted(p.name for p in inbox.iterdir() if p.is_file())
    assert left == sorted(set(made) - {s.name for s in stored}), "what was not stored stays at the source"
    remount(small_disk, "size=20m")  # room again
    assert intake.poll(pipeline, source, force=True).error is None
    _check_ledger(pipeline, inbox, made)
    pipeline.engine.dispose()


def test_a_read_only_blob_store_takes_nothing_and_loses_nothing(database_url, tmp_path, small_disk, ctx, registry):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    made = _documents(inbox, 3)
    pipeline = _pipeline(database_url, small_disk / "originals", ctx, registry)
    (small_disk / "originals").mkdir()
    remount(small_disk, "ro")
    source = ExportFolder("ioffice", inbox, settle_s=0)
    failed = intake.poll(pipeline, source)
    assert failed.error is not None and "ổ đĩa chỉ cho đọc" in failed.error and failed.taken == 0
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == sorted(made)
    with pipeline.sessions() as session:
        assert not list(session.scalars(select(Item)))
    remount(small_disk, "rw")
    assert intake.poll(pipeline, source, force=True).taken == 3
    _check_ledger(pipeline, inbox, made)
    pipeline.engine.dispose()


class _DiesAfterAcknowledging(Exception):
    pass


def test_a_worker_that_dies_between_acknowledging_and_recording_it_leaves_one_settled_item(
        database_url, tmp_path, ctx, registry, monkeypatch):
    """The unit is stored and moved out of the folder, then the worker dies before the ledger notes
    the acknowledgement: the item is settled, once; the next run takes the rest and nothing twice."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    made = _documents(inbox, 3)
    pipeline = _pipeline(database_url, tmp_path / "originals", ctx, registry)
    source = ExportFolder("ioffice", inbox, settle_s=0)
    original = Pipeline.mark_acknowledged
    deaths = []

    def dies_once(self, item_id):  # type: ignore[no-untyped-def]
        if not deaths:
            deaths.append(item_id)
            raise _DiesAfterAcknowledging  # the process ends here: nothing after it runs
        return original(self, item_id)

    monkeypatch.setattr(Pipeline, "mark_acknowledged", dies_once)
    with pytest.raises(_DiesAfterAcknowledging):
        intake.poll(pipeline, source)
    monkeypatch.setattr(Pipeline, "mark_acknowledged", original)
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0)).error is None  # a new worker
    with pipeline.sessions() as session:
        units = list(session.scalars(select(Item).where(Item.parent_id.is_(None))))
        assert sorted(u.name for u in units) == sorted(made)
        assert all(u.state in SETTLED for u in units)
        dead = session.get(Item, deaths[0])
        assert dead.acknowledged_at is None and dead.state == "queued"  # moved, but not noted: never taken again
    assert not [p for p in inbox.iterdir() if p.is_file()]
    pipeline.engine.dispose()


def test_a_database_away_just_after_the_source_acknowledged_is_waited_for_and_the_ack_noted(
        database_url, tmp_path, ctx, registry, monkeypatch):
    """The file is moved out of the folder, then the database does not answer: the worker waits
    for it and notes the acknowledgement, so no unit stays unacknowledged for want of one write."""
    from sqlalchemy.exc import OperationalError

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _documents(inbox, 2)
    pipeline = _pipeline(database_url, tmp_path / "originals", ctx, registry)
    original, failures = Pipeline.mark_acknowledged, []

    def database_away_twice(self, item_id):  # type: ignore[no-untyped-def]
        if len(failures) < 2:
            failures.append(item_id)
            raise OperationalError("UPDATE items", {}, Exception("server closed the connection unexpectedly"))
        return original(self, item_id)

    monkeypatch.setattr(Pipeline, "mark_acknowledged", database_away_twice)
    monkeypatch.setattr(intake, "ACK_NOTE_WAIT_S", (0.01, 0.01, 0.01))
    monkeypatch.setattr(intake.time, "sleep", lambda s: None)
    assert intake.poll(pipeline, ExportFolder("ioffice", inbox, settle_s=0)).error is None
    with pipeline.sessions() as session:
        units = list(session.scalars(select(Item).where(Item.parent_id.is_(None))))
        assert len(units) == 2 and all(u.acknowledged_at is not None for u in units)
    assert len(failures) == 2
    pipeline.engine.dispose()


@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory, soffice) -> bytes:
    from parsers.doc import convert_with_libreoffice

    tmp = tmp_path_factory.mktemp("doc")
    (tmp / "d.docx").write_bytes(build_docx(SampleDocument()))
    return convert_with_libreoffice(tmp / "d.docx", "doc:MS Word 97", tmp, soffice=soffice, timeout=180).read_bytes()


def _tool(tmp_path: Path, name: str, behaviour: str) -> str:
    script = tmp_path / f"{name}-{behaviour}"
    body = {"hang": "sleep 60", "killed": "kill -9 $$"}[behaviour]
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


@pytest.mark.parametrize("behaviour", ["hang", "killed"])
@pytest.mark.parametrize("tool", ["tesseract", "soffice"])
def test_a_tool_that_hangs_or_is_killed_leaves_the_item_failed_with_a_retry_time_then_read_once_fixed(
        database_url, tmp_path, ctx, registry, tool, behaviour, legacy_doc, tesseract):
    from PIL import Image, ImageDraw

    image = Image.new("L", (1200, 400), 255)
    ImageDraw.Draw(image).text((40, 40), "QUYET DINH", fill=0)
    scan = tmp_path / "quet.png"
    image.save(scan)
    data, name = (scan.read_bytes(), "quet.png") if tool == "tesseract" else (legacy_doc, "cu.doc")
    broken_ctx = replace(ctx, limits=replace(ctx.limits, ocr_timeout_s=1, libreoffice_timeout_s=2),
                         **{tool: _tool(tmp_path, tool, behaviour)})
    broken = _pipeline(database_url, tmp_path / "originals", broken_ctx, registry,
                       retry=RetryPolicy(max_attempts=3, base_s=60, max_s=600))
    item = broken.ingest_bytes(data, name, source="test").item
    assert item.state == "failed" and item.next_retry_at is not None, (item.state, item.last_error)
    assert ("quá" in item.last_error) if behaviour == "hang" else item.last_error
    fixed = Pipeline(broken.sessions, broken.store, ctx, registry, engine=broken.engine, desk=broken.desk)
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    [retried] = fixed.retry_due(now=later)
    assert retried.state in ("queued", "skipped") and retried.last_error is None and retried.attempts == 2
    broken.engine.dispose()
