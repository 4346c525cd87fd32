"""The status pages: what was taken in, what could not be read and why, in Vietnamese, offline."""

from __future__ import annotations

import re

import pytest

from ingest.db import migrate
from ingest.demo import load_demo, load_demo_users
from ingest.settings import load_settings
from review_ui import create_app


@pytest.fixture
def app(database_url, tmp_path):
    migrate(database_url)
    settings = load_settings(environ={}, overrides={"app.database_url": database_url,
                                                    "app.data_dir": str(tmp_path / "data")})
    load_demo(settings)
    load_demo_users(settings)
    app = create_app({"TESTING": True}, settings=settings)
    yield app
    app.extensions["congbo_engine"].dispose()


def signed_in(app):
    """A browser session of a board member: the status pages show unpublished documents."""
    client = app.test_client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": "uyvien", "password": "uyvien-demo-2026", "csrf_token": token})
    return client


def test_the_status_page_lists_items_and_quarantined_files_with_their_error(app):
    page = signed_in(app).get("/").get_data(as_text=True)
    assert "Tình trạng tiếp nhận" in page
    assert "166-QD-SXD.docx" in page and "1234-SXD-QLXD.odt" in page
    assert "Văn bản không đọc được" in page and "bi-hong.docx" in page
    assert "bị hỏng" in page, "the error in Vietnamese"
    assert "congbo retry" in page and "Đọc lại" in page


def item_page(app, name: str) -> str:
    """The page of the item taken in as ``name``, reached from the status page's link."""
    client = signed_in(app)
    index = client.get("/").get_data(as_text=True)
    item_id = re.search(rf'href="/items/(\d+)">\d+</a></td>\s*<td>{re.escape(name)}', index).group(1)
    return client.get(f"/items/{item_id}").get_data(as_text=True)


def test_an_item_page_shows_what_was_read_and_its_history(app):
    page = item_page(app, "15-KH-SXD-TCVN3.docx")
    assert "TCVN3 → Unicode" in page
    assert "Kiểm tra chất lượng công trình xây dựng năm 2002" in page
    assert "không phải định dạng mở" in page
    assert "Lịch sử" in page and "Lưu bản gốc" in page and "Đọc văn bản" in page


def test_an_unknown_item_is_404(app):
    assert signed_in(app).get("/items/999999").status_code == 404


def test_the_health_check_answers(app):
    response = signed_in(app).get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "database": True}


def test_pages_need_nothing_from_outside(app):
    client = signed_in(app)
    page = client.get("/").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page), "every asset is served by the app"
    css = client.get("/static/congbo.css")
    assert css.status_code == 200 and b"font-family" in css.data


def test_an_item_page_shows_the_metadata_with_how_sure_and_where_it_was_found(app):
    page = item_page(app, "166-QD-SXD.docx")
    assert "Thông tin văn bản" in page
    row = re.search(r"<th>Số, ký hiệu</th><td>([^<]*)</td>\s*<td>(\d+)%</td><td>([^<]*)</td>", page)
    assert row and row.group(1) == "166/QĐ-SXD" and int(row.group(2)) > 50 and "bảng ở khối 1, hàng 1, ô 1" in row.group(3)
    assert "<th>Ngày ban hành</th><td>26/12/2023</td>" in page
    assert "Chuyên mục đề xuất (Điều 6)" in page


def test_a_value_put_right_after_ocr_shows_what_the_scan_read():
    from review_ui.fields import metadata_rows

    result = {"signer_title": "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "issued_on": "2011-01-10",
              "fields": {"signer_title": {"confidence": 0.62, "found": {"page": 1, "line": 29,
                                                                         "read_as": "PHÓ CHỦ TỊCH THƯỜNG TRỤC"}},
                         "issued_on": {"confidence": 0.72, "found": {"page": 1, "line": 2}}}}
    rows = {row.label: row for row in metadata_rows(result)}
    title = rows["Chức vụ người ký"]
    assert (title.value, title.confidence, title.found, title.read_as) == (
        "PHÓ CHỦ TỊCH THƯỜNG TRỰC", 62, "trang 1, dòng 30", "PHÓ CHỦ TỊCH THƯỜNG TRỤC")
    assert rows["Ngày ban hành"].value == "10/01/2011" and rows["Người ký"].value == "—"
    assert metadata_rows({"format": "pdf"}) == [], "a reading without metadata has no rows"


def test_digits_taken_from_the_second_ocr_engine_show_both_readings():
    from review_ui.fields import metadata_rows

    result = {"number": "5240/BCA-V01",
              "fields": {"number": {"confidence": 0.65, "found": {"page": 1, "line": 3, "read_as": "522/BCA-V01",
                                                                  "second_reading": "S6:5240/BCA-V01"}}}}
    number = {row.label: row for row in metadata_rows(result)}["Số, ký hiệu"]
    assert (number.value, number.read_as, number.second_reading) == ("5240/BCA-V01", "522/BCA-V01", "S6:5240/BCA-V01")


def test_a_region_read_again_on_its_own_says_where_it_was_found():
    from review_ui.fields import metadata_rows

    result = {"subject": "V/v tham gia ý kiến",
              "fields": {"subject": {"confidence": 0.58, "found": {"page": 1, "subject_line": 0}}}}
    subject = {row.label: row for row in metadata_rows(result)}["Trích yếu"]
    assert subject.found == "trang 1, khối dưới số văn bản đọc lại riêng, dòng 1"
    listed = {"recipients": ["Như Điều 3"], "fields": {"recipients": {"confidence": 0.72, "found": {
        "page": 1, "recipients_line": 1}}}}
    rows = {row.label: row for row in metadata_rows(listed)}
    assert rows["Nơi nhận"].found == "trang 1, danh sách Nơi nhận đọc lại riêng, dòng 2"


@pytest.mark.tool
def test_readyz_reports_the_database_the_blob_store_and_the_tools(app, tesseract, soffice):
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 200, answer.json
    checks = answer.json["checks"]
    assert {"database", "blob_store", "tesseract", "libreoffice"} <= set(checks)
    assert all(c["ok"] for c in checks.values())


@pytest.mark.tool
def test_readyz_says_what_is_not_ready(database_url, tmp_path, tesseract, soffice):
    migrate(database_url)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    settings = load_settings(environ={}, overrides={"app.database_url": database_url, "app.data_dir": str(blocked),
                                                    "tools.tesseract": str(tmp_path / "no-tesseract")})
    app = create_app({"TESTING": True}, settings=settings)
    try:
        answer = app.test_client().get("/readyz")
    finally:
        app.extensions["congbo_engine"].dispose()
    assert answer.status_code == 503
    checks = answer.json["checks"]
    assert not checks["blob_store"]["ok"] and not checks["tesseract"]["ok"] and checks["database"]["ok"]
    assert "not installed" in checks["tesseract"]["detail"]


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_a_quarantined_file_is_asked_for_again_from_the_status_page_and_its_history_says_who_asked(app):
    client = signed_in(app)
    index = client.get("/").get_data(as_text=True)
    item_id = re.search(r'href="/items/(\d+)">\d+</a></td>\s*<td>bi-hong.docx', index).group(1)
    assert f'action="/items/{item_id}/retry"' in index
    answer = client.post(f"/items/{item_id}/retry", data={"csrf_token": _token(index)})
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/items/{item_id}")
    page = client.get(f"/items/{item_id}").get_data(as_text=True)
    assert f"Đã yêu cầu đọc lại mục {item_id}" in page
    assert "Lỗi tạm thời, sẽ đọc lại" in page
    assert "Yêu cầu đọc lại" in page and "bởi " in page


def test_asking_to_read_again_a_file_that_was_read_is_refused_and_a_form_without_its_token_too(app):
    client = signed_in(app)
    index = client.get("/").get_data(as_text=True)
    read_id = re.search(r'href="/items/(\d+)">\d+</a></td>\s*<td>166-QD-SXD.docx', index).group(1)
    refused = client.post(f"/items/{read_id}/retry", data={"csrf_token": _token(index)})
    assert refused.status_code == 409 and "không có gì để đọc lại" in refused.get_data(as_text=True)
    quarantined = re.search(r'href="/items/(\d+)">\d+</a></td>\s*<td>bi-hong.docx', index).group(1)
    assert client.post(f"/items/{quarantined}/retry").status_code == 400
    assert client.post("/items/999999/retry", data={"csrf_token": _token(index)}).status_code == 404
    stranger = app.test_client()
    token = _token(stranger.get("/login").get_data(as_text=True))
    answer = stranger.post(f"/items/{quarantined}/retry", data={"csrf_token": token})
    assert answer.status_code == 302 and "/login" in answer.headers["Location"], "signed-in people only"


def test_the_status_page_shows_each_source_and_why_one_fails_in_vietnamese(app, tmp_path):
    from connectors.folder import ExportFolder
    from ingest import intake
    from ingest.pipeline import Pipeline

    client = signed_in(app)
    page = client.get("/").get_data(as_text=True)
    assert "Nguồn tiếp nhận" in page and "ioffice-export" in page and "Chưa lấy lần nào" in page
    with Pipeline.from_settings(app.config["CONGBO_SETTINGS"]) as pipeline:  # the export folder is gone
        assert intake.poll(pipeline, ExportFolder("ioffice-export", tmp_path / "mat", settle_s=0)).error
    page = client.get("/").get_data(as_text=True)
    assert "Lỗi 1 lần liên tiếp" in page and "không tồn tại" in page and "thử lại lúc" in page
    assert "does not exist" not in page and "Errno" not in page
