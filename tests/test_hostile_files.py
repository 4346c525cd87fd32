"""Hostile files (``tests/hostile.py``, made here): bombs, entity attacks, crafted PDFs and images,
lying and empty files, dangerous names, hostile mail. Each ends refused with a plain Vietnamese
message, or read with nothing dangerous let through; none costs more than 30 s or 500 MB; nothing
is fetched from the network or from a local file, nothing is written outside the work folders; and
through the intake every one is stored, quarantined or skipped, and the worker goes on."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import unicodedata
from dataclasses import replace

import pytest
from sqlalchemy import select

from connectors.folder import ExportFolder
from editorial.services import Desk, Policy
from ingest import intake
from ingest.blobstore import BlobStore
from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item
from ingest.names import MAX_NAME
from ingest.pipeline import Pipeline
from ingest.samples import SampleDocument, build_docx
from ingest.settings import load_settings
from parsers.base import ParserContext
from parsers.isolation import ChildLimits, SupervisedReader
from parsers.reading import to_dict
from parsers.registry import default_registry

from .hostile import KINDS, SECRET, Hostile, Targets, cases

MOST_SECONDS, MOST_BYTES = 30, 500 * 2**20
# words a library's English message would bring; a message for the board has none of them
_ENGLISH = re.compile(r"\b(error|invalid|failed|cannot|unable|exception|file is|not a|line \d|column|errno|"
                      r"traceback|unexpected|unsupported|decode|bad|truncated)\b", re.IGNORECASE)
_VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def plain_vietnamese(message: str) -> bool:
    """A message the board can read: NFC Vietnamese, no library English, no Python repr."""
    sentence = re.sub(r"“[^”]*”", "", message)  # quoted names are the sender's, not our words
    sentence = re.sub(r"^(?:[^\s:]+: )+", "", sentence)  # the file's name, and the attachment's
    return (unicodedata.is_normalized("NFC", message) and any(c in _VIETNAMESE for c in sentence.lower())
            and not _ENGLISH.search(sentence) and "Error(" not in message and "\\x" not in sentence)


@pytest.fixture(scope="module")
def targets(tmp_path_factory) -> Targets:
    folder = tmp_path_factory.mktemp("hostile")
    secret = folder / "secret.txt"
    secret.write_text(SECRET)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    outside = folder / "outside"
    outside.mkdir()
    found = Targets(secret, listener.getsockname()[1], outside)
    found.listener = listener  # type: ignore[attr-defined]
    cases(found)
    yield found
    listener.close()


def _no_connection(targets: Targets) -> None:
    try:
        connection, peer = targets.listener.accept()  # type: ignore[attr-defined]
    except BlockingIOError:
        return
    connection.close()
    pytest.fail(f"a hostile file made the reader connect to the network (from {peer})")


def _messages(found: dict) -> list[str]:
    out = [found["error"]] if "error" in found else list(found.get("warnings", []))
    for attachment in found.get("attachments", []):
        out += _messages(attachment)
    return out


@pytest.fixture(scope="module")
def reader():
    with SupervisedReader(ParserContext.from_settings(load_settings(environ={})), default_registry(),
                          ChildLimits(timeout_s=120, memory_bytes=2048 * 2**20)) as supervised:
        yield supervised


def test_there_are_at_least_forty_kinds(targets):
    assert tuple(case.kind for case in targets.cases) == KINDS and len(set(KINDS)) >= 40


@pytest.mark.parametrize("kind", KINDS)
def test_each_hostile_file_is_refused_or_read_safely_within_30_s_and_500_mb(kind, targets, reader,
                                                                           record_property):
    case: Hostile = next(c for c in targets.cases if c.kind == kind)
    reading, usage = reader.read_measured(case.data, case.name)
    record_property("seconds", round(usage.seconds, 2))
    record_property("peak_mb", round(usage.peak_mb))
    found = to_dict(reading)
    assert ("refused" if reading.error else "read") == case.expect, found.get("error") or found.get("warnings")
    assert usage.seconds < MOST_SECONDS and usage.peak_bytes < MOST_BYTES, (usage.seconds, usage.peak_mb)
    for message in _messages(found):
        assert plain_vietnamese(message), message
    everything = json.dumps(found, ensure_ascii=False)
    for leak in case.leak:
        assert leak not in everything, f"{leak!r} came through"
    _no_connection(targets)
    assert not any(targets.outside.iterdir())


@pytest.fixture
def guarded(database_url, tmp_path):
    migrate(database_url)
    engine = make_engine(database_url)
    settings = load_settings(environ={})
    ctx = ParserContext.from_settings(settings)
    with SupervisedReader(ctx, default_registry(), ChildLimits(timeout_s=120, memory_bytes=2048 * 2**20)) as reader:
        yield Pipeline(session_factory(engine), BlobStore(tmp_path / "originals"), ctx, default_registry(),
                       engine=engine, desk=Desk(Policy.from_settings(settings)), reader=reader)
    engine.dispose()


def test_through_the_intake_every_hostile_file_is_stored_and_settled_and_the_worker_goes_on(
        guarded, targets, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for index, case in enumerate(targets.cases):
        (inbox / f"{index:02d}-{case.name}").write_bytes(case.data)
    after = build_docx(replace(SampleDocument(), subject="Văn bản đọc sau các tệp độc hại"))
    (inbox / "99-binh-thuong.docx").write_bytes(after)  # after every hostile file, in the same run
    result = intake.poll(guarded, ExportFolder("ioffice", inbox, settle_s=0))
    distinct = {hashlib.sha256(case.data).digest() for case in targets.cases}  # the empty files are one unit
    assert result.error is None and result.taken == len(distinct) + 1
    with guarded.sessions() as session:
        units = {item.name: item for item in session.scalars(select(Item).where(Item.parent_id.is_(None)))}
        assert units.pop("99-binh-thuong.docx").state == "queued"
        for index, case in enumerate(targets.cases):
            item = units[f"{index:02d}-{case.name}"]
            if item.state == "duplicate":
                item = session.get(Item, item.duplicate_of_id)
            # a document that survives its attack (the entity dropped) and asks for publication goes
            # to the board like any other; everything else is quarantined or skipped, with its reason
            settled = ("quarantined", "skipped", "queued") if case.expect == "read" else ("quarantined",)
            assert item.state in settled, (case.kind, item.state)
            if item.state != "queued":
                message = item.last_error if item.state == "quarantined" else item.skip_reason
                assert message and plain_vietnamese(message), (case.kind, message)
            assert guarded.store.get(item.sha256) == case.data  # the original bytes kept
            assert item.acknowledged_at is not None
        for child in session.scalars(select(Item).where(Item.parent_id.is_not(None))):
            assert len(child.name) <= MAX_NAME and not any(
                unicodedata.category(c) in ("Cc", "Cf") for c in child.name), repr(child.name)
    assert not list(inbox.glob("*.*"))  # every file moved out of the folder: all stored
    assert not any(targets.outside.iterdir())
    _no_connection(targets)
