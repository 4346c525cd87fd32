"""The public library's pages, feed, sitemap and API, on SQLite and PostgreSQL: what the deputy
published is there at once, with its attributes, files and relations; nothing else is, by any URL."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from library.relations import Kind, Relation
from review_ui import create_app


@pytest.fixture
def app(board):
    app = create_app({"TESTING": True, "SERVER_NAME": "sxd.kontum.gov.vn"}, settings=board.settings)
    yield app
    app.extensions["congbo_engine"].dispose()


def published_id(board, **values) -> int:
    """The id of a decision published (and committed)."""
    with board.sessions() as session:
        doc = publish_decision(board, session, **values)
        session.commit()
        return doc.id


def publish_decision(board, session, **values):
    values = {"number": "166/QĐ-SXD", "subject": "Ban hành Quy chế quản lý Trang thông tin điện tử",
              "effective_on": "2024-01-01", "body": "Quyết định này thay thế Quyết định số 12/2020/QĐ-SXD.", **values}
    body = values.pop("body")
    return board.published(session, body=body, **values)


def test_a_published_document_has_its_page_with_every_attribute(app, board):
    doc_id = published_id(board)
    client = app.test_client()
    listing = client.get("/van-ban?q=quyet+dinh+166")
    html = listing.get_data(as_text=True)
    assert listing.status_code == 200 and "Ban hành Quy chế quản lý Trang thông tin điện tử" in html
    link = re.search(rf'href="(/van-ban/{doc_id}-[a-z0-9-]+)"', html).group(1)
    page = client.get(link, query_string={"ngay": "2024-06-01"}).get_data(as_text=True)
    for shown in ("166/QĐ-SXD", "Quyết định", "SỞ XÂY DỰNG", "UBND TỈNH KON TUM", "26/12/2023", "01/01/2024",
                  "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC, Nguyễn Văn An", "Văn bản quy phạm pháp luật", "Còn hiệu lực"):
        assert shown in page, shown
    before = client.get(link, query_string={"ngay": "2023-12-30"}).get_data(as_text=True)
    assert "Chưa có hiệu lực" in before
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["@type"] == "Legislation" and ld["legislationIdentifier"] == "166/QĐ-SXD"
    assert ld["legislationLegalForce"] == "https://schema.org/InForce"
    assert 'property="og:title" content="Quyết định số 166/QĐ-SXD"' in page


def test_effectivity_is_never_said_to_be_in_force_when_unknown(app, board):
    doc_id = published_id(board, effective_on=None)
    page = app.test_client().get(f"/van-ban/{doc_id}", follow_redirects=True).get_data(as_text=True)
    assert "Chưa xác định hiệu lực" in page and "Còn hiệu lực" not in page.split("Thuộc tính văn bản")[0]


def test_the_permalink_holds_across_a_correction(app, board):
    with board.sessions() as session:
        doc = publish_decision(board, session)
        session.commit()
        client = app.test_client()
        first = client.get(f"/van-ban/{doc.id}").headers["Location"]
        board.desk.correct(session, doc, board.user(session, "uyvien"), revision=1, note="Sửa trích yếu cho đúng")
        board.desk.edit(session, doc, board.user(session, "uyvien"), revision=2,
                        values={"subject": "Ban hành Quy chế Trang thông tin điện tử Sở Xây dựng"})
        board.publish(session, doc)
        session.commit()
    moved = client.get(first)
    assert moved.status_code == 301 and moved.headers["Location"] != first
    page = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert "Sửa trích yếu cho đúng" in page and "Ban hành Quy chế Trang thông tin điện tử Sở Xây dựng" in page


def test_a_search_page_kept_by_one_web_process_never_outlives_a_change_made_through_another(app, board):
    """Two web processes on one database: the first keeps the page it rendered; a publication, a
    correction and a take-down committed elsewhere each show on its very next request."""
    other = create_app({"TESTING": True, "SERVER_NAME": "sxd.kontum.gov.vn"}, settings=board.settings)
    reader = app.test_client()
    first = published_id(board, subject="Ban hành Quy chế quản lý Trang thông tin điện tử")
    page = reader.get("/van-ban?q=quy+che")
    assert page.status_code == 200 and f"/van-ban/{first}-" in page.get_data(as_text=True)
    assert reader.get("/van-ban?q=quy+che").data == page.data  # kept: the same bytes
    assert len(app.extensions["congbo_search_pages"]) == 1

    with board.sessions() as session:  # a second decision, through the other process's services
        second = publish_decision(board, session, number="17/QĐ-SXD", subject="Ban hành Quy chế văn thư")
        session.commit()
        second_id = second.id
    assert f"/van-ban/{second_id}-" in reader.get("/van-ban?q=quy+che").get_data(as_text=True)

    with board.sessions() as session:
        doc = session.get(type(second), first)
        board.desk.take_down(session, doc, board.user(session, "totruong"), revision=1, reason="Ban hành nhầm")
        session.commit()
    shown = reader.get("/van-ban?q=quy+che").get_data(as_text=True)
    assert f"/van-ban/{first}-" not in shown and f"/van-ban/{second_id}-" in shown
    assert f"/van-ban/{first}-" not in other.test_client().get("/van-ban?q=quy+che").get_data(as_text=True)
    other.extensions["congbo_engine"].dispose()


def test_a_search_page_is_revalidated_by_its_etag(app, board):
    published_id(board)
    client = app.test_client()
    page = client.get("/van-ban?q=quyet+dinh")
    again = client.get("/van-ban?q=quyet+dinh", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304 and page.headers["Cache-Control"] == "public, max-age=0"


def test_downloads_of_the_original_and_the_text_and_nothing_else(app, board):
    with board.sessions() as session:
        doc = publish_decision(board, session)
        session.commit()
        doc_id, sha, name = doc.id, doc.item.sha256, doc.item.name
        other = board.document(session, subject="Chưa công bố")
        session.commit()
        other_id, other_sha = other.id, other.item.sha256
    client = app.test_client()
    original = client.get(f"/van-ban/{doc_id}/tep/{sha}/{name}")
    assert original.status_code == 200 and original.data == board.store.get(sha)
    assert "attachment" in original.headers["Content-Disposition"]
    text = client.get(f"/van-ban/{doc_id}/noi-dung.txt")
    assert text.status_code == 200 and "thay thế Quyết định số 12/2020" in text.get_data(as_text=True)
    for path in (f"/van-ban/{other_id}", f"/van-ban/{other_id}-chua-cong-bo", f"/van-ban/{other_id}/noi-dung.txt",
                 f"/van-ban/{other_id}/tep/{other_sha}/x.docx", f"/van-ban/{doc_id}/tep/{other_sha}/x.docx",
                 f"/api/v1/documents/{other_id}"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Không" in response.get_data(as_text=True)


def test_relations_both_ways_and_a_document_not_in_the_library_named_by_number(app, board):
    with board.sessions() as session:
        old = publish_decision(board, session, number="12/2020/QĐ-SXD", issued_on="2020-03-05",
                               subject="Quy chế cũ về Trang thông tin điện tử", effective_on="2020-03-05")
        new = publish_decision(board, session)
        board.desk.correct(session, new, board.user(session, "uyvien"), revision=1, note="Ghi văn bản liên quan")
        board.desk.edit(session, new, board.user(session, "uyvien"), revision=2, relations=[
            Relation(Kind.REPLACES, "12/2020/QĐ-SXD", None, None, "Quyết định số 12/2020/QĐ-SXD", "text"),
            Relation(Kind.GUIDES, "15/2021/NĐ-CP", None, None, "Nghị định số 15/2021/NĐ-CP", "editor")])
        board.publish(session, new)
        session.commit()
        old_id, new_id = old.id, new.id
    client = app.test_client()
    new_page = client.get(f"/van-ban/{new_id}", follow_redirects=True).get_data(as_text=True)
    assert "Thay thế" in new_page and f"/van-ban/{old_id}-" in new_page
    assert "Nghị định số 15/2021/NĐ-CP" in new_page and "chưa có trong thư viện" in new_page
    old_page = client.get(f"/van-ban/{old_id}", follow_redirects=True, query_string={"ngay": "2024-06-01"})
    text = old_page.get_data(as_text=True)
    assert "Bị thay thế bởi" in text and f"/van-ban/{new_id}-" in text and "Hết hiệu lực" in text
    assert client.get("/api/v1/documents", query_string={"hieu_luc": "het-hieu-luc", "ngay": "2024-06-01"}).json[
        "items"][0]["id"] == old_id


def test_the_feed_and_the_sitemap_list_what_is_published(app, board):
    with board.sessions() as session:
        doc = publish_decision(board, session)
        board.document(session, subject="Chưa công bố")
        session.commit()
        doc_id = doc.id
    client = app.test_client()
    feed = etree.fromstring(client.get("/van-ban/feed.atom").data)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 1 and "166/QĐ-SXD" in entries[0].findtext(f"{atom}title")
    sitemap = etree.fromstring(client.get("/sitemap.xml").data)
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(f"/van-ban/{doc_id}-" in loc for loc in locs) and len(locs) == 2


def test_the_api_searches_like_the_pages_with_cors_and_conditional_get(app, board):
    doc_id = published_id(board)
    client = app.test_client()
    listing = client.get("/api/v1/documents", query_string={"q": "166 qd sxd"})
    assert listing.status_code == 200 and listing.json["items"][0]["id"] == doc_id
    assert listing.headers["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/documents", query_string={"q": "166 qd sxd"},
                       headers={"If-None-Match": listing.headers["ETag"]})
    assert again.status_code == 304
    one = client.get(f"/api/v1/documents/{doc_id}")
    assert one.json["number"] == "166/QĐ-SXD" and one.json["files"][0]["role"] == "original"
    assert client.get(f"/api/v1/documents/{doc_id}",
                      headers={"If-Modified-Since": one.headers["Last-Modified"]}).status_code == 304
    preflight = client.options("/api/v1/documents")
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    bad = client.get("/api/v1/documents", query_string={"nam": "hai nghìn"})
    assert bad.status_code == 400 and "Năm" in bad.json["error"]["message"]
    assert client.get("/api/v1/khong-co").json["error"]["status"] == 404


def test_the_openapi_description_validates(app):
    from openapi_spec_validator import validate

    description = app.test_client().get("/api/openapi.json").json
    validate(description)
    assert set(description["paths"]) == {"/api/v1/documents", "/api/v1/documents/{id}"}


def test_every_page_speaks_vietnamese_and_needs_nothing_from_elsewhere(app, board):
    doc_id = published_id(board)
    client = app.test_client()
    for path in ("/van-ban", f"/van-ban/{doc_id}", "/van-ban/999999", "/van-ban?nam=abc", "/van-ban?sort=x"):
        html = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert '<html lang="vi">' in html
        assert not re.search(r'(src|href)="(https?:)?//', html.split("<script type=\"application/ld+json\">")[0]
                             .replace('href="http://sxd.kontum.gov.vn/', 'href="/')), path
    assert "Không có văn bản 999999" in client.get("/van-ban/999999").get_data(as_text=True)
