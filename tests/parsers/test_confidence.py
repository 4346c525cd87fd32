"""How sure a scan's values are, and the OCR slips read as classes: the desk sees as unsure what is
likely wrong, and a slip whose right reading is unambiguous is put right."""

from __future__ import annotations

import pytest

from parsers.base import Line, Page, Parsed, Word
from parsers.metadata import Field, Metadata, _without_specks
from parsers.metadata.confidence import UNSURE, unknown_words, weigh
from parsers.metadata.dates import read_place_date
from parsers.metadata.numbers import correct_symbol, initials, match_initials
from parsers.metadata.vocabulary import clean_ocr_entries, correct, correct_purpose


def _scan(*lines: list[tuple[str, float]]) -> Parsed:
    built = []
    for row, words in enumerate(lines):
        boxes = [Word(text, (60 * i, 20 * row, 60 * i + 50, 20 * row + 12), confidence) for i, (text, confidence)
                 in enumerate(words)]
        built.append(Line(" ".join(w.text for w in boxes), (0, 20 * row, 600, 20 * row + 12), boxes))
    page = Page(1, 595, 842, "\n".join(l.text for l in built), "ocr", built)
    return Parsed(format="pdf", mime="application/pdf", open_format=True, text=page.text, pages=[page], text_source="ocr")


@pytest.mark.parametrize("text, strange", [
    ("Y Văn Phứớc", ["Phứớc"]), ("UBND TỈNÑH KON TUM", ["TỈNÑH"]), ("Q. TRƯỞNG PHÒNG", []),
    ("Công bố trên Trang TTĐT SXD", []), ("Lưu: VT, VP", []), ("UBND tỉnh (b/c)", []),
])
def test_a_word_that_is_no_syllable_nor_acronym_nor_letter_alone_is_strange(text, strange):
    assert unknown_words(text) == strange


def test_a_value_on_words_ocr_was_unsure_of_or_out_of_its_fields_shape_is_marked_unsure():
    parsed = _scan([("Nguyễn", 0.95), ("Văn", 0.4), ("An", 0.95)], [("Kon", 0.96), ("Tum", 0.96)],
                   [("XÂY", 0.9), ("DỰNG", 0.9), ("_", 0.5), ("Pleiku", 0.9)])
    meta = Metadata(fields={
        "signer_name": Field("Nguyễn Văn An", 0.72, {"page": 1, "line": 0}),
        "place": Field("Kon Tum", 0.72, {"page": 1, "line": 1}),
        "parent_issuer": Field("XÂY DỰNG _ Pleiku", 0.65, {"page": 1, "line": 2}),
    })
    weigh(meta, parsed)
    assert meta.fields["signer_name"].confidence == UNSURE
    assert meta.fields["signer_name"].found["doubt"] == "unsure_words"
    assert meta.fields["place"].confidence == 0.72 and "doubt" not in meta.fields["place"].found
    assert meta.fields["parent_issuer"].found["doubt"] == "out_of_shape"


def test_a_text_layer_keeps_the_layouts_confidence():
    parsed = _scan([("Nguyễn", 0.1)])
    parsed.text_source = "text"
    meta = Metadata(fields={"signer_name": Field("Nguyễn", 0.95, {"page": 1, "line": 0})})
    weigh(meta, parsed)
    assert meta.fields["signer_name"].confidence == 0.95


@pytest.mark.parametrize("read, number", [
    ("505/TB-SKHDT", "505/TB-SKHĐT"),  # Đ read as D in the issuing body's initials
    ("12/SLĐTBXH-TTr", "12/SLĐTBXH-TTr"),  # right as read
    ("7/QĐ-BXD", "7/QĐ-BXD"),  # another body's code: not touched
])
def test_a_body_code_one_look_alike_off_the_issuers_initials_is_put_right(read, number):
    assert match_initials(read, ["SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"]) == number
    assert initials("SỞ KẾ HOẠCH VÀ ĐẦU TƯ") == "SKHĐT"


def test_a_type_symbol_read_one_look_alike_off_is_put_right():
    assert correct_symbol("736/TIr-UBND") == "736/TTr-UBND" and correct_symbol("12/KTHT-VP") == "12/KTHT-VP"


@pytest.mark.parametrize("read, printed", [
    ("KT: VỤ TRƯỞNG", "KT. VỤ TRƯỞNG"), ("BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ | XÂY DỰNG", "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG"),
    ("ỦY BAN NHÂN DÂN TỈNHKON TUM", "ỦY BAN NHÂN DÂN TỈNH KON TUM"), ("UBND HUYỆN SA THAY", "UBND HUYỆN SA THẦY"),
    ("ỦY BAN NHÂN DÂN HUYỆN SA THẦY.", "ỦY BAN NHÂN DÂN HUYỆN SA THẦY"), ("PHÒNG KINH TẾ VÀ HẠ TÂNG", "PHÒNG KINH TẾ VÀ HẠ TẦNG"),
])
def test_capitals_read_with_a_slip_are_put_right(read, printed):
    assert correct(read) == printed


def test_the_archive_entry_and_the_note_to_report_as_ocr_reads_them():
    assert clean_ocr_entries(["Lưu: VTF", "Lưu: VT; VP.", "Lưu:VT.", "= UBND các huyện, thành phố"]) == [
        "Lưu: VT", "Lưu: VT, VP", "Lưu: VT", "UBND các huyện, thành phố"]
    assert [correct_purpose(e) for e in ("UBND tỉnh (b/€)", "UBND tỉnh (b/©)", "UBND tỉnh (Đ/c)")] == [
        "UBND tỉnh (b/c)"] * 3


@pytest.mark.parametrize("dash", ["_= ", "= ", "~ ", "- ", ".= ", "· ", ""])
def test_an_archive_entry_run_on_after_a_lost_line_break_stands_on_its_own(dash):
    """The line break before "Lưu" lost: the entry follows the one before after its ";", its dash
    read as specks, and holds the clerk's and the unit's codes all the same."""
    assert clean_ocr_entries(["UBND tỉnh (b/c)", f"Như Điều 3; ~ Sở Tài chính; {dash}Lưu: VT, VP"]) == [
        "UBND tỉnh (b/c)", "Như Điều 3", "Sở Tài chính", "Lưu: VT, VP"]
    assert clean_ocr_entries([f"Như trên; {dash}Lưu; VT; VP."]) == ["Như trên", "Lưu: VT, VP"]
    assert clean_ocr_entries(["Giám đốc, các PGĐ Sở; .- Sở Tài chính;"]) == ["Giám đốc, các PGĐ Sở", "Sở Tài chính"]


def test_specks_between_words_and_a_quarters_numeral_read_as_strokes():
    assert _without_specks("Kết quả năm : 2024") == "Kết quả năm 2024"
    assert _without_specks("giá vật liệu quý IH") == "giá vật liệu quý III"


def test_a_body_sentence_dating_what_it_cites_gives_no_place_of_issue():
    assert read_place_date("Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;") is None
    assert read_place_date("KHẨN Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;") is None
    assert read_place_date("Sa Thầy, ngày 3 tháng 6 năm 2025").place == "Sa Thầy"


@pytest.mark.parametrize("speck", [": ", "= ", "~ ", ". ", "_ ", "· ", "ˆ ", ".- ", ". - "])
def test_a_first_entry_whose_dash_ocr_read_as_a_speck_still_opens_the_list(speck):
    """Read as ": UBND các huyện, thành phố;", the first entry used to end the list before it began:
    no recipients, so no request for publication, and a document meant for the website skipped."""
    from parsers.metadata import fields
    from parsers.metadata.view import Located, View

    lines = ["Nơi nhận:", f"{speck}UBND các huyện, thành phố;", "- Các phòng, đơn vị", "thuộc Sở;",
             "- Công bố trên Trang TTĐT SXD;", "- Lưu: VT, VP."]
    entries, _ = fields.recipients(View(footer_left=[Located(text, {"line": i}) for i, text in enumerate(lines)]))
    assert [entry for entry, _ in entries] == ["UBND các huyện, thành phố", "Các phòng, đơn vị thuộc Sở",
                                               "Công bố trên Trang TTĐT SXD", "Lưu: VT, VP"]


@pytest.mark.parametrize("mark, key, value", [("THƯỢNG KHẨN", "urgency", "Thượng khẩn"), ("HỎA TỐC", "urgency", "Hỏa tốc"),
                                              ("KHẨN", "urgency", "Khẩn"), ("MẬT", "secrecy", "Mật")])
def test_a_stamp_read_onto_the_issuers_line_is_taken_off_it_and_read_as_the_mark(mark, key, value):
    from parsers.metadata import _mark_after_issuer

    meta = Metadata(fields={"issuer": Field(f"SỞ GIAO THÔNG VẬN TẢI {mark}", 0.72, {"line": 0}),
                            "urgency": Field(None, None, None), "secrecy": Field(None, None, None)})
    _mark_after_issuer(meta)
    assert meta.value("issuer") == "SỞ GIAO THÔNG VẬN TẢI" and meta.value(key) == value
    assert meta.fields["issuer"].found["read_as"] == f"SỞ GIAO THÔNG VẬN TẢI {mark}"


def test_an_issuer_without_a_mark_is_left_as_read():
    from parsers.metadata import _mark_after_issuer

    meta = Metadata(fields={"issuer": Field("BAN CƠ YẾU CHÍNH PHỦ", 1.0, None), "urgency": Field(None, None, None)})
    _mark_after_issuer(meta)
    assert meta.value("issuer") == "BAN CƠ YẾU CHÍNH PHỦ" and meta.value("urgency") is None


def test_a_scanned_entry_naming_the_website_with_a_slip_in_a_mark_is_spelled_as_printed():
    from parsers.metadata import _corrected_entry

    assert [_corrected_entry(e) for e in ("Công bố trên Trạng TTĐT SXD", "Cổng Thông tin điện tử Bộ", "Lưu: VT")] == [
        "Công bố trên Trang TTĐT SXD", "Cổng Thông tin điện tử Bộ", "Lưu: VT"], "the case as printed is kept"


def test_a_scanned_list_that_does_not_close_with_its_archive_entry_is_marked_unsure():
    """Nghị định 30 closes every Nơi nhận with "Lưu: …": a scanned list without it was cut short."""
    parsed = _scan([("Nơi", 0.95)])
    cut = Metadata(fields={"recipients": Field(["Giám đốc, các PGĐ Sở", "Sở Tài chính"], 0.72, {"page": 1})})
    whole = Metadata(fields={"recipients": Field(["Giám đốc, các PGĐ Sở", "Lưu: VT, VP"], 0.72, {"page": 1})})
    weigh(cut, parsed)
    weigh(whole, parsed)
    assert cut.fields["recipients"].confidence == UNSURE and cut.fields["recipients"].found["doubt"] == "list_not_closed"
    assert whole.fields["recipients"].confidence == 0.72


@pytest.mark.parametrize("read, heading", [("MẠT THÔNG BÁO", "Thông báo"), ("KHẨN TỜ TRÌNH", "Tờ trình"),
                                           ("TỜ TRÌNH _", "Tờ trình"), ("BÁO CÁO ~", "Báo cáo")])
def test_a_heading_with_a_stamp_read_onto_its_line_or_a_speck_after_it_is_still_the_heading(read, heading):
    from parsers.metadata.doctypes import type_from_heading

    assert type_from_heading(read) == (heading, "")
    assert type_from_heading("MẶT TRẬN TỔ QUỐC") is None, "a word like a mark, and no type after it"


@pytest.mark.parametrize("line", ["_ §ố:2909/TTr-SGTVT", "$ố: 2909/TTr-SGTVT", "Số: 2909/TTr-SGTVT"])
def test_the_number_label_with_its_s_read_as_a_symbol(line):
    from parsers.metadata.numbers import read_number

    assert read_number(line).number == "2909/TTr-SGTVT"
