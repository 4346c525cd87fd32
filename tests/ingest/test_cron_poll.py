"""Cron runs ``congbo poll --once`` every minute (here: every 3 seconds) over the export folder
while iOffice writes files into it, some in pieces: each file is taken exactly once, whole, within
``settle_s`` plus one interval of its last change (plus the run that takes it)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import timezone
from pathlib import Path

from sqlalchemy import select

from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item
from ingest.samples import SampleDocument, build_docx
from tests.settings_files import write_settings

ROOT = Path(__file__).resolve().parents[2]
SETTLE_S, INTERVAL_S, RUNS = 2, 3, 9


def _documents() -> dict[str, bytes]:
    return {f"{n}-QD-SXD.docx": build_docx(replace(SampleDocument(), number=f"Số: {n}/QĐ-SXD",
                                                    subject=f"Quyết định thử số {n}")) for n in range(101, 107)}


def _write_slowly(inbox: Path, documents: dict[str, bytes], changed: dict[str, float]) -> None:
    """As an export does: some files at once, some in three pieces a second apart, one rewritten."""
    for index, (name, data) in enumerate(documents.items()):
        path = inbox / name
        if index % 2:
            with path.open("wb") as out:
                for piece in range(3):
                    out.write(data[piece * len(data) // 3:(piece + 1) * len(data) // 3])
                    out.flush()
                    time.sleep(1.0)
        else:
            path.write_bytes(data[: len(data) // 2])  # a first, partial copy ...
            time.sleep(0.5)
            path.write_bytes(data)  # ... then the whole file
        changed[name] = path.stat().st_mtime  # the last write, as the settle rule sees it
        time.sleep(2.2)


def test_poll_once_from_cron_takes_each_arriving_file_exactly_once_and_soon(database_url, tmp_path):
    migrate(database_url)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = write_settings(tmp_path / "settings.toml", database_url, tmp_path / "data",
                              [{"name": "ioffice-export", "kind": "folder", "path": inbox, "settle_s": SETTLE_S}])
    documents, changed = _documents(), {}
    writer = threading.Thread(target=_write_slowly, args=(inbox, documents, changed))
    writer.start()
    command = [sys.executable, "-m", "ingest.cli", "--settings", str(settings), "poll", "--once"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    longest_run = 0.0
    runs = 0
    while runs < RUNS or writer.is_alive():
        started = time.time()
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
        longest_run = max(longest_run, time.time() - started)
        runs += 1
        time.sleep(max(0.0, INTERVAL_S - (time.time() - started)))
    writer.join()
    for _ in range(2):  # two more minutes of cron, after the last file
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True, timeout=120)
        time.sleep(INTERVAL_S)

    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        taken = list(session.scalars(select(Item).where(Item.source == "ioffice-export", Item.parent_id.is_(None))))
    engine.dispose()
    assert sorted(item.name for item in taken) == sorted(documents), "each file exactly once"
    for item in taken:
        assert item.state == "queued", (item.name, item.state, item.last_error)  # whole, not a partial copy
        assert item.sha256 == hashlib.sha256(documents[item.name]).hexdigest()
        created = item.created_at if item.created_at.tzinfo else item.created_at.replace(tzinfo=timezone.utc)
        delay = created.timestamp() - changed[item.name]
        assert SETTLE_S - 0.5 <= delay <= SETTLE_S + INTERVAL_S + longest_run, (item.name, delay, longest_run)
    assert not list(inbox.glob("*.docx"))
