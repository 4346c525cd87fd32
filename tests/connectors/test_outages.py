"""Outages under a running worker (``congbo worker``, the scheduler as deployed): the database
(a private PostgreSQL cluster, restarted as if it crashed) and the mail server (a private Dovecot,
stopped and started again) go away in the middle of an intake. The worker lives through both;
afterwards every unit is stored once, acknowledged at its source, and settled."""

from __future__ import annotations

import os
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
from tests.conftest import need_tool, unavailable
from tests.private_postgres import available, remove, start_private_postgres
from tests.settings_files import imap_source, write_settings

from .conftest import PASSWORD, USER
from .dovecot import remove as remove_dovecot
from .dovecot import start_dovecot

ROOT = Path(__file__).resolve().parents[2]
UNITS = 60
MAILS = 150
SETTLED = ("queued", "skipped", "quarantined", "failed", "duplicate")


@pytest.fixture
def private_postgres():
    why = available()
    if why:
        unavailable(why)
    server = start_private_postgres()
    yield server
    remove(server)


@pytest.fixture
def private_dovecot():
    need_tool("dovecot")
    need_tool("openssl")
    server = start_dovecot()
    yield server
    remove_dovecot(server)


def _worker(settings: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ingest.cli", "--settings", str(settings), "worker"],
                            env={**os.environ, "PYTHONPATH": str(ROOT), **env}, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


_ENGINES: dict[str, object] = {}


def _count(url: str, *conditions) -> int:
    engine = _ENGINES.get(url) or _ENGINES.setdefault(url, make_engine(url))
    try:
        with session_factory(engine)() as session:  # type: ignore[arg-type]
            return session.scalar(select(func.count()).select_from(Item).where(Item.parent_id.is_(None), *conditions))
    except Exception:  # noqa: BLE001 - the database is down right now
        return -1


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _stop(worker: subprocess.Popen) -> str:
    worker.send_signal(signal.SIGINT)
    try:
        _, err = worker.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        _, err = worker.communicate()
    return err


def _check(url: str, expected: int) -> list[Item]:
    engine = make_engine(url)
    with session_factory(engine)() as session:
        units = list(session.scalars(select(Item).where(Item.parent_id.is_(None))))
        assert len(units) == expected and len({u.source_key for u in units}) == expected, "each unit once"
        assert all(u.state in SETTLED for u in units), sorted({u.state for u in units})
        assert all(u.acknowledged_at is not None for u in units)
    engine.dispose()
    return units


def test_postgresql_restarted_mid_intake_loses_nothing_and_the_worker_goes_on(private_postgres, tmp_path):
    url = private_postgres.url
    migrate(url)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(UNITS):
        (inbox / f"{n:03d}.docx").write_bytes(build_docx(replace(SampleDocument(), number=f"Số: {n + 1}/QĐ-SXD")))
    settings = write_settings(tmp_path / "settings.toml", url, tmp_path / "data",
                              [{"name": "ioffice-export", "kind": "folder", "path": inbox, "settle_s": 0, "every_s": 1}])
    worker = _worker(settings, {})
    err = None
    try:
        _wait(lambda: _count(url) >= 5, 60, "the first units")
        private_postgres.restart("immediate")  # as if the server crashed, in the middle of the batch
        before = _count(url)
        try:
            _wait(lambda: _count(url, Item.acknowledged_at.is_not(None)) == UNITS, 120, "every unit after the restart")
        except pytest.fail.Exception:
            err = _stop(worker)
            pytest.fail(f"not every unit after the restart ({_count(url, Item.acknowledged_at.is_not(None))} of "
                        f"{UNITS}); the worker's log:\n{err[-6000:]}")
        assert worker.poll() is None, "the worker lived through the outage"
    finally:
        err = err if err is not None else _stop(worker)
    assert before == -1 or before < UNITS, "the restart landed mid-intake"
    assert "OperationalError" in err or "server closed the connection" in err or before < UNITS
    _check(url, UNITS)
    assert not [p for p in inbox.iterdir() if p.is_file()]


def _mail(n: int, attachment: bytes) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = "vanthu@sxd.kontum.gov.vn", USER
    message["Subject"] = f"Công văn số {n}/SXD-VP"
    message["Message-ID"] = f"<outage-{n}@sxd.kontum.gov.vn>"
    message.set_content("Kính gửi Tổ Biên tập.")
    message.add_attachment(attachment, maintype="application", subtype="octet-stream", filename=f"van-ban-{n}.docx")
    return message.as_bytes()


def test_the_mail_server_stopped_and_started_mid_intake_loses_nothing_and_takes_nothing_twice(
        private_dovecot, database_url, tmp_path):
    migrate(database_url)
    folder = private_dovecot.new_folder()
    client = private_dovecot.client()
    for n in range(MAILS):
        client.append(folder, None, None, _mail(n + 1, build_docx(replace(SampleDocument(),
                                                                         number=f"Số: {n + 1}/SXD-VP"))))
    client.logout()
    settings = write_settings(tmp_path / "settings.toml", database_url, tmp_path / "data",
                              [imap_source(private_dovecot, folder, USER, every_s=1)],
                              sections={"intake": {"retry_base_s": 1, "retry_max_s": 2}})
    worker = _worker(settings, {"CONGBO_TEST_MAIL_PASSWORD": PASSWORD})
    try:
        _wait(lambda: _count(database_url) >= 3, 60, "the first mails")
        private_dovecot.stop()
        during = _count(database_url, Item.acknowledged_at.is_not(None))
        time.sleep(3)  # a few scheduled polls find the server gone
        private_dovecot.start()
        _wait(lambda: _count(database_url, Item.acknowledged_at.is_not(None)) == MAILS, 120,
              "every mail after the restart")
        assert worker.poll() is None, "the worker lived through the outage"
    finally:
        _stop(worker)
    assert during < MAILS, "the outage landed mid-intake (mails not yet acknowledged)"
    _check(database_url, MAILS)
    flags = private_dovecot.flags(folder)
    assert len(flags) == MAILS and all("\\Seen" in f for f in flags)
