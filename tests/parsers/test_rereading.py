"""What a scan's page reading loses is read again: a registration number or day written by hand by a
second OCR engine, a name under a seal from the signature block cut out on its own, a công văn's
subject in light print from the block under its number, a list whose label was garbled from the
list cut out on its own. The clerk's rule
is the same as for every OCR'd value: keep what was read first, say what was taken instead."""

from __future__ import annotations

from datetime import date

import pytest

from parsers.base import Line, Word
from parsers.metadata.numbers import read_number, read_symbol_only
from parsers.metadata.second import merge_name, read_date, read_digits, reconcile
from parsers.reading import read, to_dict
from parsers.ocr import OcrPage, recipients_region, signature_region, subject_region
from parsers.second_reading import header_lines, name_line


def piece(text: str, x0: float, top: float = 100, width: float | None = None) -> Line:
    box = (x0, top, x0 + (width or 6 * len(text)), top + 14)
    return Line(text, box, [Word(text, box, 0.9)])


# --- which lines are read again ------------------------------------------------------------------

def test_only_the_first_number_line_and_the_first_place_date_line_of_the_header_are_read_again():
    lines = [piece("BỘ CÔNG AN", 80, 50), piece("Số: Ở32/QĐ-TTg Hà Nội, ngày 15 tháng 5 năm 2025", 80, 100),
             piece("Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;", 80, 200),
             piece("Số: 12/KH-UBND ngày 3 tháng 4 năm 2025", 80, 500)]
    assert [line.text for line in header_lines(lines, page_height=842)] == [lines[1].text]


def test_a_number_line_and_a_date_line_apart_are_both_read_again():
    lines = [piece("Số:69đ /BCA-C04", 80, 100), piece("V/v dự kiến mục tiêu", 80, 118),
             piece("Hà Nội, ngày |6 tháng 12 năm 2025", 300, 120)]
    assert [line.text for line in header_lines(lines, page_height=842)] == [lines[0].text, lines[2].text]


# --- what is taken from the second reading -------------------------------------------------------

def test_handwritten_digits_are_taken_with_the_symbol_as_tesseract_read_it_with_its_marks():
    first = read_symbol_only("Số: Ở32/QĐ-TTg")  # the digits unreadable, the symbol still read
    checked = reconcile(first, [piece("S6:932QD-TTg", 120), piece("Ha Noi, ngay 15 thang 5 nam 2025", 300)])
    assert checked.number == "932/QĐ-TTg" and checked.second_text == "S6:932QD-TTg"


def test_digits_misread_by_tesseract_give_way_and_are_kept_as_read_as():
    checked = reconcile(read_number("Số:522/BCA-V01"), [piece("S6:5240/BCA-V01", 120)])
    assert (checked.number, checked.read_as) == ("5240/BCA-V01", "522/BCA-V01")


def test_a_symbol_tesseract_garbled_is_taken_from_the_second_reading():
    first = read_number("Số: 2/J “€TI-CS Hà Nội ngày 0Ÿ tháng # năm 2026")  # symbol "J"
    row = [piece("So: 2191", 100, 100), piece("Ha Noi. ngay 08 thang 4", 280, 101), piece("/CT-CS", 160, 104),
           piece("nam 2026", 430, 102)]
    assert reconcile(first, row).number == "2191/CT-CS"
    assert read_date(row) == (date(2026, 4, 8), "Ha Noi. ngay 08 thang 4 nam 2026")


def test_look_alike_letters_inside_the_digits_are_digits():
    assert read_digits([piece("So: 568g", 100)])[0] == "5689"
    assert read_digits([piece("a So: 219l /CT-CSDN", 100)]) is None  # not at the start of a piece
    assert read_digits([piece("So: 219l /CT-CS", 100)])[1].number == "2191/CT-CS"


def test_digits_followed_by_a_stray_letter_are_no_number():
    assert read_digits([piece("S6: 6Q", 100), piece("/QD-UBND", 150)]) is None


def test_the_year_of_a_normative_document_is_kept():
    checked = reconcile(read_number("Số: 0l /2025/QĐ-TTg"), [piece("S6: 01/2025/QD-TTg", 120)])
    assert checked.number == "01/2025/QĐ-TTg"


def test_a_blank_draft_number_stays_blank_when_nothing_is_written_in_it():
    first = read_number("Số:     /UBND-NC")
    checked = reconcile(first, [piece("S6: /UBND-NC", 120)])
    assert checked.number is None and checked.read_as is None


def test_agreeing_readings_change_nothing():
    checked = reconcile(read_number("Số: 2605 /QĐ-BGDĐT"), [piece("S6:2605 /QD-BGDDT", 120)])
    assert (checked.number, checked.read_as) == ("2605/QĐ-BGDĐT", None)


# --- on real scans (the shared corpus) -----------------------------------------------------------

@pytest.fixture(scope="module")
def decision_932(corpus, tesseract):
    """A Prime Minister's decision, scanned: its number written by hand, the name under a red seal."""
    from ingest.settings import load_settings
    from parsers.base import ParserContext
    from parsers.registry import default_registry

    path = corpus / "real" / "pdf_scan_ttg_932-QD-TTg_2025.pdf"
    return read(path.read_bytes(), path.name, ParserContext.from_settings(load_settings(environ={})),
                default_registry())


@pytest.mark.slow
def test_a_number_written_by_hand_on_a_real_scan_is_read(decision_932):
    reading = decision_932
    found = to_dict(reading)
    assert found["number"] == "932/QĐ-TTg"
    where = found["fields"]["number"]["found"]
    assert "932" in where["second_reading"] and where["page"] == 1
    assert reading.parsed.pages[0].second_reading, "the page keeps the second engine's lines"


@pytest.mark.slow
def test_a_day_written_by_hand_on_a_real_scan_is_read(corpus, ctx, registry, tesseract):
    path = corpus / "real" / "pdf_ocrgarbled_cat-lamdong_298-TTr-CAT-PC04_2025.pdf"
    found = to_dict(read(path.read_bytes(), path.name, ctx, registry))
    assert found["issued_on"] == "2025-10-24" and found["place"] == "Lâm Đồng"
    assert "24" in found["fields"]["issued_on"]["found"]["second_reading"]


def test_the_second_reader_can_be_switched_off(corpus, ctx, registry, tesseract):
    from dataclasses import replace

    path = corpus / "real" / "pdf_ocrgarbled_cat-lamdong_298-TTr-CAT-PC04_2025.pdf"
    reading = read(path.read_bytes(), path.name, replace(ctx, ocr_second_reader=False), registry)
    assert reading.parsed.pages[0].second_reading == []
    assert reading.metadata.value("issued_on") is None  # the day is written by hand


# --- the signature block -------------------------------------------------------------------------

def test_the_signature_block_is_cut_out_beside_the_recipients_label():
    lines = [piece("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.", 90, 500),
             Line("Nơi nhận: THỦ TƯỚNG", (90, 600, 470, 612),
                  [Word("Nơi", (90, 600, 110, 612)), Word("nhận:", (114, 600, 140, 612)),
                   Word("THỦ", (400, 601, 430, 612)), Word("TƯỚNG", (434, 601, 470, 612))]),
             piece("- Như Điều 3;", 90, 614)]
    x0, top, x1, bottom = signature_region(OcrPage("", lines, None), 595, 842)
    assert (x0, x1) == (595 * 0.42, 595) and top == 597 and bottom == 597 + 842 * 0.28
    assert signature_region(OcrPage("", lines[:1], None), 595, 842) is None, "no list, no block"


@pytest.mark.slow
def test_a_name_under_a_seal_on_a_real_scan_is_read_from_the_signature_block(decision_932):
    found = to_dict(decision_932)
    assert (found["signer_name"], found["signer_title"]) == ("Phạm Minh Chính", "THỦ TƯỚNG")
    assert found["fields"]["signer_name"]["found"]["page"] == 3
    assert "signature_line" in found["fields"]["signer_name"]["found"]


def test_a_second_engine_that_fails_leaves_the_first_reading_standing(monkeypatch, caplog):
    from PIL import Image

    from parsers import second_reading

    def broken(*args, **kwargs):
        raise RuntimeError("model file is damaged")

    monkeypatch.setattr(second_reading, "_engine", lambda: broken)
    picture = Image.new("RGB", (2480, 3508), "white")
    assert second_reading.read_again(picture, [piece("Số: 12/QĐ-SXD", 90, 100)], 300 / 72) == []
    assert "model file is damaged" in caplog.text


@pytest.mark.slow
def test_a_scanned_blank_draft_keeps_a_blank_number_and_date_with_both_engines(
        tmp_path, ctx, registry, soffice, tesseract):
    """An unsigned draft ("Số:      /QĐ-SXD", "ngày      tháng 12") printed, scanned and read:
    the second engine must not find digits where nobody wrote any."""
    from dataclasses import replace

    from ingest.samples import SampleDocument, build_docx
    from parsers.doc import convert_with_libreoffice
    from tests.parsers.conftest import scan

    draft = replace(SampleDocument(), number="Số:      /QĐ-SXD", place_date="Kon Tum, ngày      tháng 12 năm 2024")
    source = tmp_path / "draft.docx"
    source.write_bytes(build_docx(draft))
    pdf = convert_with_libreoffice(source, "pdf", tmp_path, soffice=soffice, timeout=180).read_bytes()
    reading = read(scan(pdf), "draft-scan.pdf", ctx, registry)
    assert reading.parsed.pages[0].second_reading, "the header lines were read again"
    found = to_dict(reading)
    assert (found["number"], found["issued_on"], found["place"]) == (None, None, "Kon Tum")
    assert found["doc_type"] == "Quyết định"


@pytest.mark.parametrize("confidence, kept, warned", [(0.95, "1234/SXD-QLXD", True), (0.6, "1284/SXD-QLXD", False)])
def test_digits_tesseract_was_sure_of_stand_against_the_second_engine(confidence, kept, warned):
    from parsers.base import Page, Parsed
    from parsers.metadata import extract

    number = Line("Số: 1234/SXD-QLXD", (90, 100, 200, 114),
                  [Word("Số:", (90, 100, 110, 114), 0.97), Word("1234/SXD-QLXD", (114, 100, 200, 114), confidence)])
    lines = [piece("SỞ XÂY DỰNG", 90, 60), number, piece("Kon Tum, ngày 26 tháng 12 năm 2023", 330, 100),
             piece("V/v hướng dẫn cấp giấy phép xây dựng", 90, 120)]
    text = "\n".join(line.text for line in lines)
    page = Page(1, 595, 842, text, "ocr", lines, second_reading=[piece("S6: 1284/SXD-QLXD", 92, 100)])
    meta = extract(Parsed("pdf", "application/pdf", True, text, "ocr", [page]))
    assert meta.value("number") == kept
    assert any("bộ OCR thứ hai" in w for w in meta.warnings) is warned


# --- the block under the number ------------------------------------------------------------------

def test_the_block_under_a_number_in_the_left_column_is_cut_out():
    number = Line("Số: 4H09 BCA-C04 Hà Nội, ngày 01 tháng 10 năm 2025", (126, 80, 522, 99),
                  [Word("Số:", (126, 80, 146, 99)), Word("4H09", (148, 80, 180, 99)),
                   Word("BCA-C04", (184, 80, 240, 99)), Word("Hà", (314, 80, 330, 99))])
    x0, top, x1, bottom = subject_region(OcrPage("", [number], None), 600, 830)
    assert (x0, top, x1, bottom) == (126 - 60, 100, 600 * 0.53, 99 + 3 * 19)
    assert subject_region(OcrPage("", [piece("Hà Nội, ngày 01 tháng 10 năm 2025", 314, 80)], None), 600, 830) is None


def test_a_subject_read_again_opens_with_v_v_as_ocr_reads_it_in_small_print():
    from parsers.base import Page
    from parsers.metadata.fields import reread_subject

    page = Page(1, 600, 830, "", "ocr", reread={"subject": [
        piece("Ví tham gia ý kiến vào Dự thảo", 96, 105), piece("Quyết định của Thủ tướng", 87, 118),
        piece("Kính gửi: UBND các tỉnh", 168, 130)]})
    subject, where = reread_subject(page)
    assert subject == "V/v tham gia ý kiến vào Dự thảo Quyết định của Thủ tướng"
    assert where.where == {"page": 1, "subject_line": 0}
    assert reread_subject(Page(1, 600, 830, "", "ocr", reread={"subject": [piece("Kính gửi:", 90, 105)]})) == (None, None)


@pytest.mark.slow
def test_a_subject_in_light_print_on_a_real_scan_is_read_from_the_block_under_its_number(
        corpus, ctx, registry, tesseract):
    """The Ministry's letter prints its "V/v" in small light-grey type that the page reading loses."""
    path = corpus / "real" / "pdf_scan-saoy_bca_4409-BCA-C04_2025.pdf"
    found = to_dict(read(path.read_bytes(), path.name, ctx, registry))
    assert found["subject"] == ("V/v tham gia ý kiến vào Dự thảo Hồ sơ Quyết định của Thủ tướng Chính phủ về "
                                "tín dụng đối với người sau cai nghiện ma túy")
    assert found["fields"]["subject"]["found"]["subject_line"] == 0


# --- a name under a seal's edge ------------------------------------------------------------------

def test_a_name_whose_first_word_tesseract_garbled_is_the_line_read_again():
    block = [piece("TM. ỦY BAN NHÂN DÂN", 380, 600), piece("CHỦ TỊCH", 420, 614),
             piece("m=TTân Duy Đông", 347, 700), piece("inh;", 249, 720)]
    assert name_line(block) is block[2]
    assert name_line([piece("Trần Duy Đông", 347, 700)]) is None, "a name read whole needs no second reading"


def test_the_name_takes_tesseracts_marks_and_the_surname_the_second_engine_read():
    assert merge_name("m=TTân Duy Đông", "Tran Duy Dong") == "Trần Duy Đông"
    assert merge_name("Nanh⁄Zñ¡ Tuyết Mai", "ihi Tuyet Mai") is None, "no surname is 'ihi'"
    assert merge_name("m=TTân Duy Đông", "Tran Duy Long") is None, "the engines disagree on a word"
    assert merge_name("Nanh⁄Zñ¡ Tuyết Mai", "Tuyet Mai") is None, "the second engine lost a word: no half name"


@pytest.mark.slow
def test_a_name_under_a_seals_edge_on_a_real_scan_is_read_by_both_engines(corpus, ctx, registry, tesseract):
    path = corpus / "real" / "pdf_scan-vgp_ubnd-phutho_3-2025-QD-UBND.pdf"
    found = to_dict(read(path.read_bytes(), path.name, ctx, registry))
    assert found["signer_name"] == "Trần Duy Đông"
    where = found["fields"]["signer_name"]["found"]
    assert where["second_reading"] == "Tran Duy Dong" and where["read_as"].endswith("Duy Đông")


# --- the recipients list -------------------------------------------------------------------------

def test_a_list_whose_label_ocr_garbled_is_cut_out_from_its_last_entry_up():
    lines = [piece("các đơn vị chịu trách nhiệm thi hành Quyết định này./-ww/_", 73, 602),
             piece("hề Ân +- KT. BỘ TRƯỞNG", 77, 622), piece("ă ư Ieu", 78, 638),
             piece("- Văn phòng Chính phủ (Cục KSTTHC);", 78, 645), piece("- Lưu: VT, HTQT, VP (KSTTHC).", 77, 731)]
    x0, top, x1, bottom = recipients_region(OcrPage("", lines, None), 595, 842)
    assert (round(x0), round(top), round(x1), bottom) == (59, 610, 333, 748)
    labelled = [piece("Nơi nhận:", 77, 622)] + lines[3:]
    assert recipients_region(OcrPage("", labelled, None), 595, 842) is None, "the page reading has the list"


def test_the_list_read_again_opens_at_its_label():
    from parsers.base import Page
    from parsers.metadata.fields import reread_recipients

    page = Page(1, 595, 842, "", "ocr", reread={"recipients": [
        piece("các đơn vị có liên quan chịu trách", 73, 610), piece("Nơi nhận:", 77, 622),
        piece("- Như Điều 3;", 78, 638), piece("- Văn phòng Chính phủ (Cục KSTTHC", 78, 645),
        piece("- Lưu: VT, HTQT, VP (KSTTHC).", 77, 731)]})
    entries, label = reread_recipients([page])
    assert [e for e, _ in entries] == ["Như Điều 3", "Văn phòng Chính phủ (Cục KSTTHC", "Lưu: VT, HTQT, VP (KSTTHC)"]
    assert label.where == {"page": 1, "recipients_line": 1}


@pytest.mark.slow
def test_a_list_whose_label_the_page_reading_garbled_is_read_on_a_real_scan(corpus, ctx, registry, tesseract):
    """The Ministry's decision prints "Nơi nhận:" in bold italics, which the page reading took for "hề Ân"."""
    path = corpus / "real" / "pdf_image_bgddt_2750-QD-BGDDT_2025.pdf"
    found = to_dict(read(path.read_bytes(), path.name, ctx, registry))
    assert found["recipients"][0] == "Như Điều 3" and found["recipients"][-1] == "Lưu: VT, HTQT, VP (KSTTHC)"
    assert len(found["recipients"]) == 9 and "(để b/c)" in found["recipients"][2]
