"""The official metadata, read as a clerk reads a Nghị định 30/2020 layout (Phụ lục I and III)."""

from __future__ import annotations

import base64
import io
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.samples import SampleDocument, build_docx, build_odt
from parsers.metadata.dates import read_effective, read_place_date
from parsers.legacy import ALL_LETTERS
from parsers.metadata.doctypes import TYPES, fold
from parsers.metadata.numbers import read_number
from parsers.reading import read, to_dict

LETTER = SampleDocument(
    number="Số: 1234/SXD-QLXD", doc_type=None,
    subject="V/v hướng dẫn cấp giấy phép xây dựng\ntrên địa bàn tỉnh Kon Tum",
    body=("Kính gửi:", "- Ủy ban nhân dân các huyện;", "- Ủy ban nhân dân thành phố Kon Tum.",
          "Sở Xây dựng đề nghị các đơn vị khẩn trương triển khai, bảo đảm bí mật thông tin cá nhân."),
    recipients=("Như trên;", "Trang thông tin điện tử Sở (để đăng tải);", "Lưu: VT, QLXD."),
)


def metadata(doc: SampleDocument, ctx, registry, build=build_docx) -> dict:
    return to_dict(read(build(doc), "doc", ctx, registry))


@pytest.mark.parametrize("name, abbreviation", [t for t in TYPES if t[1] not in ("QH", "VBHN")])
def test_every_document_type_of_phu_luc_iii_is_read(name, abbreviation, ctx, registry):
    doc = replace(SampleDocument(), doc_type=name.upper(), number=f"Số: 07/{abbreviation}-SXD")
    found = metadata(doc, ctx, registry)
    assert found["doc_type"] == name
    assert found["number"] == f"07/{abbreviation}-SXD"
    assert found["subject"] == doc.subject


@pytest.mark.parametrize("build", [build_docx, build_odt])
def test_a_cong_van_has_its_subject_under_the_number_and_its_addressees(build, ctx, registry):
    found = metadata(LETTER, ctx, registry, build)
    assert found["doc_type"] == "Công văn" and found["number"] == "1234/SXD-QLXD"
    assert found["subject"] == "V/v hướng dẫn cấp giấy phép xây dựng trên địa bàn tỉnh Kon Tum"
    assert found["addressees"] == ["Ủy ban nhân dân các huyện", "Ủy ban nhân dân thành phố Kon Tum"]


@pytest.mark.parametrize("printed, number", [
    ("Số: 166/QĐ-SXD", "166/QĐ-SXD"), ("Số: 15/2023/QĐ-UBND", "15/2023/QĐ-UBND"),
    ("Số: 1466/QĐ-TTg", "1466/QĐ-TTg"), ("Số: 12A/2020/TT-BTC", "12A/2020/TT-BTC"),
    ("Số:   /UBND-NC", None), ("Số: 05/2012/TTLT-VKSNDTC-TANDTC", "05/2012/TTLT-VKSNDTC-TANDTC"),
])
def test_both_number_forms_keep_their_case_and_a_blank_draft_number_is_null(printed, number, ctx, registry):
    assert metadata(replace(SampleDocument(), number=printed), ctx, registry)["number"] == number


@pytest.mark.parametrize("authority", [None, "TM. ỦY BAN NHÂN DÂN", "Q. GIÁM ĐỐC", "KT. GIÁM ĐỐC", "TL. GIÁM ĐỐC",
                                       "TUQ. GIÁM ĐỐC", "TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG"])
def test_every_signing_prefix(authority, ctx, registry):
    found = metadata(replace(SampleDocument(), signer_authority=authority), ctx, registry)
    assert (found["signer_authority"], found["signer_title"], found["signer_name"]) == (
        authority, "PHÓ GIÁM ĐỐC", "Nguyễn Văn An")


def test_signed_stamp_text_is_not_taken_for_the_name(ctx, registry):
    doc = replace(SampleDocument(), signature_notes=(
        "(Đã ký)", "Ký bởi: Sở Xây dựng tỉnh Kon Tum", "Thời gian ký: 26.12.2023 10:15:00 +07:00"))
    found = metadata(doc, ctx, registry)
    assert found["signer_name"] == "Nguyễn Văn An" and found["signer_title"] == "PHÓ GIÁM ĐỐC"


def test_a_military_rank_is_not_part_of_the_name(ctx, registry):
    doc = replace(SampleDocument(), signer_name="Thượng tướng Nguyễn Văn Long", signer_title="THỨ TRƯỞNG",
                  signer_authority="KT. BỘ TRƯỞNG")
    assert metadata(doc, ctx, registry)["signer_name"] == "Nguyễn Văn Long"


def test_issuer_parent_place_date_and_a_subject_over_two_lines(ctx, registry):
    doc = replace(SampleDocument(), subject="Ban hành Quy chế quản lý, sử dụng và cung cấp thông tin\n"
                                            "trên Trang thông tin điện tử của Sở Xây dựng")
    found = metadata(doc, ctx, registry)
    assert (found["issuer"], found["parent_issuer"]) == ("SỞ XÂY DỰNG", "UBND TỈNH KON TUM")
    assert (found["place"], found["issued_on"]) == ("Kon Tum", "2023-12-26")
    assert found["subject"] == ("Ban hành Quy chế quản lý, sử dụng và cung cấp thông tin trên Trang thông tin "
                                "điện tử của Sở Xây dựng")


@pytest.mark.parametrize("build", [build_docx, build_odt])
@pytest.mark.parametrize("parent, issuer", [
    (None, "ỦY BAN NHÂN DÂN\nTỈNH KON TUM"),
    ("UBND TỈNH KON TUM", "SỞ LAO ĐỘNG - THƯƠNG\nBINH VÀ XÃ HỘI"),  # wrapped under its parent
])
def test_an_issuer_printed_over_two_lines_is_one_issuer(ctx, registry, build, parent, issuer):
    doc = replace(SampleDocument(), parent_issuer=parent, issuer=issuer)
    found = metadata(doc, ctx, registry, build)
    assert (found["issuer"], found["parent_issuer"]) == (" ".join(issuer.split()), parent)


def test_a_blank_draft_has_no_number_and_no_date_but_a_place(ctx, registry):
    draft = replace(SampleDocument(), number="Số:      /QĐ-SXD", place_date="Kon Tum, ngày      tháng 12 năm 2024")
    found = metadata(draft, ctx, registry)
    assert (found["number"], found["issued_on"], found["place"]) == (None, None, "Kon Tum")
    assert found["effective_on"] is None, "'kể từ ngày ký' of an unsigned draft is unknown"


def test_dates_and_numbers_cited_in_can_cu_lines_are_not_the_documents_own(ctx, registry):
    draft = replace(SampleDocument(), number="Số:   /QĐ-SXD", place_date="Kon Tum, ngày   tháng   năm 2024")
    found = metadata(draft, ctx, registry)
    assert found["number"] is None and found["issued_on"] is None


@pytest.mark.parametrize("stamps, secrecy, urgency", [
    ((), None, None), (("MẬT",), "Mật", None), (("TỐI MẬT",), "Tối mật", None),
    (("TUYỆT MẬT",), "Tuyệt mật", None), (("KHẨN",), None, "Khẩn"), (("THƯỢNG KHẨN",), None, "Thượng khẩn"),
    (("HỎA TỐC",), None, "Hỏa tốc"), (("MẬT", "HỎA TỐC"), "Mật", "Hỏa tốc"),
])
def test_secrecy_and_urgency_are_read_from_their_stamps_only(stamps, secrecy, urgency, ctx, registry):
    found = metadata(replace(LETTER, stamps=stamps), ctx, registry)  # the body says "khẩn trương", "bí mật"
    assert (found["secrecy"], found["urgency"]) == (secrecy, urgency)


@pytest.mark.parametrize("entry", ["Công bố trên Trang TTĐT SXD;", "Trang thông tin điện tử Sở (để đăng tải);",
                                   "Trang TTĐT Sở;", "Website Sở;", "Công bố trên Trang thông tin điện tử Sở Xây dựng;"])
def test_a_publication_request_in_noi_nhan_is_found_and_reported(entry, ctx, registry):
    doc = replace(SampleDocument(), recipients=("Như Điều 3;", entry, "Lưu: VT, VP."))
    found = metadata(doc, ctx, registry)
    assert found["publish_requested"] is True
    assert found["publish_request_entry"] == entry.rstrip(";") and found["other_portal_entry"] is None


@pytest.mark.parametrize("entry", ["Cổng TTĐT tỉnh;", "Cổng TTĐT Bộ GDĐT (để đăng tải);", "Cổng thông tin điện tử Chính phủ;",
                                   "Trang TTĐT Văn phòng UBND tỉnh;"])
def test_dieu_8_2_a_request_to_another_bodys_portal_is_reported_but_is_no_request_to_the_department(
        entry, ctx, registry):
    doc = replace(SampleDocument(), recipients=("Như Điều 3;", entry, "Lưu: VT, VP."))
    found = metadata(doc, ctx, registry)
    assert found["publish_requested"] is False and found["other_portal_entry"] == entry.rstrip(";")


def test_dieu_8_2_the_departments_own_marker_wins_over_another_portal_in_the_same_list(ctx, registry):
    doc = replace(SampleDocument(), recipients=("Cổng TTĐT tỉnh;", "Công bố trên Trang TTĐT SXD;", "Lưu: VT."))
    found = metadata(doc, ctx, registry)
    assert found["publish_requested"] is True and found["publish_request_entry"] == "Công bố trên Trang TTĐT SXD"


def test_without_a_publication_request_nothing_is_requested(ctx, registry):
    found = metadata(replace(SampleDocument(), recipients=("Như Điều 3;", "Lưu: VT, VP.")), ctx, registry)
    assert found["publish_requested"] is False and found["recipients"] == ["Như Điều 3", "Lưu: VT, VP"]


@pytest.mark.parametrize("clause, effective", [
    ("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", "2023-12-26"),
    ("Điều 2. Quyết định này có hiệu lực thi hành sau 10 ngày kể từ ngày ký.", "2024-01-05"),
    ("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2024.", "2024-03-01"),
    ("Điều 2. Quyết định này có hiệu lực từ ngày 15/02/2024 và thay thế Quyết định số 10/QĐ-SXD ngày 01/7/2020.",
     "2024-02-15"),
    ("Điều 2. Giao Văn phòng Sở tổ chức thực hiện.", None),
])
def test_the_effective_date_comes_from_the_effective_date_clause(clause, effective, ctx, registry):
    body = ("Căn cứ Nghị định số 42/2022/NĐ-CP ngày 24 tháng 6 năm 2022 của Chính phủ;", clause)
    assert metadata(replace(SampleDocument(), body=body), ctx, registry)["effective_on"] == effective


def test_every_field_found_has_a_confidence_and_where_it_was_found_and_a_field_not_found_has_none(ctx, registry):
    found = metadata(SampleDocument(), ctx, registry)
    assert found["fields"]["number"]["found"] == {"table": 0, "row": 0, "cell": 0, "paragraph": 2, "line": 0}
    for key, info in found["fields"].items():
        if found.get(key) in (None, []):
            assert info["confidence"] is None, key  # nothing was found: nothing to be sure of
        else:
            assert 0 < info["confidence"] <= 1, key


def test_a_pdf_printed_from_the_document_gives_the_same_metadata(pdf_from_docx, ctx, registry):
    found = to_dict(read(pdf_from_docx, "d.pdf", ctx, registry))
    assert found["number"] == "166/QĐ-SXD" and found["issuer"] == "SỞ XÂY DỰNG"
    assert found["issued_on"] == "2023-12-26" and found["signer_name"] == "Nguyễn Văn An"
    assert found["publish_requested"] is True and found["fields"]["number"]["found"]["page"] == 1


def test_a_scan_of_the_document_gives_its_number_date_and_signer(scanned_pdf, ctx, registry, tesseract):
    found = to_dict(read(scanned_pdf, "scan.pdf", ctx, registry))
    assert found["number"] == "166/QĐ-SXD" and found["issued_on"] == "2023-12-26"
    assert found["signer_name"] == "Nguyễn Văn An" and found["signer_title"] == "PHÓ GIÁM ĐỐC"


def test_the_category_of_dieu_6_is_suggested_with_a_reason(ctx, registry):
    normative = metadata(replace(SampleDocument(), number="Số: 15/2023/QĐ-UBND"), ctx, registry)
    assert normative["category_suggestion"]["number"] == 2 and normative["category_suggestion"]["reason"]
    procedures = metadata(replace(SampleDocument(), subject="Công bố thủ tục hành chính lĩnh vực xây dựng"),
                          ctx, registry)
    assert procedures["category_suggestion"]["number"] == 7


def _edxml(number: str, attachment: bytes) -> bytes:
    ns = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
    n, notation = number.split("/", 1)
    return f"""<?xml version="1.0" encoding="UTF-8"?><edXML xmlns="{ns}"><edXML:edXMLEnvelope xmlns:edXML="{ns}">
<edXML:edXMLHeader><edXML:MessageHeader><edXML:From><edXML:OrganName>Sở Xây dựng tỉnh Kon Tum</edXML:OrganName></edXML:From>
<edXML:Code><edXML:CodeNumber>{n}</edXML:CodeNumber><edXML:CodeNotation>{notation}</edXML:CodeNotation></edXML:Code>
<edXML:PromulgationInfo><edXML:Place>Kon Tum</edXML:Place><edXML:PromulgationDate>2023/12/26</edXML:PromulgationDate></edXML:PromulgationInfo>
<edXML:DocumentType><edXML:TypeName>Quyết định</edXML:TypeName></edXML:DocumentType>
<edXML:Subject>{SampleDocument().subject}</edXML:Subject>
<edXML:ToPlaces><edXML:Place>Công bố trên Trang TTĐT SXD</edXML:Place></edXML:ToPlaces>
</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>
<AttachmentEncoded><Attachment><AttachmentName>qd.docx</AttachmentName>
<ContentTransferEncoded>{base64.b64encode(attachment).decode()}</ContentTransferEncoded></Attachment></AttachmentEncoded></edXML>""".encode()


def test_the_edxml_header_is_authoritative_and_a_disagreement_is_a_warning(sample_docx, ctx, registry):
    found = to_dict(read(_edxml("167/QĐ-SXD", sample_docx), "p.edxml", ctx, registry))
    assert found["number"] == "167/QĐ-SXD" and found["fields"]["number"] == {
        "confidence": 1.0, "found": {"element": "Code"}}
    assert found["publish_requested"] is True and found["issued_on"] == "2023-12-26"
    assert any("“167/QĐ-SXD”" in w and "“166/QĐ-SXD”" in w for w in found["warnings"])
    agreeing = to_dict(read(_edxml("166/QĐ-SXD", sample_docx), "p.edxml", ctx, registry))
    assert not any("phần đầu gói edXML ghi" in w for w in agreeing["warnings"])


def test_a_mail_takes_the_metadata_of_its_main_attachment(sample_docx, ctx, registry):
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "vanthu@sxd.vn", "bientap@sxd.vn", "Gửi văn bản"
    mail.set_content("Đề nghị đăng tải.")
    mail.add_attachment(sample_docx, maintype="application", subtype="octet-stream", filename="166.docx")
    found = to_dict(read(mail.as_bytes(), "m.eml", ctx, registry))
    assert found["number"] == "166/QĐ-SXD" and found["fields"]["number"]["found"]["attachment"] == "166.docx"


symbols = st.lists(st.sampled_from(["QĐ", "UBND", "SXD", "TTg", "BTC", "QLXD", "CP", "NĐ", "TT", "HĐND", "VP"]),
                   min_size=2, max_size=4).map("-".join)


@given(n=st.integers(1, 99999), suffix=st.sampled_from(["", "A", "B"]), year=st.one_of(st.none(), st.integers(1990, 2030)),
       symbol=symbols, spacing=st.sampled_from(["", " "]))
def test_the_number_reader_reads_any_well_formed_number(n, suffix, year, symbol, spacing):
    printed = f"{n:02d}{suffix}/" + (f"{year}/" if year else "") + symbol
    found = read_number(f"Số:{spacing}{printed}")
    assert found is not None and found.number == printed


@given(day=st.dates(date(1990, 1, 1), date(2035, 12, 31)),
       place=st.sampled_from(["Kon Tum", "Hà Nội", "Thành phố Hồ Chí Minh", "Lâm Đồng", "Bình Thuận"]))
def test_the_date_reader_reads_any_place_date_line(day, place):
    line = f"{place}, ngày {day.day:02d} tháng {day.month if day.month > 2 else f'{day.month:02d}'} năm {day.year}"
    found = read_place_date(line)
    assert found is not None and (found.place, found.issued_on) == (place, day)


def test_a_colon_after_the_day_word_is_read_past():
    """"Hà Nội, ngày: 08 tháng 4 năm 2026" (a colon printed, or a speck read as one)."""
    assert read_place_date("Hà Nội, ngày: 08 tháng 4 năm 2026").issued_on == date(2026, 4, 8)


@given(day=st.dates(date(2000, 1, 1), date(2035, 12, 31)), after=st.integers(1, 60))
def test_the_effective_date_after_n_days_is_counted_from_signing(day, after):
    from datetime import timedelta

    found = read_effective(f"Quyết định này có hiệu lực thi hành sau {after} ngày kể từ ngày ký.", day)
    assert found is not None and found.on == day + timedelta(days=after)


@given(st.text(alphabet=st.sampled_from(ALL_LETTERS + tuple(" –“”.,;:/-0123456789QĐUBND")), max_size=60))
def test_folding_for_matching_drops_every_vietnamese_mark(text):
    import unicodedata

    expected = "".join(c for c in unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
                       if unicodedata.category(c) != "Mn").lower()
    assert fold(text) == expected


def test_without_configured_patterns_the_default_publication_patterns_apply(ctx, registry):
    from parsers.metadata import extract

    parsed = read(build_docx(LETTER), "letter.docx", ctx, registry, metadata=False).parsed
    assert extract(parsed).value("publish_requested") is True


@pytest.mark.parametrize("build", [build_docx, build_odt])
def test_a_joint_document_names_every_issuing_body(build, ctx, registry):
    """A Thông tư liên tịch carries the bodies that issue it side by side, one per symbol group."""
    joint = replace(SampleDocument(), parent_issuer="TÒA ÁN NHÂN DÂN TỐI CAO",
                    issuer="VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", number="Số: 01/2016/TTLT-TANDTC-VKSNDTC",
                    doc_type="THÔNG TƯ LIÊN TỊCH")
    found = metadata(joint, ctx, registry, build)
    assert found["issuer"] == "TÒA ÁN NHÂN DÂN TỐI CAO; VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"
    assert found["parent_issuer"] is None and found["doc_type"] == "Thông tư liên tịch"


def test_a_single_issuer_with_its_parent_is_not_joint(ctx, registry):
    found = metadata(SampleDocument(), ctx, registry)
    assert (found["issuer"], found["parent_issuer"]) == ("SỞ XÂY DỰNG", "UBND TỈNH KON TUM")


def test_a_signature_block_is_found_by_the_lists_last_entry_when_the_label_is_unreadable(
        tmp_path_factory, soffice, ctx, registry, tesseract):
    """OCR sometimes reads "Nơi nhận:" as noise ("hề Ân"); the list still ends with "- Lưu: …"."""
    from .conftest import _print_to_pdf, scan

    garbled = replace(SampleDocument(), recipients_label="hề Ân")
    pdf = _print_to_pdf(tmp_path_factory.mktemp("label"), "garbled.docx", build_docx(garbled), soffice)
    found = to_dict(read(scan(pdf), "garbled.pdf", ctx, registry))
    assert (found["signer_authority"], found["signer_title"], found["signer_name"]) == (
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An")


def test_a_speck_read_as_a_full_stop_does_not_end_the_recipient_list(ctx, registry):
    """Only "…, VP." ends the list; "Như trên; _ ." is an entry with a speck after it."""
    doc = replace(SampleDocument(), recipients=("Như trên; _ .", "Đ/c Giám đốc (để b/c);", "Lưu: VT, VP."))
    assert len(metadata(doc, ctx, registry)["recipients"]) == 3


def test_a_phieu_trinh_is_signed_by_the_leadership_that_presents_it(ctx, registry):
    """An approval slip lists the specialist, the department head and the office's leadership,
    each with a title, a date and a name; the slip is the leadership's."""
    from docx import Document

    document = Document()
    for line in ("UBND TỈNH KON TUM", "VĂN PHÒNG", "Số: 106/PT-NC", "PHIẾU TRÌNH",
                 "Về việc giao Sở Xây dựng tham mưu", "1. Nội dung trình: Kế hoạch số 600/KH-BCA-V01.",
                 "PHÒNG XỬ LÝ CHÍNH: PHÒNG NỘI CHÍNH", "LÃNH ĐẠO VĂN PHÒNG", "Ngày 08 tháng 10 năm 2025",
                 "Nguyễn Nhân Bản", "Chuyên viên", "Ngày 07 tháng 10 năm 2025", "Trương Hải Châu",
                 "Lãnh đạo phòng", "Ngày 07 tháng 10 năm 2025", "Lương Thị Nguyệt Thành", "CHỦ TỊCH UBND TỈNH",
                 "Ngày … tháng 10 năm 2025"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    found = to_dict(read(out.getvalue(), "phieu-trinh.docx", ctx, registry))
    assert found["doc_type"] == "Phiếu trình"
    assert (found["signer_name"], found["signer_title"], found["signer_authority"]) == (
        "Nguyễn Nhân Bản", "LÃNH ĐẠO VĂN PHÒNG", None)


def _ocr_line(text: str, x: float, y: float, height: float = 8, confidence: float = 0.9) -> "Line":
    from parsers.base import Line, Word

    words, left = [], x
    for token in text.split():
        box = (left, y, left + 6 * len(token), y + height)
        words.append(Word(token, box, confidence))
        left = box[2] + 4
    return Line(text, (x, y, left - 4, y + height), words)


def test_a_signature_scribble_under_the_list_is_no_part_of_its_last_entry():
    """Under "- Lưu: VT, C04" OCR reads the signature beside it as tall letters ("at ni C]")."""
    from parsers.base import Page, Parsed
    from parsers.metadata import extract

    lines = [_ocr_line("BỘ CÔNG AN", 90, 60), _ocr_line("Số: 12/BCA-C04", 90, 90),
             _ocr_line("Hà Nội, ngày 03 tháng 10 năm 2025", 330, 90),
             _ocr_line("V/v tập huấn kỹ năng", 90, 110),
             _ocr_line("Bộ Công an đề nghị các đơn vị cử cán bộ tham dự.", 90, 300),
             _ocr_line("Nơi nhận:", 90, 600), _ocr_line("KT. BỘ TRƯỞNG", 380, 600),
             _ocr_line("- Như trên;", 90, 612), _ocr_line("THỨ TRƯỞNG", 395, 612),
             _ocr_line("- Lưu: VT, C04", 90, 624), _ocr_line("at ni C]", 117, 636, height=30),
             _ocr_line("Nguyễn Văn Long", 390, 690)]
    text = "\n".join(line.text for line in lines)
    page = Page(1, 595, 842, text, "ocr", lines)
    found = extract(Parsed("pdf", "application/pdf", True, text, "ocr", [page])).to_dict()
    assert found["recipients"] == ["Như trên", "Lưu: VT, C04"]
    assert (found["signer_name"], found["signer_title"]) == ("Nguyễn Văn Long", "THỨ TRƯỞNG")


def test_a_speck_before_the_last_line_of_a_subject_does_not_cut_it():
    """"-_ đến năm 2030": OCR read a speck as a dash and an underscore; a bullet is a dash alone."""
    from parsers.base import Page, Parsed
    from parsers.metadata import extract

    lines = [_ocr_line("BỘ CÔNG AN", 90, 60), _ocr_line("Số: 5689/BCA-C04", 90, 90),
             _ocr_line("V/v dự kiến kế hoạch đầu tư công", 80, 104),
             _ocr_line("Hà Nội, ngày 16 tháng 12 năm 2025", 330, 104),
             _ocr_line("trung hạn vốn NSTW", 80, 116), _ocr_line("-_ đến năm 2030", 80, 128),
             _ocr_line("Kính gửi: Ủy ban nhân dân các tỉnh.", 150, 160)]
    text = "\n".join(line.text for line in lines)
    found = extract(Parsed("pdf", "application/pdf", True, text, "ocr", [Page(1, 595, 842, text, "ocr", lines)]))
    assert found.value("subject") == "V/v dự kiến kế hoạch đầu tư công trung hạn vốn NSTW đến năm 2030"


def test_a_stamp_under_the_subject_that_ocr_could_not_read_is_no_part_of_it():
    """An incoming-register stamp beside the subject's last line reads as noise ("b ĐẾN vn
    J+1.202%...", confidence 0.08): OCR could not read it as print, so it does not continue the subject."""
    from parsers.base import Page, Parsed
    from parsers.metadata import extract

    lines = [_ocr_line("ỦY BAN NHÂN DÂN", 110, 50), _ocr_line("TỈNH PHÚ THỌ", 128, 65),
             _ocr_line("Số: 3/2025/QĐ-UBND", 111, 90), _ocr_line("Phú Thọ, ngày 01 tháng 7 năm 2025", 320, 90),
             _ocr_line("QUYẾT ĐỊNH", 273, 141), _ocr_line("Quy định chức năng, nhiệm vụ, quyền hạn và", 174, 160),
             _ocr_line("cơ cấu tổ chức của Sở Công Thương", 175, 174),
             _ocr_line("b ĐẾN vn J+1.202%...", 36, 186, height=20, confidence=0.08),
             _ocr_line("Căn cứ Luật Tổ chức chính quyền địa phương;", 132, 226)]
    text = "\n".join(line.text for line in lines)
    found = extract(Parsed("pdf", "application/pdf", True, text, "ocr", [Page(1, 595, 842, text, "ocr", lines)]))
    assert found.value("subject") == ("Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức "
                                      "của Sở Công Thương")


def test_a_register_stamp_ocr_ran_into_the_heading_does_not_hide_the_type():
    """"THÔNG TƯ LIÊN TỊCH |” Bgy,22/01....": the stamp beside the heading, set apart by a wide gap,
    is read as noise (confidence 0.1) and is no part of the line."""
    from parsers.base import Page, Parsed
    from parsers.metadata import extract

    stamp = _ocr_line("|” Bgy,22/01....", 431, 179, confidence=0.1)
    heading = _ocr_line("THÔNG TƯ LIÊN TỊCH", 257, 179)
    heading.words.extend(stamp.words)
    heading.text = f"{heading.text} {stamp.text}"
    lines = [_ocr_line("BỘ TƯ PHÁP", 170, 60), _ocr_line("Số: 01/2016/TTLT-VKSNDTC-BTP", 110, 90),
             heading, _ocr_line("Hướng dẫn thi hành Luật hôn nhân và gia đình", 190, 195),
             _ocr_line("Căn cứ Luật hôn nhân và gia đình số 52/2014/QH13;", 120, 230)]
    text = "\n".join(line.text for line in lines)
    found = extract(Parsed("pdf", "application/pdf", True, text, "ocr", [Page(1, 612, 792, text, "ocr", lines)]))
    assert (found.value("doc_type"), found.value("subject")) == (
        "Thông tư liên tịch", "Hướng dẫn thi hành Luật hôn nhân và gia đình")
    assert {k: v for k, v in found.fields["doc_type"].found.items() if k != "box"} == {"page": 1, "line": 2}
    assert found.fields["doc_type"].found["box"] == [round(257 / 612, 4), round(179 / 792, 4),
                                                     round(heading.box[2] / 612, 4), round(187 / 792, 4)], \
        "the box of its line, as fractions of the page"


@pytest.mark.parametrize("text, name", [("Nguyễn Thị Thủy Khiêm", True), ("Thượng tướng Nguyễn Văn Long", True),
                                        ("Nguyễn Văn A", True), ("Ị BộxLU PHÁP", False), ("BỘ TƯ PHÁP", False),
                                        ("Ký bởi: Cổng Thông tin", False), ("m=TTân Duy Đông", False)])
def test_a_name_is_words_of_a_capital_and_small_letters(text, name):
    """OCR noise under a seal ("Ị BộxLU PHÁP", a body read through it) is no person's name."""
    from parsers.metadata.fields import is_name

    assert is_name(text) is name
