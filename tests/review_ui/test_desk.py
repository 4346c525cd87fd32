"""The desk's web door: sign-in and its lock-out across processes, safe redirects, cookies,
nothing unpublished without signing in, a refused save that loses nothing, notifications by mail."""

from __future__ import annotations

import re
import socket
from datetime import timedelta

import pytest

from editorial.notify import Mailer, send_digests
from ingest.models import utcnow
from review_ui import create_app

from ..board import PASSWORD, Board


@pytest.fixture
def app(board: Board):
    app = create_app({"TESTING": True}, settings=board.settings)
    yield app
    app.extensions["congbo_engine"].dispose()


def token_of(client) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)


def sign_in(client, username: str, password: str = PASSWORD, next_url: str | None = None):  # type: ignore[no-untyped-def]
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": username, "password": password, "csrf_token": token_of(client)})


def test_nothing_of_an_unpublished_document_is_visible_without_signing_in(app, board: Board):
    with board.sessions() as session:
        document = board.document(session)
        session.commit()
        item_id = document.item_id
    client = app.test_client()
    for path in ("/", f"/items/{item_id}", "/review/", f"/review/documents/{document.id}",
                 f"/review/documents/{document.id}/pages/1.png", "/review/skipped", "/review/reports"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), path
    assert client.get("/healthz").status_code == 200


def test_a_lock_out_after_failed_sign_ins_holds_in_every_web_process(board: Board):
    first, second = (create_app({"TESTING": True}, settings=board.settings) for _ in range(2))
    try:
        client = first.test_client()
        for _ in range(board.settings["auth.max_failures"]):
            assert sign_in(client, "uyvien", "sai-mat-khau").status_code == 401
        other = second.test_client()  # another process, the same database
        refused = sign_in(other, "uyvien")
        assert refused.status_code == 401 and "thử lại sau" in refused.get_data(as_text=True)
    finally:
        first.extensions["congbo_engine"].dispose()
        second.extensions["congbo_engine"].dispose()


def test_a_disabled_user_cannot_sign_in(app, board: Board):
    from editorial.users import set_active

    with board.sessions() as session:
        set_active(session, "uyvien", False)
        session.commit()
    assert sign_in(app.test_client(), "uyvien").status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/review/", "/\\evil.example", "javascript:alert(1)"])
def test_next_after_sign_in_never_leads_to_another_site(app, target):
    response = sign_in(app.test_client(), "uyvien", next_url=target)
    assert response.status_code == 302 and response.headers["Location"] == "/review/"


def test_next_after_sign_in_leads_back_to_the_page_asked_for(app):
    assert sign_in(app.test_client(), "uyvien", next_url="/review/reports").headers["Location"] == "/review/reports"


def test_the_session_cookie_is_http_only_same_site_and_secure_over_https(app):
    plain = sign_in(app.test_client(), "uyvien").headers.get_all("Set-Cookie")
    assert any("HttpOnly" in c and "SameSite=Lax" in c and "Secure" not in c for c in plain)
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/login", base_url="https://desk.example").get_data(as_text=True)).group(1)
    secure = client.post("/login", base_url="https://desk.example",
                         data={"username": "uyvien", "password": PASSWORD, "csrf_token": token}).headers.get_all("Set-Cookie")
    assert any("Secure" in c for c in secure)


def test_a_save_on_a_page_someone_else_changed_is_refused_and_shows_back_what_was_typed(app, board: Board):
    with board.sessions() as session:
        document = board.document(session)
        board.desk.edit(session, document, board.user(session, "nguoigui"), revision=1, values={"subject": "Bản khác"})
        session.commit()
    client = app.test_client()
    sign_in(client, "uyvien")
    page = client.post(f"/review/documents/{document.id}/edit", data={
        "csrf_token": token_of(client), "revision": 1, "f_subject": "Nội dung tôi vừa gõ"})
    body = page.get_data(as_text=True)
    assert page.status_code == 409 and "bản 2" in body and "Nội dung tôi vừa gõ" in body and "Trích yếu" in body


def test_the_document_page_shows_the_fields_the_actions_allowed_and_the_history(app, board: Board):
    with board.sessions() as session:
        document = board.document(session)
        session.commit()
    client = app.test_client()
    sign_in(client, "uyvien")
    body = client.get(f"/review/documents/{document.id}").get_data(as_text=True)
    assert 'name="f_number" value="166/QĐ-SXD"' in body and "Độ tin cậy 95%" in body
    assert 'id="do-submit"' in body and 'id="do-approve"' not in body and 'id="do-publish"' not in body
    assert "Nhật ký" in body and "Đưa vào hàng chờ" in body and "Hệ thống tiếp nhận" in body
    assert not re.search(r'(src|href)="(https?:)?//', body), "every asset is served by the app"
    sign_in(head := app.test_client(), "totruong")
    assert 'id="do-submit"' not in head.get(f"/review/documents/{document.id}").get_data(as_text=True)


def test_a_secrecy_no_one_could_read_is_shown_and_submission_waits_for_a_person_to_settle_it(app, board: Board):
    from parsers.metadata.fields import SECRECY_UNKNOWN

    with board.sessions() as session:
        document = board.document(session, secrecy=SECRECY_UNKNOWN)
        session.commit()
    client = app.test_client()
    sign_in(client, "uyvien")
    body = client.get(f"/review/documents/{document.id}").get_data(as_text=True)
    assert f'<option value="{SECRECY_UNKNOWN}" selected>' in body and "Chưa rõ độ mật" in body
    assert re.search(r'id="do-submit" disabled', body)
    refused = client.post(f"/review/documents/{document.id}/act", data={
        "csrf_token": token_of(client), "revision": "1", "action": "submit", "not_secret": "1"})
    assert refused.status_code == 409 and "Chưa rõ độ mật" in refused.get_data(as_text=True)
    client.post(f"/review/documents/{document.id}/edit", data={  # the member looked at the scan: no mark
        "csrf_token": token_of(client), "revision": "1", **{f"f_{k}": v for k, v in _form_of(body).items()},
        "f_secrecy": ""})
    body = client.get(f"/review/documents/{document.id}").get_data(as_text=True)
    assert not re.search(r'id="do-submit" disabled', body) and "Chưa rõ độ mật" not in body


def test_the_member_chooses_the_files_to_publish_and_the_choice_is_a_new_revision(app, board: Board):
    with board.sessions() as session:
        document = board.document(session)
        session.commit()
        original = document.item.sha256
    client = app.test_client()
    sign_in(client, "uyvien")
    page = client.get(f"/review/documents/{document.id}").get_data(as_text=True)
    assert f'name="file" value="{original}"' in page and "checked" in page
    response = client.post(f"/review/documents/{document.id}/edit", data={
        "csrf_token": token_of(client), "revision": 1, "files_shown": "1"})
    assert response.status_code == 409 and "ít nhất một tệp" in response.get_data(as_text=True)
    response = client.post(f"/review/documents/{document.id}/edit", data={
        "csrf_token": token_of(client), "revision": 1, "files_shown": "1", "file": [original, "f" * 64]})
    assert response.status_code == 302, "a hash that is not the document's is ignored"
    with board.sessions() as session:
        revision = board.desk.get(session, document.id).current_revision
        assert revision.number == 1 and [f["sha256"] for f in revision.files] == [original]


def test_queue_search_finds_a_document_without_diacritics_and_marks_late_ones(app, board: Board):
    with board.sessions() as session:
        board.document(session, subject="Hướng dẫn cấp giấy phép xây dựng đường giao thông")
        old = board.document(session, number="9/QĐ-SXD", subject="Kế hoạch kiểm tra")
        old.received_at = utcnow() - timedelta(days=10)
        session.commit()
    client = app.test_client()
    sign_in(client, "uyvien")
    found = client.get("/review/?q=giay+phep+duong").get_data(as_text=True)
    assert "giấy phép xây dựng đường" in found and "Kế hoạch kiểm tra" not in found
    assert "quá hạn" in client.get("/review/").get_data(as_text=True)


def test_the_reports_count_what_each_unit_provided_and_what_was_published_and_returned(app, board: Board):
    with board.sessions() as session:
        for unit in ("VP", "VP", "QLXD"):
            document = board.document(session, unit=unit)
            actor = "uyvien" if unit == "VP" else "uyvien_khac"
            board.desk.submit(session, document, board.user(session, actor), revision=1, not_secret=True)
        board.desk.return_to_unit(session, document, board.user(session, "totruong"), revision=1, reason="thiếu nguồn")
        session.commit()
    client = app.test_client()
    sign_in(client, "totruong")
    page = client.get("/review/reports").get_data(as_text=True)
    assert "<svg" in page and "Văn bản theo tuần" in page and "<script" not in page
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td></tr>", page)
    assert ("Văn phòng Sở", "2", "0", "0") in rows and ("Phòng Quản lý xây dựng", "1", "0", "1") in rows


def test_the_skipped_list_offers_to_pull_in_only_what_the_rules_allow(app, board: Board, tmp_path):
    from dataclasses import replace

    from ingest.pipeline import Pipeline
    from ingest.samples import SampleDocument, build_docx

    with Pipeline.from_settings(board.settings) as pipeline:
        secret = pipeline.ingest_bytes(build_docx(replace(SampleDocument(), stamps=("MẬT",))), "mat.docx",
                                       source="test").item
        plain = pipeline.ingest_bytes(build_docx(replace(SampleDocument(), recipients=("Lưu: VT.",))), "noi-bo.docx",
                                      source="test").item
    client = app.test_client()
    sign_in(client, "uyvien")
    page = client.get("/review/skipped").get_data(as_text=True)
    assert f"/review/items/{plain.id}/pull" in page and f"/review/items/{secret.id}/pull" not in page
    refused = client.post(f"/review/items/{secret.id}/pull", data={"csrf_token": token_of(client)})
    assert refused.status_code == 409 and "độ mật" in refused.get_data(as_text=True)


def _form_of(page: str) -> dict[str, str]:
    """The values of a document page's metadata inputs, as the browser would send them back."""
    import html

    return {name: html.unescape(value) for name, value in re.findall(r'name="f_(\w+)" value="([^"]*)"', page)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_holders_of_the_next_role_get_at_most_one_digest_an_hour_from_a_real_smtp_server(board: Board):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):  # type: ignore[no-untyped-def]
            received.append(message)

    controller = Controller(Keep(), hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        mailer = Mailer("127.0.0.1", controller.port, sender="congbo@sxd.kontum.gov.vn")
        with board.sessions() as session:
            for _ in range(2):
                document = board.document(session)
                board.desk.submit(session, document, board.user(session, "uyvien"), revision=1, not_secret=True)
            session.commit()
            now = utcnow()
            assert send_digests(session, mailer, now) >= 1
            to_head = [m for m in received if m["To"] == "totruong@sxd.kontum.gov.vn"]
            assert len(to_head) == 1, "both documents in one digest"
            body = to_head[0].get_payload(decode=True).decode("utf-8")
            assert body.count("Chờ Tổ trưởng duyệt") == 2 and "/review/documents/" in body
            from email.header import decode_header, make_header

            assert "[Tổ Biên tập] 2 văn bản" in str(make_header(decode_header(to_head[0]["Subject"])))
            third = board.document(session)
            board.desk.submit(session, third, board.user(session, "uyvien"), revision=1, not_secret=True)
            session.commit()
            send_digests(session, mailer, now + timedelta(minutes=30))
            assert len([m for m in received if m["To"] == "totruong@sxd.kontum.gov.vn"]) == 1, "not twice in an hour"
            send_digests(session, mailer, now + timedelta(minutes=61))
            later = [m for m in received if m["To"] == "totruong@sxd.kontum.gov.vn"]
            assert len(later) == 2 and later[1].get_payload(decode=True).decode().count("Chờ Tổ trưởng duyệt") == 1
            delegated = [m for m in received if m["To"] == "topho_uyquyen@sxd.kontum.gov.vn"]
            assert delegated, "the deputy acting for the head is told too"
            assert not [m for m in received if m["To"] == "topho@sxd.kontum.gov.vn"], "not a deputy without delegation"
    finally:
        controller.stop()
