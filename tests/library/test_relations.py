"""Related documents: suggested from a document's own clauses and from edXML, confirmed by an
editor on the desk, shown both ways in the library; a replaced document ends when its replacement
takes effect."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from ingest.models import ItemLink, LinkKind
from library.relations import Kind, Relation, from_text, suggested
from review_ui import create_app

from ..review_ui.test_desk import sign_in, token_of

VERBS = {Kind.REPLACES: ["thay thế"], Kind.AMENDS: ["sửa đổi, bổ sung một số điều của", "sửa đổi", "bổ sung"],
         Kind.REVOKES: ["bãi bỏ", "bãi bỏ Điều 5 của", "hủy bỏ"], Kind.GUIDES: ["hướng dẫn thi hành", "hướng dẫn"]}
TYPES = ["Quyết định", "Thông tư", "Nghị định", "Chỉ thị", "Nghị quyết", "Thông tư liên tịch"]
SYMBOLS = ["QĐ-UBND", "QĐ-SXD", "TT-BXD", "NĐ-CP", "CT-UBND", "NQ-HĐND", "TTLT-BXD-BTC"]


@st.composite
def clause(draw):
    kind = draw(st.sampled_from(list(Kind)))
    doc_type = draw(st.sampled_from(TYPES))
    serial, year = draw(st.integers(1, 2999)), draw(st.integers(1995, 2026))
    number = draw(st.sampled_from([f"{serial}/{year}/{{s}}", f"{serial}/{{s}}"])).format(s=draw(st.sampled_from(SYMBOLS)))
    day, month = draw(st.integers(1, 28)), draw(st.integers(1, 12))
    when = draw(st.sampled_from(["", f" ngày {day:02d}/{month:02d}/{year}", f" ngày {day} tháng {month} năm {year}"]))
    verb = draw(st.sampled_from(VERBS[kind]))
    lead = draw(st.sampled_from(["Quyết định này ", "Điều 3. ", "", "Thông tư này "]))
    tail = draw(st.sampled_from([" của UBND tỉnh.", ".", " của Bộ Xây dựng;", " kể từ ngày ký."]))
    text = f"{lead}{verb} {doc_type} số {number}{when}{tail}"
    return text, kind, number, date(year, month, day) if when else None


@settings(max_examples=60, deadline=None)
@given(clause(), st.sampled_from([
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư;",
    "Căn cứ Thông tư số 01/2021/TT-BXD hướng dẫn Nghị định số 15/2021/NĐ-CP;",
    "- Căn cứ Quyết định số 45/QĐ-UBND sửa đổi, bổ sung Quyết định số 12/QĐ-UBND;"]))
def test_a_clause_is_suggested_and_a_legal_basis_is_not(case, basis):
    text, kind, number, on = case
    found = from_text(f"{basis}\n{basis}\nTheo đề nghị của Giám đốc Sở.\n\n{text}\nNơi nhận:\n- Như Điều 3;")
    assert [(r.kind, r.number, r.on) for r in found] == [(kind, number, on)], text


def test_a_clause_wrapped_over_lines_is_read_whole():
    found = from_text("Điều 3. Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết\nđịnh số 12/2020/QĐ-UBND"
                      " ngày 26 tháng 12\nnăm 2019 của UBND tỉnh.")
    assert [(r.kind, r.number, r.on) for r in found] == [(Kind.REPLACES, "12/2020/QĐ-UBND", date(2019, 12, 26))]


@pytest.fixture
def app(board):
    app = create_app({"TESTING": True}, settings=board.settings)
    yield app
    app.extensions["congbo_engine"].dispose()


def test_an_editor_confirms_a_suggestion_on_the_desk_and_the_library_shows_it(app, board):
    with board.sessions() as session:
        old = board.published(session, number="12/2020/QĐ-SXD", issued_on="2020-03-05", effective_on="2020-03-05",
                              subject="Quy chế cũ")
        new = board.document(session, number="166/QĐ-SXD", effective_on="2024-01-01", subject="Quy chế mới",
                             body="Điều 3. Quyết định này thay thế Quyết định số 12/2020/QĐ-SXD ngày 05/3/2020.\n\n"
                                  "Căn cứ Thông tư số 07/2019/TT-BXD sửa đổi Thông tư số 01/2015/TT-BXD;")
        session.commit()
        old_id, new_id = old.id, new.id
    client = app.test_client()
    sign_in(client, "uyvien")
    page = client.get(f"/review/documents/{new_id}").get_data(as_text=True)
    assert "Thay thế Quyết định số 12/2020/QĐ-SXD ngày 05/3/2020" in page and "gợi ý từ nội dung văn bản" in page
    assert "01/2015/TT-BXD" not in page  # the legal basis is not a relation
    value = re.search(r'name="relation" value="([^"]+)"', page).group(1)
    import html

    response = client.post(f"/review/documents/{new_id}/edit", data={
        "csrf_token": token_of(client), "revision": "1", "relations_shown": "1", "relation": html.unescape(value),
        "new_relation_kind": "guides", "new_relation_number": "15/2021/NĐ-CP", "new_relation_date": "03/03/2021"})
    assert response.status_code == 302
    with board.sessions() as session:
        document = board.desk.get(session, new_id)
        assert [(r["kind"], r["number"], r["source"]) for r in document.current_revision.relations] == [
            ("replaces", "12/2020/QĐ-SXD", "text"), ("guides", "15/2021/NĐ-CP", "editor")]
        board.publish(session, document)
        session.commit()
    public = app.test_client()
    old_page = public.get(f"/van-ban/{old_id}", follow_redirects=True, query_string={"ngay": "2024-02-01"})
    assert "Bị thay thế bởi" in old_page.get_data(as_text=True) and "Hết hiệu lực" in old_page.get_data(as_text=True)
    before = public.get(f"/van-ban/{old_id}", follow_redirects=True, query_string={"ngay": "2023-12-31"})
    assert "Còn hiệu lực" in before.get_data(as_text=True)


def test_an_edxml_replacement_is_suggested_with_the_document_it_replaces(board):
    with board.sessions() as session:
        old = board.published(session, number="12/QĐ-SXD", subject="Bản cũ")
        new = board.document(session, number="13/QĐ-SXD", subject="Bản mới")
        session.add(ItemLink(item_id=new.item_id, kind=LinkKind.REPLACES, target_item_id=old.item_id,
                             target_document_id="000.00.00.H36-240101-0001"))
        session.flush()
        found = suggested(session, new)
        assert [(r.kind, r.number, r.document_id, r.source) for r in found] == [
            (Kind.REPLACES, "12/QĐ-SXD", old.id, "edxml")]


def test_relations_are_kept_with_the_revision_and_carried_into_a_correction(board):
    with board.sessions() as session:
        doc = board.document(session)
        board.desk.edit(session, doc, board.user(session, "uyvien"), revision=1,
                        relations=[Relation(Kind.AMENDS, "45/QĐ-SXD", None, None, "Quyết định số 45/QĐ-SXD", "editor")])
        board.publish(session, doc)
        board.desk.correct(session, doc, board.user(session, "uyvien"), revision=2, note="Đính chính ngày")
        assert doc.current_revision.relations == doc.published_revision.relations != []
