"""Nothing is lost and nothing is taken twice when the worker dies: the poller is killed with
SIGKILL at random points while taking in 200 messages, ten times, then run to the end."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item

from .conftest import PASSWORD, USER

MESSAGES = 200
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
        client.append(folder, None, None, message.as_bytes())
    client.logout()


@pytest.mark.slow
def test_killed_ten_times_while_taking_in_200_messages_each_is_stored_once_and_acknowledged(
        dovecot, database_url, tmp_path):
    migrate(database_url)
    folder = dovecot.new_folder()
    _fill(dovecot, folder)
    settings = tmp_path / "settings.toml"
    settings.write_text(f"""
[app]
database_url = "{database_url}"
data_dir = "{tmp_path / 'data'}"
log_level = "WARNING"
[[sources]]
name = "hop-thu"
kind = "imap"
host = "127.0.0.1"
port = {dovecot.port}
security = "plain"
user = "{USER}"
password_env = "CONGBO_TEST_MAIL_PASSWORD"
folders = ["{folder}"]
post_action = "seen"
""", encoding="utf-8")
    env = {**os.environ, "CONGBO_TEST_MAIL_PASSWORD": PASSWORD}
    command = [sys.executable, "-m", "ingest.cli", "--settings", str(settings), "poll", "--once"]
    rng = random.Random(20261128)
    for _ in range(KILLS):
        worker = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 2.5))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
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
