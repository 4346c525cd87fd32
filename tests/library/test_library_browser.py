"""The public library as a reader on a phone uses it, in Debian's Chromium: search without
diacritics, filter, open the document, download the original; and axe-core finds no serious or
critical accessibility violation on the list, search and document pages."""

from __future__ import annotations

import pytest

from ingest.blobstore import BlobStore
from ingest.settings import resolve_path

from ..browser import demo_app, serious_violations, serve, shot

pytestmark = [pytest.mark.browser, pytest.mark.tool, pytest.mark.slow, pytest.mark.xdist_group("library-browser")]
PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "vi-VN", "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def library_site(tmp_path_factory):
    app, settings = demo_app(tmp_path_factory.mktemp("library"), publish=True)
    base, server = serve(app)
    yield base, BlobStore(resolve_path(settings, "app.data_dir") / "originals")
    server.shutdown()
    app.extensions["congbo_engine"].dispose()


def test_a_reader_searches_without_diacritics_filters_opens_and_downloads(browser, library_site, tmp_path):
    base, store = library_site
    page = browser.new_context(base_url=base, accept_downloads=True, **PHONE).new_page()
    page.goto("/van-ban")
    page.fill("#q", "giay phep xay dung")
    page.click("button:has-text('Tìm kiếm')")
    page.wait_for_url("**/van-ban?q=giay+phep+xay+dung*")
    assert "Công văn số 1234/SXD-QLXD" in page.inner_text(".hits")
    shot(page, "library-1-search-without-diacritics")
    page.click("summary:has-text('Lọc và sắp xếp')")
    page.select_option("#f-doc_type", "Công văn")
    page.click("button:has-text('Áp dụng')")
    page.wait_for_url("**loai=*")
    assert page.locator(".hit").count() == 1 and "Loại văn bản: Công văn" in page.inner_text(".chosen")
    page.click(".hit h3 a")
    page.wait_for_url("**/van-ban/*-v-v-huong-dan-*")
    assert "Thuộc tính văn bản" in page.inner_text("main")
    shot(page, "library-2-document-page")
    with page.expect_download() as download:
        page.click("ul.files a:has-text('1234-SXD-QLXD.odt')")
    saved = tmp_path / "original.odt"
    download.value.save_as(saved)
    digest = page.get_attribute("ul.files a:has-text('1234-SXD-QLXD.odt')", "href").split("/tep/")[1].split("/")[0]
    assert saved.read_bytes() == store.get(digest), "the original bytes, as taken in"


@pytest.mark.parametrize("path", ["/van-ban", "/van-ban?q=quyet+dinh+166", "/van-ban?q=xay+dung&loai=C%C3%B4ng+v%C4%83n",
                                  "/van-ban/1", "/van-ban/999"])
def test_no_serious_or_critical_accessibility_violation(browser, library_site, path):
    base, _ = library_site
    for options in (PHONE, {"viewport": {"width": 1280, "height": 900}, "locale": "vi-VN"}):
        page = browser.new_context(base_url=base, **options).new_page()
        page.goto(path)
        assert serious_violations(page) == [], path
