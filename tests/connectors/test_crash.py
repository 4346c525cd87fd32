"""Nothing is lost and nothing is taken twice when the worker dies: the poller is killed with
SIGKILL at random points while taking in 300 messages that each carry a document to read, ten
times, then run to the end. After every kill, every message the server has marked \\Seen is in
the ledger (acknowledged only once stored); the test counts the kills that landed mid-intake."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item
from ingest.samples import SampleDocument, build_docx
from tests.settings_files import imap_source, write_settings

from .conftest import PASSWORD, USER

MESSAGES = 300
KILLS = 10
ROOT = Path(__file__).resolve().parents[2]


def _fill(dovecot, folder: str) -> None:
    client = dovecot.client()
    for n in range(MESSAGES):
        message = EmailMessage()
        message["From"], message["To"] = "vanthu@sxd.kontum.gov.vn", USER
        message["Subject"] = f"Công văn số {n + 1}/SXD-VP"
        message["Message-ID"] = f"<crash-{folder}-{n}@sxd.kontum.gov.vn>"
        message.set_content(f"Nội dung thư {n + 1}.")
        document = build_docx(replace(SampleDocument(), number=f"Số: {n + 1}/SXD-VP"))  # read in the child, with metadata
        message.add_attachment(document, maintype="application", subtype="octet-stream", filename=f"cv-{n + 1}.docx")
        client.append(folder, None, None, message.as_bytes())
    client.logout()


def _seen_uids(dovecot, folder: str) -> set[str]:
    return {line.split("UID ")[1].split()[0] for line in dovecot.flags(folder) if "\\Seen" in line}


def _ledger(engine) -> tuple[set[str], int]:
    """(UIDs of the stored messages, how many are stored)."""
    with session_factory(engine)() as session:
        keys = list(session.scalars(select(Item.source_key).where(Item.source == "hop-thu", Item.parent_id.is_(None))))
    return {key.rsplit("/", 1)[1] for key in keys}, len(keys)


def _intake_begun(engine, before: int, worker: subprocess.Popen, most_s: float = 60.0) -> None:
    """Wait until the worker has stored its first message of this run (or has ended)."""
    deadline = time.monotonic() + most_s
    while time.monotonic() < deadline and worker.poll() is None and _ledger(engine)[1] <= before:
        time.sleep(0.05)


@pytest.mark.slow
def test_killed_ten_times_while_taking_in_300_messages_each_is_stored_once_and_acknowledged(
        dovecot, database_url, tmp_path):
    migrate(database_url)
    folder = dovecot.new_folder()
    _fill(dovecot, folder)
    settings = write_settings(tmp_path / "settings.toml", database_url, tmp_path / "data",
                              [imap_source(dovecot, folder, USER)])
    env = {**os.environ, "CONGBO_TEST_MAIL_PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "ingest.cli", "--settings", str(settings), "poll", "--once"]
    rng = random.Random(20261128)
    engine = make_engine(database_url)
    mid_intake = 0
    for _ in range(KILLS):
        _, before = _ledger(engine)
        worker = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _intake_begun(engine, before, worker)  # start-up takes a second, or several on a loaded machine
        time.sleep(rng.uniform(0.0, 1.2))  # then a random point inside the intake
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        stored, after = _ledger(engine)
        mid_intake += before < after < MESSAGES  # it had taken some in, and not all
        assert _seen_uids(dovecot, folder) <= stored, "a message was marked seen before it was stored"
    engine.dispose()
    assert mid_intake >= KILLS * 0.6, f"only {mid_intake} of {KILLS} kills landed mid-intake"
    finished = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stderr

    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        top = select(Item).where(Item.source == "hop-thu", Item.parent_id.is_(None))
        items = list(session.scalars(top))
        assert len(items) == MESSAGES, "every message stored exactly once"
        assert len({i.sha256 for i in items}) == MESSAGES
        assert all(i.acknowledged_at is not None for i in items)
        assert session.scalar(select(func.count()).select_from(Item).where(Item.state == "stored")) == 0
    engine.dispose()
    flags = dovecot.flags(folder)
    assert len(flags) == MESSAGES and all("\\Seen" in f for f in flags), "every message acknowledged on the server"
