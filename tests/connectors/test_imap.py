"""Mailboxes (Quy chế Điều 7.3, 9), against a real Dovecot: messages are taken in once, marked
only after they are stored, read again without duplicates when a mailbox is recreated, announced
by IDLE, and a server that goes away is retried with backoff."""

from __future__ import annotations

import re

import threading
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from connectors.base import ConnectorError
from connectors.imap import ImapSource
from ingest import intake, selection
from ingest.blobstore import BlobStore
from ingest.db import make_engine, migrate, session_factory
from ingest.models import Item
from ingest.pipeline import Pipeline

from .conftest import PASSWORD, USER


@pytest.fixture
def pipeline(database_url, tmp_path, ctx, registry):
    migrate(database_url)
    engine = make_engine(database_url)
    yield Pipeline(session_factory(engine), BlobStore(tmp_path / "originals"), ctx, registry, engine=engine)
    engine.dispose()


def mail(subject: str, attachment: bytes | None = None, body: str = "Kính gửi Tổ Biên tập.") -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = "vanthu@sxd.kontum.gov.vn", USER
    message["Subject"] = subject
    message["Message-ID"] = f"<{abs(hash((subject, body)))}@sxd.kontum.gov.vn>"
    message.set_content(body)
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="octet-stream", filename="van-ban.docx")
    return message.as_bytes()


def source(dovecot, folder: str, **kw) -> ImapSource:
    options = {"security": "plain", "port": dovecot.port, "post_action": "seen"} | kw
    return ImapSource("hop-thu", host=dovecot.host, user=USER, password=PASSWORD, folders=(folder,), **options)


def stored(pipeline: Pipeline) -> list[Item]:
    with pipeline.sessions() as session:
        return list(session.scalars(select(Item).where(Item.parent_id.is_(None)).order_by(Item.id)))


def test_messages_are_taken_in_and_marked_seen_only_once_stored(pipeline, dovecot, sample_docx):
    folder = dovecot.new_folder()
    dovecot.append(folder, mail("Quyết định 166/QĐ-SXD", sample_docx))
    dovecot.append(folder, mail("Thông báo lịch họp"))
    imap = source(dovecot, folder)
    try:
        peeked = list(imap.poll())
        assert len(peeked) == 2 and not any("\\Seen" in f for f in dovecot.flags(folder)), "BODY.PEEK marks nothing"
        result = intake.poll(pipeline, imap)
    finally:
        imap.close()
    assert result.taken == 2 and result.error is None
    items = stored(pipeline)
    assert [i.state for i in items] == ["queued", "skipped"]
    assert all(i.external_id and i.external_id.endswith("@sxd.kontum.gov.vn>") for i in items), "Message-ID kept"
    assert items[0].source_key.startswith(f"{USER}@127.0.0.1/{folder}/")
    assert items[1].skip_reason == selection.NO_ATTACHMENT
    assert all("\\Seen" in f for f in dovecot.flags(folder))
    again = source(dovecot, folder)
    fetched: list[str] = []
    try:
        assert intake.poll(pipeline, again).taken == 0
        list(again.poll(known=lambda key: fetched.append(key) or True))
    finally:
        again.close()
    assert len(fetched) == 2, "known UIDs are skipped before any fetch"


@pytest.mark.parametrize("action, expect", [("flag", "\\Flagged"), ("keyword:congbo", "congbo")])
def test_post_actions_flag_or_add_a_keyword(pipeline, dovecot, action, expect, sample_docx):
    folder = dovecot.new_folder()
    dovecot.append(folder, mail("Quyết định", sample_docx))
    imap = source(dovecot, folder, post_action=action)
    try:
        intake.poll(pipeline, imap)
    finally:
        imap.close()
    [flags] = dovecot.flags(folder)
    assert expect in flags and "\\Seen" not in flags


def test_the_move_post_action_moves_to_a_folder(pipeline, dovecot, sample_docx):
    folder = dovecot.new_folder()
    dovecot.append(folder, mail("Quyết định", sample_docx))
    imap = source(dovecot, folder, post_action=f"move:{folder}-done")
    try:
        intake.poll(pipeline, imap)
    finally:
        imap.close()
    assert dovecot.count(folder) == 0 and dovecot.count(f"{folder}-done") == 1


def test_imaps_with_a_self_signed_certificate_and_starttls(pipeline, dovecot, sample_docx):
    folder = dovecot.new_folder()
    dovecot.append(folder, mail("Quyết định", sample_docx))
    secure = source(dovecot, folder, security="ssl", port=dovecot.ssl_port, ca_file=str(dovecot.cert))
    try:
        assert intake.poll(pipeline, secure).taken == 1
    finally:
        secure.close()
    starttls = source(dovecot, folder, security="starttls", ca_file=str(dovecot.cert), timeout=5)
    try:
        assert len(list(starttls.poll())) == 1
    finally:
        starttls.close()
    untrusted = source(dovecot, folder, security="ssl", port=dovecot.ssl_port)
    with pytest.raises(ConnectorError, match="không đăng nhập được"):
        list(untrusted.poll())


def test_plain_text_is_refused_off_loopback():
    with pytest.raises(ConnectorError, match="chỉ được dùng với chính máy này"):
        ImapSource("x", host="192.0.2.10", port=143, user="u", password="p", security="plain")


def test_a_recreated_mailbox_is_read_again_without_duplicating(pipeline, dovecot, sample_docx):
    folder = dovecot.new_folder()
    message = mail("Quyết định", sample_docx)
    dovecot.append(folder, message)
    imap = source(dovecot, folder)
    try:
        intake.poll(pipeline, imap)
    finally:
        imap.close()
    client = dovecot.client()
    client.delete(folder)
    client.create(folder)
    client.logout()
    dovecot.append(folder, message)  # same bytes, new UIDVALIDITY
    again = source(dovecot, folder)
    try:
        assert intake.poll(pipeline, again).taken == 0
        units = stored(pipeline)
        assert [i.state for i in units] == ["queued", "duplicate"], "one unit, and the new key in the ledger"
        assert units[1].duplicate_of_id == units[0].id and units[1].acknowledged_at is not None
        fetched: list[str] = []
        for incoming in again.poll(known=lambda key: pipeline.known(again.name, key)):
            fetched.append(incoming.key)
        assert fetched == [], "never fetched again"
    finally:
        again.close()
    assert all("\\Seen" in f for f in dovecot.flags(folder)), "acknowledged all the same"


def test_a_copy_of_a_stored_mail_in_a_second_folder_is_recorded_acknowledged_and_never_fetched_again(
        pipeline, dovecot, sample_docx):
    first, second = dovecot.new_folder(), dovecot.new_folder()
    message = mail("Quyết định", sample_docx)
    dovecot.append(first, message)
    dovecot.append(second, message)  # the same bytes, e.g. re-sent or filed twice
    imap = source(dovecot, first)
    imap.folders = [first, second]
    try:
        assert intake.poll(pipeline, imap).taken == 1
        keys = {i.source_key.rsplit("/", 3)[1] for i in stored(pipeline)}
        assert keys == {first, second} and all(i.acknowledged_at for i in stored(pipeline))
        assert list(imap.poll(known=lambda key: pipeline.known(imap.name, key))) == []
    finally:
        imap.close()
    assert all("\\Seen" in f for f in dovecot.flags(second))


def test_a_message_appended_while_idling_is_announced(dovecot):
    folder = dovecot.new_folder()
    idler = source(dovecot, folder)
    assert idler.supports_idle()
    announced: list[bool] = []
    started = time.monotonic()
    thread = threading.Thread(target=lambda: announced.append(idler.wait_for_news(timeout=30)))
    thread.start()
    time.sleep(1)
    dovecot.append(folder, mail("Hỏa tốc"))
    thread.join(timeout=40)
    idler.close()
    assert announced == [True] and time.monotonic() - started < 10


def test_a_server_that_goes_away_is_retried_with_backoff(pipeline, dovecot, sample_docx):
    folder = dovecot.new_folder()
    imap = source(dovecot, folder)
    now = datetime.now(timezone.utc)
    dovecot.stop()
    try:
        failed = intake.poll(pipeline, imap, now=now)
        assert failed.error and "không đăng nhập được" in failed.error
        [health] = intake.health_table(pipeline)
        assert health.consecutive_failures == 1 and health.next_attempt_at is not None
    finally:
        dovecot.start()
    dovecot.append(folder, mail("Quyết định", sample_docx))
    assert intake.poll(pipeline, imap, now=now + timedelta(seconds=5)).error == "đang chờ trước khi thử lại sau các lần lỗi"
    recovered = intake.poll(pipeline, imap, now=now + timedelta(hours=1))
    imap.close()
    assert recovered.error is None and recovered.taken == 1


def test_the_worker_takes_in_a_message_announced_by_idle_within_seconds(pipeline, dovecot, sample_docx):
    from apscheduler.schedulers.background import BackgroundScheduler

    from ingest.scheduler import register_jobs, start_idlers
    from ingest.settings import Settings

    folder = dovecot.new_folder()
    settings = Settings({}, sources=[{"name": "hop-thu", "kind": "imap", "every_s": 3600}])
    poller = source(dovecot, folder)
    scheduler = BackgroundScheduler()
    register_jobs(scheduler, pipeline, [poller], settings)
    scheduler.start()
    stop = threading.Event()
    (thread,) = start_idlers(scheduler, [poller], stop)  # IDLE on a second connection to the same mailbox
    try:
        time.sleep(1.5)  # the first scheduled poll has run; the next one is an hour away
        appended = time.monotonic()
        dovecot.append(folder, mail("Quyết định hỏa tốc", sample_docx))
        while time.monotonic() - appended < 15 and not stored(pipeline):
            time.sleep(0.1)
        latency = time.monotonic() - appended
    finally:
        stop.set()
        scheduler.shutdown(wait=True)
        poller.close()
        thread.join(timeout=40)
    assert [i.state for i in stored(pipeline)] == ["queued"] and latency < 10


def test_a_starttls_source_never_logs_in_unless_tls_was_negotiated():
    """A STARTTLS that does nothing (a broken client, a stripping middlebox) must not end in a
    password sent in the clear."""
    import socket as socket_module

    class _NoTls:
        def __init__(self) -> None:
            self.sock = socket_module.socket()
            self.logged_in = False

        def starttls(self, **_kw):  # type: ignore[no-untyped-def]
            return "OK", [b"Begin TLS negotiation now"]  # ... and nothing happens

        def login(self, *_a):  # type: ignore[no-untyped-def]
            self.logged_in = True
            return "OK", [b"Logged in"]

        def logout(self):  # type: ignore[no-untyped-def]
            self.sock.close()

    client = _NoTls()
    imap = ImapSource("hop-thu", host="127.0.0.1", port=143, user=USER, password=PASSWORD, security="starttls",
                      client_factory=lambda: client)
    with pytest.raises(ConnectorError, match="mật khẩu không được gửi đi"):
        imap.connect()
    assert not client.logged_in


def test_the_strict_test_server_refuses_a_password_sent_in_the_clear(strict_dovecot):
    import imaplib

    client = imaplib.IMAP4(strict_dovecot.host, strict_dovecot.port)
    try:
        with pytest.raises(imaplib.IMAP4.error):
            client.login(USER, PASSWORD)
    finally:
        client.shutdown()


def test_starttls_takes_mail_from_a_server_that_refuses_plaintext_and_plain_cannot(pipeline, strict_dovecot,
                                                                                   sample_docx):
    """The server takes the password only once TLS is up: a STARTTLS that did nothing could not log in."""
    folder = strict_dovecot.new_folder()
    strict_dovecot.append(folder, mail("Quyết định", sample_docx))
    plain = source(strict_dovecot, folder)
    with pytest.raises(ConnectorError, match="không đăng nhập được"):
        list(plain.poll())
    starttls = source(strict_dovecot, folder, security="starttls", ca_file=str(strict_dovecot.cert), timeout=5)
    try:
        assert intake.poll(pipeline, starttls).taken == 1
    finally:
        starttls.close()
    assert "\\Seen" in strict_dovecot.flags(folder)[0]


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_certificate_for_another_host_name_is_refused_for_that_reason(dovecot, security):
    """The certificate is signed by the trusted file but names 127.0.0.1, and the source asked for localhost."""
    folder = dovecot.new_folder()
    port = dovecot.ssl_port if security == "ssl" else dovecot.port
    wrong = ImapSource("hop-thu", host="localhost", port=port, user=USER, password=PASSWORD, folders=(folder,),
                       security=security, ca_file=str(dovecot.cert), timeout=5)
    with pytest.raises(ConnectorError, match=r"chứng chỉ của máy chủ cấp cho .*127\.0\.0\.1.*, không phải localhost"):
        list(wrong.poll())


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_a_self_signed_certificate_without_ca_file_is_refused_for_that_reason(strict_dovecot, security):
    """No ca_file: the chain is checked against the system's roots (never not at all), which do not
    hold the server's own certificate."""
    folder = strict_dovecot.new_folder()
    port = strict_dovecot.ssl_port if security == "ssl" else strict_dovecot.port
    untrusted = source(strict_dovecot, folder, security=security, port=port, timeout=5)
    with pytest.raises(ConnectorError, match=r"không được tin cậy \(chứng chỉ tự ký\)") as refused:
        list(untrusted.poll())
    assert re.search("CERTIFICATE_VERIFY_FAILED.*self-signed certificate", refused.value.detail), "the log keeps why"


def test_no_mail_is_marked_seen_while_its_bytes_cannot_be_stored(database_url, small_disk, dovecot, ctx, registry,
                                                                  sample_docx):
    """The blob store (a real tmpfs) turns read-only: the poll fails as a source failure and not one
    mail is marked seen; once it can write again, every mail is stored, then marked."""
    from tests.conftest import remount

    migrate(database_url)
    engine = make_engine(database_url)
    (small_disk / "originals").mkdir()
    pipeline = Pipeline(session_factory(engine), BlobStore(small_disk / "originals"), ctx, registry, engine=engine)
    folder = dovecot.new_folder()
    for n in range(3):
        dovecot.append(folder, mail(f"Quyết định {n}", sample_docx, body=f"thư {n}"))
    remount(small_disk, "ro")
    imap = source(dovecot, folder)
    try:
        failed = intake.poll(pipeline, imap)
        assert failed.error is not None and "ổ đĩa chỉ cho đọc" in failed.error
        assert not any("\\Seen" in f for f in dovecot.flags(folder)) and not stored(pipeline)
        remount(small_disk, "rw")
        assert intake.poll(pipeline, imap, force=True).taken == 3
    finally:
        imap.close()
        engine.dispose()
    assert all("\\Seen" in f for f in dovecot.flags(folder)) and len(stored(pipeline)) == 3
