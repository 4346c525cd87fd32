"""The desk as a person uses it, in Debian's Chromium driven by Playwright (never a downloaded
browser), against the app served on a real port with the demo documents and users. Screenshots go
to tests/artifacts/ (ignored by git)."""

from __future__ import annotations

import re

import pytest


from ..browser import demo_app, serve, shot
from ..conftest import need_tool

# the tests share one server and its demo documents, and run in this file's order: the keyboard
# confirmation takes the last new document, which the secrecy test then marks secret
# one worker runs them all, in order, on one server (pytest-xdist --dist loadgroup)
pytestmark = [pytest.mark.browser, pytest.mark.tool, pytest.mark.slow, pytest.mark.xdist_group("desk-browser")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    need_tool("soffice")
    app, _ = demo_app(tmp_path_factory.mktemp("desk"))
    base, server = serve(app)
    yield base
    server.shutdown()
    app.extensions["congbo_engine"].dispose()


def as_user(browser, base: str, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base, viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    page = context.new_page()
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", f"{username}-demo-2026")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/review/"))
    return page


def open_document(page, subject_words: str) -> str:  # type: ignore[no-untyped-def]
    page.goto("/review/?state=open")
    page.click(f"tr:has-text('{subject_words}') >> a")
    page.wait_for_selector("figure.page img")
    return page.url


def state_of(page) -> str:  # type: ignore[no-untyped-def]
    return page.inner_text(".summary .state")


def test_a_document_goes_from_member_to_head_and_back_then_is_approved_and_published(browser, served):
    member = as_user(browser, served, "uyvien")
    url = open_document(member, "Ban hành Quy chế")
    assert member.evaluate("document.querySelector('figure.page img').naturalWidth") > 500, "the page is drawn"
    member.focus("#f_subject")
    assert "lit" in member.get_attribute("#box-subject", "class"), "choosing a field lights its box"
    shot(member, "1-member-checks-beside-the-page")
    assert member.is_checked("ul.files li:has-text('Bản định dạng mở') input"), \
        "the DOCX's open-format copy (Điều 5.1) is among the files to publish"
    member.fill("#f_signer_name", "Nguyễn Văn Ân")  # a correction
    member.click("button.save")
    assert "Đã lưu bản 2" in member.inner_text(".flash")
    member.check("#not-secret")
    member.click("#do-submit")
    assert state_of(member) == "Chờ Tổ trưởng duyệt"

    head = as_user(browser, served, "totruong")
    head.goto(url)
    assert head.input_value("#f_signer_name") == "Nguyễn Văn Ân"
    assert head.locator("#do-approve").count() == 1 and head.locator("#do-publish").count() == 0
    head.fill("#reason-return", "Tên người ký sai dấu, đề nghị đơn vị kiểm tra lại")
    head.click("#do-return")
    assert state_of(head) == "Trả lại đơn vị để chỉnh sửa"

    member.goto(url)
    assert "Tên người ký sai dấu" in member.inner_text("table.history")
    member.fill("#f_signer_name", "Nguyễn Văn An")
    member.click("button.save")
    member.check("#not-secret")
    member.click("#do-submit")
    head.goto(url)
    head.click("#do-approve")
    assert state_of(head) == "Đã duyệt, chờ xuất bản"
    shot(head, "2-head-approved")

    deputy = as_user(browser, served, "topho")
    deputy.goto(url)
    assert deputy.locator("#do-approve").count() == 0
    deputy.click("#do-publish")
    assert state_of(deputy) == "Đã đăng"
    shot(deputy, "3-deputy-published")
    for page in (member, head, deputy):
        page.context.close()


def test_a_delegation_lets_the_deputy_approve(browser, served):
    member = as_user(browser, served, "uyvien2")
    url = open_document(member, "giấy phép xây dựng")
    member.check("#not-secret")
    member.click("#do-submit")
    deputy = as_user(browser, served, "topho")
    deputy.goto(url)
    assert deputy.locator("#do-approve").count() == 0, "no delegation yet"
    head = as_user(browser, served, "totruong")
    head.goto("/review/delegation")
    head.select_option("#deputy", "topho")
    head.fill("#note", "Tổ trưởng đi công tác")
    head.click("form.filters button[type=submit]")
    assert "Đang hiệu lực" in head.inner_text("table")
    shot(head, "4-delegation")
    deputy.goto(url)
    deputy.click("#do-approve")
    assert state_of(deputy) == "Đã duyệt, chờ xuất bản"
    assert "duyệt theo ủy quyền" in deputy.inner_text("table.history")
    for page in (member, head, deputy):
        page.context.close()


def test_a_member_confirms_a_correctly_read_document_from_the_keyboard_alone(browser, served):
    member = as_user(browser, served, "uyvien")
    member.goto("/review/?state=new&unit=VP")  # the member's own unit: theirs to submit
    for _ in range(80):  # Tab from the top of the queue to its first document
        member.keyboard.press("Tab")
        if "/review/documents/" in (member.evaluate("document.activeElement.getAttribute('href') || ''")):
            break
    member.keyboard.press("Enter")
    member.wait_for_selector("figure.page img")
    for _ in range(300):  # past the fields, read and found right, to the confirmation
        if member.evaluate("document.activeElement.id") == "not-secret":
            break
        member.keyboard.press("Tab")
    else:
        pytest.fail(f"no confirmation reached from the keyboard on {member.url} ({state_of(member)})")
    member.keyboard.press("Space")
    member.keyboard.press("Tab")
    assert member.evaluate("document.activeElement.id") == "do-submit"
    assert member.is_checked("#not-secret")
    with member.expect_navigation():
        member.keyboard.press("Enter")
    assert state_of(member) == "Chờ Tổ trưởng duyệt"
    shot(member, "6-keyboard-submitted")
    member.context.close()


def test_a_secret_document_offers_no_way_forward(browser, served):
    member = as_user(browser, served, "uyvien")
    open_document(member, "Kiểm tra chất lượng")
    member.select_option("#f_secrecy", "Mật")
    member.click("button.save")
    assert member.locator("#do-submit").count() == 0 and member.locator("#do-approve").count() == 0
    assert "không bao giờ được gửi" in member.inner_text("main")
    shot(member, "5-secret")
    member.context.close()
