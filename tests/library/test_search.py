"""Issue 11's search rules, on SQLite (FTS5) and PostgreSQL (tsvector): readers find what the board
published, typed with or without diacritics, by phrase or by number in any spacing."""

from __future__ import annotations

from datetime import date

import pytest

from library import index
from library.effectivity import Status
from library.search import Filters, SearchRequest, Sort, parse_query, search

DOCS = {
    "decision": dict(number="166/QĐ-SXD", doc_type="Quyết định", issued_on="2023-12-26", effective_on="2024-01-01",
                     subject="Ban hành Quy chế quản lý Trang thông tin điện tử Sở Xây dựng", signer_name="Nguyễn Văn An",
                     body="Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý Trang thông tin điện tử."),
    "road": dict(number="45/KH-SXD", doc_type="Kế hoạch", issued_on="2024-03-05", effective_on=None,
                 subject="Kiểm tra chất lượng đường giao thông nông thôn", signer_name="Trần Thị Bình",
                 body="Kiểm tra các tuyến đường huyện Đắk Hà trong quý II."),
    "letter": dict(number="1234/SXD-QLXD", doc_type="Công văn", issued_on="2024-05-10", effective_on=None,
                   subject="V/v hướng dẫn cấp giấy phép xây dựng", signer_name="Trần Thị Bình",
                   body="Sở Xây dựng hướng dẫn việc cấp giấy phép xây dựng nhà ở riêng lẻ; dương lịch."),
    "province": dict(number="15/2024/QĐ-UBND", doc_type="Quyết định", issuer="ỦY BAN NHÂN DÂN TỈNH KON TUM",
                     issued_on="2024-06-01", effective_on="2024-07-01",
                     subject="Quy định phân cấp quản lý chất lượng công trình xây dựng", signer_name="Lê Văn Cường",
                     body="Quyết định này có hiệu lực từ ngày 01 tháng 7 năm 2024."),
}


@pytest.fixture
def library(board):
    """The four documents published; their ids by name."""
    ids = {}
    with board.sessions() as session:
        for name, values in DOCS.items():
            values = dict(values)
            ids[name] = board.published(session, body=values.pop("body"), **values).id
        session.commit()
    return board, ids


def found(board, q: str = "", **kwargs) -> list[int]:
    with board.sessions() as session:
        result = search(session, SearchRequest(q=q, as_of=kwargs.pop("as_of", date(2024, 8, 1)), **kwargs))
        return [h.entry.document_id for h in result.hits]


def named(ids, *names):
    return [ids[n] for n in names]


def test_without_diacritics_a_query_finds_the_vietnamese_words(library):
    board, ids = library
    assert set(found(board, "quyet dinh")) == set(named(ids, "decision", "province"))
    assert set(found(board, "xay dung")) == set(ids.values())


def test_d_folds_to_đ(library):
    board, ids = library
    assert found(board, "duong giao thong") == named(ids, "road")
    assert set(found(board, "duong")) == set(named(ids, "road", "letter"))  # đường and dương


def test_with_diacritics_a_query_matches_exactly(library):
    board, ids = library
    assert found(board, "đường") == named(ids, "road")  # not "dương" in the letter
    assert found(board, "dương") == named(ids, "letter")


def test_a_phrase_must_come_in_order(library):
    board, ids = library
    assert found(board, '"giay phep xay dung"') == named(ids, "letter")
    assert found(board, '"xay dung giay phep"') == []
    assert set(found(board, "giay phep xay dung")) == set(named(ids, "letter"))


def test_a_phrase_of_two_words_is_two_neighbours_in_the_head_or_the_body(library):
    board, ids = library
    assert set(found(board, '"giao thong"')) == set(named(ids, "road"))  # the subject
    assert set(found(board, '"tuyen duong"')) == set(named(ids, "road"))  # the body
    assert found(board, '"duong tuyen"') == []
    assert set(found(board, '"nha o"')) == set(named(ids, "letter"))
    # the last word of the subject and the first of the body are not neighbours
    assert found(board, '"thon kiem"') == []


def test_a_phrase_typed_with_diacritics_matches_its_words_exactly(library):
    board, ids = library
    assert set(found(board, '"tuyến đường"')) == set(named(ids, "road"))
    assert found(board, '"tuyến dương"') == []  # the same folded pair, other words
    assert set(found(board, '"dương lịch"')) == set(named(ids, "letter"))
    assert found(board, '"đường lịch"') == []
    assert set(found(board, '"quản lý chất lượng"')) == set(named(ids, "province"))


@pytest.mark.parametrize("typed", ["166 qd sxd", "166/QĐ-SXD", "166/qd-sxd", "166QĐSXD", "166 / QD - SXD", "166qd"])
def test_a_number_in_any_spacing_or_case_finds_its_document_first(library, typed):
    board, ids = library
    assert found(board, typed)[0] == ids["decision"]


def test_a_symbol_and_a_year(library):
    board, ids = library
    assert set(found(board, "QĐ-SXD 2023")) == set(named(ids, "decision"))
    assert set(found(board, "qd ubnd 2024")) == set(named(ids, "province"))


def test_relevance_puts_a_match_in_the_head_before_one_in_the_body_then_newest(library):
    board, ids = library
    # "quy che": in the decision's subject; in no other head
    assert found(board, "trang thong tin dien tu")[0] == ids["decision"]
    assert found(board, "xay dung", sort=Sort.NEWEST) == named(ids, "province", "letter", "road", "decision")
    assert found(board, "xay dung", sort=Sort.OLDEST) == named(ids, "decision", "road", "letter", "province")


def test_filters_and_facet_counts(library):
    board, ids = library
    assert set(found(board, "xay dung", filters=Filters(doc_type="Quyết định"))) == set(named(ids, "decision", "province"))
    assert found(board, filters=Filters(signer="Trần Thị Bình", year=2024)) == named(ids, "letter", "road")
    assert found(board, filters=Filters(issuer="ỦY BAN NHÂN DÂN TỈNH KON TUM")) == named(ids, "province")
    with board.sessions() as session:
        result = search(session, SearchRequest(q="xay dung", as_of=date(2024, 6, 15)))
    assert result.total == 4
    types = {f.value: f.count for f in result.facets["doc_type"]}
    assert types == {"Quyết định": 2, "Kế hoạch": 1, "Công văn": 1}
    assert {f.value: f.count for f in result.facets["year"]} == {2023: 1, 2024: 3}
    assert {f.value: f.count for f in result.facets["effectivity"]} == {
        Status.IN_FORCE: 1, Status.NOT_YET: 1, Status.UNKNOWN: 2}


def test_effectivity_as_of_a_date_and_never_in_force_when_unknown(library):
    board, ids = library
    in_force = Filters(effectivity=Status.IN_FORCE)
    assert found(board, filters=in_force, as_of=date(2024, 6, 15)) == named(ids, "decision")
    assert found(board, filters=in_force, as_of=date(2024, 7, 1)) == named(ids, "province", "decision")
    assert set(found(board, filters=Filters(effectivity=Status.UNKNOWN))) == set(named(ids, "road", "letter"))


def test_pages_of_results(library):
    board, ids = library
    pages = [found(board, "xay dung", per_page=3, page=p) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [3, 1, 0]
    assert set(pages[0] + pages[1]) == set(ids.values())
    relevance = [found(board, "quyet dinh", per_page=1, page=p) for p in (1, 2)]
    assert relevance[0] + relevance[1] == found(board, "quyet dinh")


def test_punctuation_alone_finds_nothing_and_an_empty_query_lists_all_newest_first(library):
    board, ids = library
    assert found(board, "?!") == []
    assert found(board) == named(ids, "province", "letter", "road", "decision")


def test_a_published_document_is_searchable_at_once_and_a_taken_down_one_gone_at_once(board):
    with board.sessions() as session:
        document = board.published(session, body="Nội dung về nhà ở xã hội.", subject="Phát triển nhà ở xã hội")
        session.commit()
        assert found(board, "nha o xa hoi") == [document.id]
        board.desk.take_down(session, document, board.user(session, "totruong"),
                             revision=document.current_revision.number, reason="Hết thời hạn đăng")
        session.commit()
    assert found(board, "nha o xa hoi") == []


def test_a_correction_stays_searchable_by_what_was_published_until_it_is_published(board):
    with board.sessions() as session:
        document = board.published(session, subject="Kế hoạch phòng chống thiên tai")
        board.desk.correct(session, document, board.user(session, "uyvien"), revision=1, note="Sửa trích yếu")
        board.desk.edit(session, document, board.user(session, "uyvien"), revision=2,
                        values={"subject": "Kế hoạch phòng chống lụt bão"})
        session.commit()
        assert found(board, "thien tai") == [document.id] and found(board, "lut bao") == []
        board.publish(session, document)
        session.commit()
    assert found(board, "lut bao") == [document.id] and found(board, "thien tai") == []


def test_reindex_rebuilds_the_same_library_from_the_documents(library):
    board, ids = library
    before = {q: found(board, q) for q in ("xay dung", "166 qd sxd", "đường", '"giay phep"')}
    with board.sessions() as session:
        assert index.reindex(session) == 4
        session.commit()
    assert {q: found(board, q) for q in before} == before


def test_the_query_parser():
    match = parse_query('quyết định "xay dung" 166/QĐ-SXD')
    assert [(t.words, t.exact) for t in match.terms] == [
        (("xay", "dung"), False), (("quyết",), True), (("định",), True), (("166", "qđ", "sxd"), True)]
    assert parse_query("166 qd sxd").number == "166qdsxd"
    assert parse_query("xay dung 2024").number is None


def test_counting_stops_at_the_cap_and_says_so(library, monkeypatch):
    board, ids = library
    monkeypatch.setattr("library.search.COUNT_CAP", 3)
    with board.sessions() as session:
        result = search(session, SearchRequest(q="xay dung"))
    assert (result.total, result.exact, len(result.hits)) == (3, False, 4)
    assert sum(f.count for f in result.facets["doc_type"]) == 3  # the newest three


@pytest.mark.parametrize("cap", [1, 2, 3, 10])
def test_the_total_by_relevance_is_the_total_by_date_whatever_the_page(library, monkeypatch, cap):
    """The relevance tiers count the matches between them (a common word's total is not counted a
    second time): the total and whether it is exact are the same as in date order."""
    board, ids = library
    monkeypatch.setattr("library.search.COUNT_CAP", cap)
    with board.sessions() as session:
        for q in ("xay dung", "quyet dinh", "166 qd sxd", "quy", '"giay phep"', "2024", "khong co dau"):
            for per_page in (1, 2, 20):
                pages = []
                for page in (1, 2, 3):
                    by = {order: search(session, SearchRequest(q=q, sort=order, page=page, per_page=per_page,
                                                               as_of=date(2024, 8, 1)), facets=False)
                          for order in (Sort.RELEVANCE, Sort.NEWEST)}
                    assert (by[Sort.RELEVANCE].total, by[Sort.RELEVANCE].exact) == \
                        (by[Sort.NEWEST].total, by[Sort.NEWEST].exact), (q, per_page, page)
                    pages += [h.entry.document_id for h in by[Sort.RELEVANCE].hits]
                assert len(pages) == len(set(pages))  # no document on two pages


def test_a_phrase_is_looked_up_by_its_pairs_of_words_each_one_word_of_the_index():
    from library.engines import Fts5Engine, Term, Match, pg_query

    two = Match((Term(("giay", "phep"), exact=False),))
    assert '"giay_phep"' in Fts5Engine.expression(two, None)
    assert '"giay phep"' not in Fts5Engine.expression(two, None)  # two neighbours are the pair itself
    three = Fts5Engine.expression(Match((Term(("cấp", "giấy", "phép"), exact=True),)), None)
    assert '"cap_giay"' in three and '"giay_phep"' in three and '"cấp giấy phép"' in three
    assert "giay_phep" in pg_query(two, None)


def test_a_library_indexed_before_the_pairs_finds_its_phrases_after_migrating(tmp_path):
    from sqlalchemy import text

    from ingest.db import make_engine, migrate, session_factory

    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    migrate(url, "0005")
    engine = make_engine(url)
    with engine.begin() as conn:  # the search text as 0005's code wrote it
        conn.execute(text("INSERT INTO library_fts (rowid, h, he, b, be, f) VALUES "
                          "(7, 'cong van', 'công văn', 'cap giay phep xay dung', 'cấp giấy phép xây dựng', '')"))
    migrate(url)
    with session_factory(engine)() as session:
        rows = session.execute(text("SELECT rowid FROM library_fts WHERE library_fts MATCH :q"),
                               {"q": fts_expression('"giay phep"')}).scalars().all()
    engine.dispose()
    assert rows == [7]


def fts_expression(q: str) -> str:
    from library.engines import Fts5Engine

    return Fts5Engine.expression(parse_query(q), None)
