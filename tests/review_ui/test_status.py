"""The status pages: what was taken in, what could not be read and why, in Vietnamese, offline."""

from __future__ import annotations

import re

import pytest

from ingest.db import migrate
from ingest.demo import load_demo
from ingest.settings import load_settings
from review_ui import create_app


@pytest.fixture
def app(database_url, tmp_path):
    migrate(database_url)
    settings = load_settings(environ={}, overrides={"app.database_url": database_url,
                                                    "app.data_dir": str(tmp_path / "data")})
    load_demo(settings)
    app = create_app({"TESTING": True}, settings=settings)
    yield app
    app.extensions["congbo_engine"].dispose()


def test_the_status_page_lists_items_and_quarantined_files_with_their_error(app):
    page = app.test_client().get("/").get_data(as_text=True)
    assert "Tình trạng tiếp nhận" in page
    assert "166-QD-SXD.docx" in page and "1234-SXD-QLXD.odt" in page
    assert "Văn bản không đọc được" in page and "bi-hong.docx" in page
    assert "damaged DOCX file" in page or "not a readable" in page
    assert "congbo retry" in page


def test_an_item_page_shows_what_was_read_and_its_history(app):
    client = app.test_client()
    index = client.get("/").get_data(as_text=True)
    item_id = re.search(r'href="/items/(\d+)">\d+</a></td>\s*<td>15-KH-SXD-TCVN3.docx', index).group(1)
    page = client.get(f"/items/{item_id}").get_data(as_text=True)
    assert "TCVN3 → Unicode" in page
    assert "Kiểm tra chất lượng công trình xây dựng năm 2002" in page
    assert "không phải định dạng mở" in page
    assert "Lịch sử" in page and "stored" in page


def test_an_unknown_item_is_404(app):
    assert app.test_client().get("/items/999999").status_code == 404


def test_the_health_check_answers(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok", "database": True}


def test_pages_need_nothing_from_outside(app):
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    assert not re.search(r'(src|href)="(https?:)?//', page), "every asset is served by the app"
    css = client.get("/static/congbo.css")
    assert css.status_code == 200 and b"font-family" in css.data
