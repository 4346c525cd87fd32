"""Two workers at once, in two processes: ``congbo poll --once`` started twice together over the
same export folder. Never two runs of a source at the same time; each file taken exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item
from ingest.samples import SampleDocument, build_docx
from tests.settings_files import write_settings

ROOT = Path(__file__).resolve().parents[2]
FILES = 48


def test_two_workers_started_together_take_each_file_once_and_never_run_one_source_twice(database_url, tmp_path):
    migrate(database_url)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(FILES):
        (inbox / f"{n:02d}.docx").write_bytes(build_docx(replace(SampleDocument(), number=f"Số: {n + 1}/QĐ-SXD")))
    settings = write_settings(tmp_path / "settings.toml", database_url, tmp_path / "data",
                              [{"name": "ioffice-export", "kind": "folder", "path": inbox, "settle_s": 0}])
    command = [sys.executable, "-m", "ingest.cli", "--settings", str(settings), "poll", "--once"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode == 0, err[-3000:]
    said = [out.strip() for out, _ in outputs]
    taken = sorted(int(line.split(": ")[1].split()[0]) for line in said)
    # one worker ran the source; the other, started with it, found it busy and left it
    assert taken == [0, FILES], said
    assert any("busy in another worker" in line for line in said), said  # they did overlap
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        units = list(session.scalars(select(Item).where(Item.parent_id.is_(None))))
    engine.dispose()
    assert sorted(u.name for u in units) == [f"{n:02d}.docx" for n in range(FILES)]
    assert all(u.acknowledged_at is not None and u.state == "queued" for u in units)


def test_two_sources_taking_the_same_files_at_the_same_moment_record_each_once_and_the_rest_as_duplicates(
        database_url, tmp_path):
    """The same export copied into two folders, polled by two workers at once: the ledger's unique
    keys are raced for (one stored original per content); the loser starts again and finds it."""
    migrate(database_url)
    folders = [tmp_path / "a", tmp_path / "b"]
    documents = [build_docx(replace(SampleDocument(), number=f"Số: {n + 1}/QĐ-SXD")) for n in range(FILES)]
    for folder in folders:
        folder.mkdir()
        for n, data in enumerate(documents):
            (folder / f"{n:02d}.docx").write_bytes(data)
    settings = write_settings(tmp_path / "settings.toml", database_url, tmp_path / "data",
                              [{"name": folder.name, "kind": "folder", "path": folder, "settle_s": 0}
                               for folder in folders])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [subprocess.Popen([sys.executable, "-m", "ingest.cli", "--settings", str(settings), "poll", "--once",
                                 "--source", folder.name], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for folder in folders]
    for worker in workers:
        _, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-3000:]
    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        units = list(session.scalars(select(Item).where(Item.parent_id.is_(None))))
    engine.dispose()
    assert len(units) == 2 * FILES and all(u.acknowledged_at is not None for u in units)
    by_content: dict[str, list[str]] = {}
    for unit in units:
        by_content.setdefault(unit.sha256, []).append(unit.state)
    assert all(sorted(states) == ["duplicate", "queued"] for states in by_content.values()), by_content
