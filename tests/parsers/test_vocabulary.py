"""OCR slips put right in the metadata of scanned documents, and nothing else changed."""

from __future__ import annotations

import pytest

from parsers.metadata.doctypes import fold
from parsers.metadata.phrases import COMMON, SURNAMES, phrases
from parsers.metadata.vocabulary import (clean_ocr_entries, correct, correct_about, correct_acronym_letters,
                                         correct_phrases, complete_cut_phrase, correct_purpose, correct_surname,
                                         restore_tones)
from parsers.metadata.repeats import correct_acronyms, repeated_subject, subject_named_in_body


@pytest.mark.parametrize("read, printed", [
    ("hướng dẫn tô chức công tác phát triên Đảng", "hướng dẫn tổ chức công tác phát triển Đảng"),
    ("Tòa án nhân dân tôi cao", "Tòa án nhân dân tối cao"),
    ("Văn phòng Tông Bí thư", "Văn phòng Tổng Bí thư"),
    ("Cục Kiêm tra văn bản", "Cục Kiểm tra văn bản"),
    ("V/v chính sách thuê TNDN", "V/v chính sách thuế TNDN"),
    ("Nhu trên", "Như trên"),
])
def test_a_known_phrase_read_with_a_wrong_mark_is_written_as_printed(read, printed):
    assert correct_phrases(read) == printed


def test_words_outside_a_known_phrase_are_left_as_read():
    assert correct_phrases("bát tô đầy") == "bát tô đầy"  # one syllable alone is ambiguous
    assert correct_phrases("các số liệu") == "các số liệu"  # "các sở" is not a phrase: "các số" is as common


def test_no_phrase_can_be_mistaken_for_another_or_rewritten_in_another_style():
    listed = phrases(COMMON)
    keys = {}
    for phrase in listed:
        keys.setdefault(tuple(fold(w) for w in phrase.split()), set()).add(phrase.lower())
    assert all(len(spellings) == 1 for spellings in keys.values())
    # tone marks placed two ways in print (hóa/hoá, Tòa/Toà, Ủy/Uỷ) are never rewritten
    assert not any(s in fold_free for phrase in listed for s in ("óa", "òa", "ủy", "úy", "ùy", "ỏa", "ọa")
                   for fold_free in [phrase.lower()])


def test_recipient_entries_run_together_are_split_and_specks_dropped():
    assert clean_ocr_entries(["Đ/c Bộ trưởng BCA (để báo cáo); V01, V03 (để theo dõi)"]) == [
        "Đ/c Bộ trưởng BCA (để báo cáo)", "V01, V03 (để theo dõi)"]
    assert clean_ocr_entries(["Tòa án nhân dân tối cao; _ Viện kiểm sát nhân dân tối cao"]) == [
        "Tòa án nhân dân tối cao", "Viện kiểm sát nhân dân tối cao"]
    assert clean_ocr_entries(["Bộ Tư pháp, ˆ", "Như trên; _", "Đà", "Văn phòng Quốc hội; l ù"]) == [
        "Bộ Tư pháp", "Như trên", "Văn phòng Quốc hội"]
    assert clean_ocr_entries(["Lưu: VT, KSTT (2). 442"]) == ["Lưu: VT, KSTT (2)"]
    assert clean_ocr_entries(["Như Điều 3; Thy 2"]) == ["Như Điều 3"], "a handwritten note beside an entry"
    assert clean_ocr_entries(["Lưu VT, PC04 (Đội ])", "Lưu: VT, VX3 (VI80b)", "Vụ II"]) == [
        "Lưu VT, PC04 (Đội 1)", "Lưu: VT, VX3 (V180b)", "Vụ II"]


def test_a_clean_entry_keeps_its_numbers_and_brackets():
    entries = ["Như Điều 3", "Lưu VT, PC04 (Đội 1)", "Công báo (02 bản)", "Lưu: VT, C04(P6)"]
    assert clean_ocr_entries(entries) == entries


@pytest.mark.parametrize("read, meant", [
    ("Đ/c Bộ trưởng (đề b/cáo)", "Đ/c Bộ trưởng (để b/cáo)"),  # a note of purpose starts with "để"
    ("CA các đơn vị, địa phương (đề th/hiện)", "CA các đơn vị, địa phương (để th/hiện)"),
    ("Sở Tài chính (đề nghị phối hợp)", "Sở Tài chính (đề nghị phối hợp)"),
    ("Bộ trưởng (đê b/ec)", "Bộ trưởng (để b/c)"),  # "to report", its slash or bracket read as letters
    ("PCTr. Đặng Ngọc Minh (để bíc}", "PCTr. Đặng Ngọc Minh (để b/c)"),
    ("Giám đốc Sở (để biết)", "Giám đốc Sở (để biết)"),
])
def test_a_note_of_purpose_is_read_as_printed(read, meant):
    assert correct_purpose(read) == meant


def test_a_subject_about_something_opens_with_ve_viec():
    assert correct_about("Và việc công bố thủ tục hành chính") == "Về việc công bố thủ tục hành chính"
    assert correct_about("Về việc công bố") == "Về việc công bố"


def test_a_surname_read_without_its_marks_is_put_right_and_a_real_one_kept():
    assert correct_surname("Nguyên Văn Long") == "Nguyễn Văn Long"
    assert correct_surname("Lê Quân") == "Lê Quân"
    assert correct_surname("Đường Văn An") == "Đường Văn An"  # not listed: kept as read
    assert all(correct_surname(f"{name} Văn A") == f"{name} Văn A" for name in SURNAMES)


def test_capitalised_titles_and_bodies_are_put_right():
    assert correct("THỨ TRƯƠNG") == "THỨ TRƯỞNG"
    assert correct("BỘ GIÁO DỤC VÀ ĐÀO TẠO ˆ") == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"


def test_a_place_read_with_a_wrong_mark_is_put_right():
    from parsers.metadata.vocabulary import correct_place

    assert correct_place("Lâm Đông") == "Lâm Đồng"
    assert correct_place("Kon Tum") == "Kon Tum"
    assert correct_place("Xã Đắk Hà") == "Xã Đắk Hà"  # not a listed place: kept as read


def test_a_day_written_by_hand_leaves_the_place_and_no_date():
    from parsers.metadata.dates import read_place_date

    found = read_place_date("Hà Nội, ngày đ{ tháng 4Đ năm 2025")
    assert (found.place, found.issued_on) == ("Hà Nội", None)
    assert read_place_date("Hà Nội, ngày 01 tháng 10 năm 2025").issued_on.isoformat() == "2025-10-01"


def test_each_part_of_an_authority_is_put_right_on_its_own():
    assert correct("TL. CỤC TRƯỞNG l : / KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUÉ QUỎC TẾ") == \
        "TL. CỤC TRƯỞNG / KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ"
    assert correct("„KT. THỦ TƯỚNG") == "KT. THỦ TƯỚNG"
    assert correct("BAN CHỈ ĐẠO 389") == "BAN CHỈ ĐẠO 389"


def test_a_deputy_signing_for_the_head_holds_the_heads_post_with_pho():
    from parsers.metadata.vocabulary import deputy_title

    assert deputy_title("KT. BỘ TRƯỞNG") == "THỨ TRƯỞNG"
    assert deputy_title("KT. CHỦ TỊCH") == "PHÓ CHỦ TỊCH"
    assert deputy_title("TL. CỤC TRƯỞNG / KT. TRƯỞNG BAN BAN CHÍNH SÁCH, THUẾ QUỐC TẾ") == "PHÓ TRƯỞNG BAN"
    assert deputy_title("TM. ỦY BAN NHÂN DÂN") is None


def test_a_title_made_of_known_posts_is_known():
    from parsers.metadata.vocabulary import is_known_title

    assert is_known_title("PHÓ CHỦ TỊCH THƯỜNG TRỰC")
    assert is_known_title("THỨ TRƯỞNG")
    assert not is_known_title("J Z7 cô THỦ TƯỚNG")
    assert not is_known_title("BỘ GIÁO DỤC VÀ ĐÀO TẠO")


def test_a_body_name_with_words_glued_or_one_word_lost_to_noise_is_put_right():
    assert correct("ỦY BANNHÂN DÂN TỈNH PHÚ THỌ") == "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ"
    assert correct("BỘ GIÁO mg. VÀ ĐÀO TẠO") == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"
    assert correct("BỘ GIÁO DỤC VÀ ĐÀO TẠO") == "BỘ GIÁO DỤC VÀ ĐÀO TẠO"
    assert correct("BỘ GIÁO KHOA VÀ ĐÀO TẠO") == "BỘ GIÁO KHOA VÀ ĐÀO TẠO", "another word in capitals is kept"


def test_a_body_code_in_a_number_read_with_one_wrong_letter_is_put_right():
    from parsers.metadata.numbers import correct_symbol

    assert correct_symbol("01/2016/TTLT-TANDTC-VKSNDTC-BIP") == "01/2016/TTLT-TANDTC-VKSNDTC-BTP"
    assert correct_symbol("166/QĐ-SXD") == "166/QĐ-SXD"  # a local code: left as read
    assert correct_symbol("4409/BCA-C04") == "4409/BCA-C04"


def test_a_number_written_by_hand_still_gives_the_symbol_but_no_number():
    from parsers.metadata.numbers import read_number, read_symbol_only

    assert read_number("Số: 4H09 BCA-C04") is None
    found = read_symbol_only("Số: 4H09 BCA-C04")
    assert (found.number, found.notation) == (None, "BCA-C04")
    assert read_symbol_only("Số điện thoại: 0913 349 683") is None


def test_a_value_put_right_keeps_what_ocr_read_for_the_editor():
    """Corrections are traceable: the field says what OCR read, with a lower confidence."""
    from parsers.base import Page, Parsed
    from parsers.metadata import extract

    lines = ["BỘ CÔNG AN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/BCA-C04",
             "Hà Nội, ngày 03 tháng 10 năm 2025", "V/v tô chức tập huấn phát triên kỹ năng",
             "Kính gửi: Công an các tỉnh.", "Bộ Công an đề nghị các đơn vị cử cán bộ tham dự.", "Nơi nhận:", "- Như trên; _", "- Lưu: VT, C04."]
    text = "\n".join(lines)
    scanned = Parsed("pdf", "application/pdf", True, text, "ocr", [Page(1, 595, 842, text, "ocr")])
    typed = Parsed("pdf", "application/pdf", True, text, "text", [Page(1, 595, 842, text, "text")])
    read_from_scan, read_from_text = extract(scanned).to_dict(), extract(typed).to_dict()
    assert read_from_scan["subject"] == "V/v tổ chức tập huấn phát triển kỹ năng"
    assert read_from_scan["fields"]["subject"]["found"]["read_as"] == "V/v tô chức tập huấn phát triên kỹ năng"
    assert read_from_scan["fields"]["subject"]["confidence"] < read_from_text["fields"]["subject"]["confidence"]
    assert read_from_scan["recipients"] == ["Như trên", "Lưu: VT, C04"]
    assert read_from_scan["fields"]["recipients"]["found"]["read_as"] == ["Như trên; _", "Lưu: VT, C04"]
    assert read_from_text["subject"] == "V/v tô chức tập huấn phát triên kỹ năng", "a text layer is never corrected"


@pytest.mark.parametrize("read, printed", [
    ("Ban hành Chuân chương trình đào tạo", "Ban hành Chuẩn chương trình đào tạo"),
    ("kế hoạch đầu tư công năm 2026 vôn NSTW", "kế hoạch đầu tư công năm 2026 vốn NSTW"),
    ("Quyêt định về xuât khẩu", "Quyết định về xuất khẩu"),
])
def test_a_word_that_is_no_word_without_its_tone_mark_gets_the_only_mark_that_makes_one(read, printed):
    assert restore_tones(read) == printed


@pytest.mark.parametrize("read", [
    "tô chức",  # "tô" is a word; which mark was dropped, the phrase list decides
    "xuất khâu",  # "khâu" is a word too
    "thuế ITNIN", "CHUÂN",  # acronyms and capitals
    "huyên Đăk Hà",  # "huyện" or "huyền": two words fit
    "nuóc",  # a mark read in the wrong place is not a dropped one
])
def test_words_that_are_words_or_fit_two_ways_are_left_as_read(read):
    assert restore_tones(read) == read


@pytest.mark.parametrize("read, printed", [
    ("HĐND, UBND các tỉnh, thành phố trực thuộc trung", "HĐND, UBND các tỉnh, thành phố trực thuộc trung ương"),
    ("Cổng thông tin điện", "Cổng thông tin điện tử"),
    ("UBND các tỉnh, thành phố trực thuộc", "UBND các tỉnh, thành phố trực thuộc"),  # a whole phrase
    ("Văn phòng Trung ương", "Văn phòng Trung ương"),
])
def test_an_entry_cut_one_word_short_of_a_long_known_phrase_gets_its_last_word(read, printed):
    assert complete_cut_phrase(read) == printed


BODY = "Luật Thuế TNDN số 67/2025/QH15 ... ưu đãi thuế TNDN ... Luật Thuế TNDN ... BHYT, BHYT và BHYT."


def test_an_unsure_acronym_of_the_subject_is_read_as_the_one_the_body_keeps_using():
    subject = "V/v chính sách thuế ITNIN"
    assert correct_acronyms(subject, f"{subject}\n{BODY}", unsure={"ITNIN"}) == "V/v chính sách thuế TNDN"


@pytest.mark.parametrize("subject, body, unsure", [
    ("V/v chính sách thuế ITNIN", BODY, set()),  # OCR was sure of it
    ("V/v đóng BHXH", BODY + " BHXH", {"BHXH"}),  # the body uses it too, near BHYT or not
    ("V/v đóng BHXT", BODY + " BHXH BHXH BHXH", {"BHXT"}),  # BHXH and BHYT both fit
])
def test_an_acronym_ocr_was_sure_of_used_again_or_fitting_two_ways_is_left_as_read(subject, body, unsure):
    assert correct_acronyms(subject, f"{subject}\n{body}", unsure) == subject


DECISION = """QUYẾT ĐỊNH
Bãi bỏ toàn bộ Quyết định số 78/2010/QĐ-TTg ngày 30 tháng 11 năm 2010 ảo hs BIỆN TỪ Chính Phủ) Tam la
Thủ tướng Chính phủ về mức giá trị hàng hóa nhập khẩu được miễn thuế
Thủ tướng Chính phủ ban hành Quyết định bãi bỏ toàn bộ Quyết định số 78/2010/QĐ-TTg ngày 30 tháng 1 1
năm 2010 của Thủ tướng Chính phủ về mức giá trị hàng hóa nhập khẩu được miễn thuế.
Điều 1. Bãi bỏ toàn bộ Quyết định
Bãi bỏ toàn bộ Quyết định số 78/2010/QĐ-TTg ngày 30 tháng 11 năm 2010
của Thủ tướng Chính phủ về mức giá trị hàng hóa nhập khẩu được miễn thuế.
Điều 2. Điều khoản thi hành"""


def test_a_subject_a_stamp_printed_words_into_is_read_from_its_repeat_in_the_body():
    subject = DECISION.splitlines()[1] + " " + DECISION.splitlines()[2]
    assert repeated_subject(subject, DECISION) == (
        "Bãi bỏ toàn bộ Quyết định số 78/2010/QĐ-TTg ngày 30 tháng 11 năm 2010 "
        "của Thủ tướng Chính phủ về mức giá trị hàng hóa nhập khẩu được miễn thuế")


def test_a_subject_the_body_repeats_word_for_word_or_not_at_all_needs_no_repeat():
    clean = "Bãi bỏ toàn bộ Quyết định số 78/2010/QĐ-TTg ngày 30 tháng 11 năm 2010 của Thủ tướng Chính phủ"
    assert repeated_subject(clean, f"{clean}\nĐiều 1. {clean}.") is None
    assert repeated_subject("Quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Xây dựng",
                            "Điều 1. Vị trí và chức năng") is None


def test_a_subject_whose_first_words_carry_commas_is_found_in_its_repeat():
    """The anchors compare words without their commas: "chức năng, nhiệm vụ," opens both."""
    ocr = "Quy định chức năng, nhiệm vụ, quyền hạn và ˆ ơ cầu tô chức của Sở Công Thương tỉnh Phú Thọ"
    body = ("Ủy ban nhân dân tỉnh ban hành Quyết định Quy định chức năng, nhiệm\nvụ, quyên hạn và cơ cấu "
            "tô chức của Sở Công Thương tỉnh Phú Thọ như sau:")
    assert repeated_subject(ocr, body) == (
        "Quy định chức năng, nhiệm vụ, quyên hạn và cơ cấu tô chức của Sở Công Thương tỉnh Phú Thọ")


JOINT_CIRCULAR = """THÔNG TƯ LIÊN TỊCH |” Bgy,22/01....
lẫn thi hành một số quy định của Luật hôn nhân và gĩa đỉnh
Căn cứ Luật hôn nhân và gia đình số 52/2014/QH13;
Chánh án Tòa án nhân dân tối cao, Bộ trưởng Bộ Tư pháp ban hành Thông tư liên tịch hướng dân thi
hành một số quy định của Luật hôn nhân và gia đình số 52/2014/QH13 như sau:"""


def test_a_subject_whose_first_words_a_stamp_covered_is_read_where_the_body_names_the_document():
    """The preamble names the document by its type and subject ("ban hành Thông tư liên tịch …")."""
    cut = JOINT_CIRCULAR.splitlines()[1]
    assert subject_named_in_body(cut, JOINT_CIRCULAR, "Thông tư liên tịch") == (
        "Hướng dân thi hành một số quy định của Luật hôn nhân và gia đình")


def test_a_whole_subject_or_one_the_body_does_not_name_is_left_as_read():
    whole = "Hướng dẫn thi hành một số quy định của Luật hôn nhân và gia đình"
    assert subject_named_in_body(whole, JOINT_CIRCULAR, "Thông tư liên tịch") is None
    cut = JOINT_CIRCULAR.splitlines()[1]
    assert subject_named_in_body(cut, JOINT_CIRCULAR, "Quyết định") is None
    assert subject_named_in_body(cut, "\n".join(JOINT_CIRCULAR.splitlines()[:3]), "Thông tư liên tịch") is None


def test_a_q_read_as_a_marked_o_inside_an_acronym_is_a_q():
    assert correct_acronym_letters("Lưu: VT, HTỌT, VP (KSTTHC)") == "Lưu: VT, HTQT, VP (KSTTHC)"
    assert correct_acronym_letters("HỌC VIỆN NGỌC TỌA") == "HỌC VIỆN NGỌC TỌA", "words, not initials"
