"""A joint document (Thông tư liên tịch) is signed by each of its issuing bodies, block beside
block above "Nơi nhận" (NĐ 30): every block's authority, title and name is read, in the order the
blocks stand, joined with "; "."""

from __future__ import annotations

import io

import pytest

from parsers.base import Line, Word
from parsers.reading import read, to_dict
from parsers import signing_blocks

BLOCKS = (("KT. BỘ TRƯỞNG", "BỘ TƯ PHÁP", "THỨ TRƯỞNG", "Đinh Trung Tụng"),
          ("KT. VIỆN TRƯỞNG", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "PHÓ VIỆN TRƯỞNG", "Nguyễn Thị Thủy Khiêm"),
          ("KT. CHÁNH ÁN", "TÒA ÁN NHÂN DÂN TỐI CAO", "PHÓ CHÁNH ÁN", "Tống Anh Hào"))
EXPECTED = ("KT. BỘ TRƯỞNG BỘ TƯ PHÁP; KT. VIỆN TRƯỞNG VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO; "
            "KT. CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO",
            "THỨ TRƯỞNG; PHÓ VIỆN TRƯỞNG; PHÓ CHÁNH ÁN",
            "Đinh Trung Tụng; Nguyễn Thị Thủy Khiêm; Tống Anh Hào")


def _joint_circular() -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    left.text = ("TÒA ÁN NHÂN DÂN TỐI CAO\nVIỆN KIỂM SÁT NHÂN DÂN TỐI CAO\nBỘ TƯ PHÁP\n"
                 "Số: 01/2016/TTLT-TANDTC-VKSNDTC-BTP")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 06 tháng 01 năm 2016"
    left.width, right.width = Cm(9), Cm(8)
    for run in (r for cell in (left, right) for p in cell.paragraphs for r in p.runs):
        run.font.size = Pt(10.5)
    for text in ("THÔNG TƯ LIÊN TỊCH", "Hướng dẫn thi hành một số quy định của Luật hôn nhân và gia đình",
                 "Căn cứ Luật hôn nhân và gia đình số 52/2014/QH13;",
                 "Điều 1. Thông tư liên tịch này có hiệu lực thi hành kể từ ngày 01 tháng 3 năm 2016."):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    signatures = document.add_table(rows=1, cols=3)
    for cell, block in zip(signatures.rows[0].cells, BLOCKS):
        cell.text = "\n".join(block[:3]) + "\n\n\n\n" + block[3]
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
    for text in ("Nơi nhận:", "- Văn phòng Chính phủ;", "- Công báo;", "- Lưu: VT (TANDTC, VKSNDTC, BTP)."):
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def joint_pdf(tmp_path_factory, soffice) -> bytes:
    from .conftest import _print_to_pdf

    return _print_to_pdf(tmp_path_factory.mktemp("joint"), "ttlt.docx", _joint_circular(), soffice)


def _signers(found: dict) -> tuple:
    return found["signer_authority"], found["signer_title"], found["signer_name"]


def test_each_block_of_a_printed_joint_circular_is_read_in_the_order_they_stand(joint_pdf, ctx, registry):
    found = to_dict(read(joint_pdf, "ttlt.pdf", ctx, registry))
    assert found["issuer"] == "TÒA ÁN NHÂN DÂN TỐI CAO; VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO; BỘ TƯ PHÁP"
    assert _signers(found) == EXPECTED
    assert "inferred_from" not in found["fields"]["signer_title"]["found"], "every title was printed"


def test_a_scanned_joint_circular_has_each_blocks_authority_and_title(joint_pdf, ctx, registry, tesseract):
    """Each block is cut out and read on its own; its body is matched to the header's bodies."""
    from .conftest import scan

    found = to_dict(read(scan(joint_pdf), "ttlt-scan.pdf", ctx, registry))
    assert _signers(found)[:2] == EXPECTED[:2]
    assert found["signer_name"] in (EXPECTED[2], None)  # names are given only when every block has one


def _line(*pieces: tuple[str, float], y: float) -> Line:
    words = []
    for text, x in pieces:
        left = x
        for token in text.split():
            words.append(Word(token, (left, y, left + 7 * len(token), y + 10), 0.9))
            left += 7 * len(token) + 4
    return Line(" ".join(w.text for w in words), (words[0].box[0], y, words[-1].box[2], y + 10), words)


def test_blocks_are_found_by_a_row_of_signing_prefixes_above_the_list():
    row = _line(("KT. BỘ TRƯỞNG", 100), ("KT. VIỆN TRƯỞNG", 260), ("KT. CHÁNH ÁN", 430), y=200)
    label = _line(("Nơi nhận:", 100), y=360)
    assert len(signing_blocks.columns(row)) == 3
    centres, regions = signing_blocks.cut_outs([row, label], 612, 792)
    assert len(centres) == 3
    assert [round(r[1]) for r in regions] == [196] * 3 and all(r[3] == 358 for r in regions)
    assert regions[0][0] == 0 and regions[-1][2] == 612 and regions[0][2] > regions[1][0]


def test_a_single_block_beside_the_list_is_no_joint_row():
    label = _line(("Nơi nhận:", 90), ("KT. GIÁM ĐỐC", 380), y=600)
    assert signing_blocks.prefix_row([label], 842) is None
    assert signing_blocks.cut_outs([label], 595, 842) == ([], [])


def test_a_cut_out_keeps_only_the_words_of_its_own_block():
    row = _line(("KT. BỘ TRƯỞNG", 100), ("KT. VIỆN TRƯỞNG", 260), ("KT. CHÁNH ÁN", 430), y=200)
    label = _line(("Nơi nhận:", 100), y=360)
    read_from_middle = [_line(("CAO", 215), ("VIỆN KIỂM SÁT", 262), ("TÒA", 400), y=215)]
    kept = signing_blocks.own_words(read_from_middle, signing_blocks.columns(row), 1)
    assert [line.text for line in kept] == ["VIỆN KIỂM SÁT"]


def test_the_blocks_of_a_joint_circular_in_a_table_are_read_cell_by_cell(ctx, registry):
    found = to_dict(read(_joint_circular(), "ttlt.docx", ctx, registry))
    assert _signers(found) == EXPECTED


def test_a_title_garbled_under_a_seal_is_the_one_its_prefix_implies_and_says_so():
    from parsers.base import Page, Parsed
    from parsers.metadata import extract

    lines = [_line(("BỘ TƯ PHÁP", 100), y=60), _line(("BỘ Y TẾ", 100), y=72),
             _line(("Số: 02/2020/TTLT-BTP-BYT", 90), y=90),
             _line(("KT. BỘ TRƯỞNG", 110), ("KT. BỘ TRƯỞNG", 380), y=500),
             _line(("BỘ TƯ PHÁP", 115), ("BỘ Y TẾ", 395), y=512),
             _line(("HU 3 RƯƠNG", 115), ("THỨ TRƯỞNG", 390), y=524),
             _line(("Đinh Trung Tụng", 110), ("Lê Văn An", 390), y=600), _line(("Nơi nhận:", 90), y=640)]
    text = "\n".join(line.text for line in lines)
    found = extract(Parsed("pdf", "application/pdf", True, text, "ocr", [Page(1, 595, 842, text, "ocr", lines)]))
    assert found.value("signer_title") == "THỨ TRƯỞNG; THỨ TRƯỞNG"
    assert found.value("signer_authority") == "KT. BỘ TRƯỞNG BỘ TƯ PHÁP; KT. BỘ TRƯỞNG BỘ Y TẾ"
    assert found.value("signer_name") == "Đinh Trung Tụng; Lê Văn An"
    assert found.fields["signer_title"].found["inferred_from"] == "signer_authority"
