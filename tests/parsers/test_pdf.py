"""PDF: text of every page, positions of the header and signature block, OCR of scans,
signatures checked, passwords refused clearly."""

from __future__ import annotations

import difflib
import io
import re

import pytest

from parsers.errors import EncryptedFile, LimitExceeded
from parsers.reading import read, to_dict

from .conftest import SIGNER_NAME, SIGNER_ORG, encrypt


def _compact(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("fixture", ["pdf_from_docx", "pdf_from_odt"])
def test_a_pdf_printed_from_a_document_reads_every_line(request, fixture, sample, ctx, registry):
    reading = read(request.getfixturevalue(fixture), "decision.pdf", ctx, registry)
    parsed = reading.parsed
    assert reading.error is None and parsed.format == "pdf" and parsed.text_source == "text"
    text = _compact(parsed.text)
    for line in sample.plain_lines():
        assert _compact(line) in text, line


def test_the_two_column_header_keeps_its_columns_apart(pdf_from_docx, ctx, registry):
    page = read(pdf_from_docx, "decision.pdf", ctx, registry).parsed.pages[0]
    issuer = next(line for line in page.lines if "SỞ XÂY DỰNG" in line.text)
    title = next(line for line in page.lines if "CỘNG HÒA" in line.text)
    assert "CỘNG HÒA" not in issuer.text and "SỞ XÂY DỰNG" not in title.text
    assert issuer.box[2] < title.box[0], "the issuing body stands left of the national title"
    assert abs(issuer.box[1] - title.box[1]) < 30, "both head the page"


def test_first_and_last_pages_carry_word_boxes(pdf_from_docx, ctx, registry):
    pages = read(pdf_from_docx, "decision.pdf", ctx, registry).parsed.pages
    [name] = [line for line in pages[-1].lines if line.text == SIGNER_NAME]
    assert [w.text for w in name.words] == SIGNER_NAME.split()
    for word in name.words:
        x0, top, x1, bottom = word.box
        assert name.box[0] <= x0 < x1 <= name.box[2] and 0 <= top < bottom <= pages[-1].height
    assert pages[0].lines[0].words, "the header page has word boxes too"


def test_letters_written_out_of_order_are_placed_by_position():
    from parsers.pdf_layout import _Char, positional_rows, rows_text

    def char(text, x0, width=6.0, baseline=100.0):
        return _Char(text, x0, baseline - 9, x0 + width, baseline, baseline)

    # "TỈNH SỞ" drawn as "T NH S" in one text object and the fallback letters "Ỉ", "Ở" in another
    stream = [char("T", 0), char("N", 12), char("H", 18), char(" ", 24, 3), char("S", 28),
              char("Ỉ", 6), char("Ở", 34)]
    rows = positional_rows(stream)
    assert rows_text(rows) == "TỈNH SỞ"
    assert [w.text for w in rows[0][0].words] == ["TỈNH", "SỞ"]


def test_spaces_alone_make_no_line_and_no_error():
    """Readable PDFs that draw runs of spaces (a gap of spaces between columns, a page of spaces)
    were refused as damaged: an empty min() in the line builder."""
    from parsers.pdf_layout import _Char, positional_rows, rows_text

    def char(text, x0, baseline=100.0):
        return _Char(text, x0, baseline - 9, x0 + 6, baseline, baseline)

    gap_of_spaces = [char("A", 0), char("B", 6)] + [char(" ", 40 + 6 * i) for i in range(3)] + [char("C", 200)]
    assert rows_text(positional_rows(gap_of_spaces)).split() == ["AB", "C"]
    assert positional_rows([char(" ", 0), char(" ", 30, baseline=200)]) == []


def test_a_scanned_page_is_read_by_ocr_with_at_least_90_percent_of_characters_right(
        scanned_pdf, sample, ctx, registry, tesseract):
    parsed = read(scanned_pdf, "scan.pdf", ctx, registry).parsed
    assert parsed.text_source == "ocr" and all(p.text_source == "ocr" for p in parsed.pages)
    expected = _compact(" ".join(sample.plain_lines()))
    got = _compact(parsed.text)
    accuracy = difflib.SequenceMatcher(None, expected, got, autojunk=False).ratio()
    assert accuracy >= 0.90, f"OCR character accuracy {accuracy:.1%}"
    assert any(line.words and line.words[0].confidence is not None for line in parsed.pages[0].lines)


def test_a_file_mixing_text_pages_and_scans_is_read_page_by_page(pdf_from_docx, scanned_pdf, ctx, registry,
                                                                  tesseract):
    import io

    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    merged.import_pages(pdfium.PdfDocument(pdf_from_docx), [0])
    merged.import_pages(pdfium.PdfDocument(scanned_pdf), [0])
    out = io.BytesIO()
    merged.save(out)
    parsed = read(out.getvalue(), "mixed.pdf", ctx, registry).parsed
    assert [p.text_source for p in parsed.pages] == ["text", "ocr"]
    assert "SỞ XÂY DỰNG" in parsed.pages[1].text


def test_ocr_refuses_more_pages_than_the_limit(scanned_pdf, ctx, registry):
    from dataclasses import replace

    small = replace(ctx, limits=replace(ctx.limits, max_ocr_pages=0))
    reading = read(scanned_pdf, "scan.pdf", small, registry)
    assert isinstance(reading.error, LimitExceeded) and "vượt giới hạn 0 trang" in str(reading.error)


def test_a_signed_pdf_names_its_signer_and_is_intact(signed_pdf, ctx, registry):
    parsed = read(signed_pdf, "signed.pdf", ctx, registry).parsed
    [signature] = parsed.signatures
    assert signature.signer_name == SIGNER_NAME
    assert signature.signer_organisation == SIGNER_ORG
    assert signature.intact and signature.covers_whole_file
    assert signature.signing_time is not None
    assert signature.trusted is None, "no root configured: trust is unknown"


def test_a_byte_changed_after_signing_is_reported(signed_pdf, ctx, registry):
    start = signed_pdf.index(b"stream", 100) + 20
    tampered = bytearray(signed_pdf)
    tampered[start] ^= 0x01
    [signature] = read(bytes(tampered), "tampered.pdf", ctx, registry).parsed.signatures
    assert not signature.intact


def test_trust_is_judged_against_a_configured_root(signed_pdf, certificate, ctx, registry):
    from dataclasses import replace

    trusting = replace(ctx, trust_roots=(certificate[0],))
    [signature] = read(signed_pdf, "signed.pdf", trusting, registry).parsed.signatures
    assert signature.trusted is True


def test_a_file_that_opens_with_an_empty_password_is_read(pdf_from_docx, ctx, registry):
    parsed = read(encrypt(pdf_from_docx, user_password=""), "protected.pdf", ctx, registry).parsed
    assert "SỞ XÂY DỰNG" in parsed.text


def test_a_password_protected_file_is_a_clear_error(pdf_from_docx, ctx, registry):
    reading = read(encrypt(pdf_from_docx, user_password="secret"), "locked.pdf", ctx, registry)
    assert isinstance(reading.error, EncryptedFile)
    assert "mật khẩu" in str(reading.error)


def test_a_truncated_pdf_is_a_clear_error(pdf_from_docx, ctx, registry):
    reading = read(pdf_from_docx[:200], "cut.pdf", ctx, registry)
    assert reading.error is not None and "cut.pdf" in str(reading.error)


def test_a_legacy_font_pdf_is_converted(tmp_path_factory, sample, soffice, ctx, registry):
    from ingest.samples import build_docx

    from .conftest import _print_to_pdf

    pdf = _print_to_pdf(tmp_path_factory.mktemp("tcvn3"), "old.docx", build_docx(sample.in_legacy("TCVN3")),
                        soffice)
    parsed = read(pdf, "old.pdf", ctx, registry).parsed
    assert parsed.legacy_encoding == "TCVN3"
    assert "Quyết định này có hiệu lực kể từ ngày ký." in parsed.text
    assert "Công bố trên Trang TTĐT SXD" in parsed.text


@pytest.mark.parametrize("raw", [b"<48656C6C6F>", b"<48 65\n6C 6C\r\n6F>", b"<486>", b"<>", b"<0a0B>tail"])
def test_the_fast_hex_string_reader_matches_pyhankos_own(raw):
    import io

    from parsers import signatures

    signatures._install_fast_hex_reader()
    mine, theirs = io.BytesIO(raw), io.BytesIO(raw)
    assert signatures.read_hex_string(mine) == signatures._pyhanko_hex_reader(theirs)
    assert mine.tell() == theirs.tell()


def test_the_fast_hex_string_reader_refuses_what_pyhanko_refuses():
    import io

    from pyhanko.pdf_utils.generic import PdfStreamError

    from parsers.signatures import read_hex_string

    for raw in (b"<48zz>", b"<4865"):
        with pytest.raises(PdfStreamError):
            read_hex_string(io.BytesIO(raw))


def test_a_number_stamped_into_the_blank_by_the_signing_system_is_read(tmp_path_factory, soffice, certificate,
                                                                         ctx, registry):
    """VGCA-style signing fills "Số:   /QĐ-SXD" with a visible signature stamp; its text is in the
    widget's appearance, not in the page's text."""
    from dataclasses import replace as change

    import pypdfium2 as pdfium
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    from ingest.samples import SampleDocument, build_docx

    from .conftest import _print_to_pdf

    draft = change(SampleDocument(), number="Số:           /QĐ-SXD")
    pdf = _print_to_pdf(tmp_path_factory.mktemp("stamp"), "draft.docx", build_docx(draft), soffice)
    page = pdfium.PdfDocument(pdf)[0]
    textpage = page.get_textpage()
    index = textpage.get_text_range().index("/QĐ-SXD")
    left, bottom, right, top = textpage.get_charbox(index)
    box = (left - 34, bottom - 2, left - 2, top + 3)  # the blank before "/QĐ-SXD"
    cert_path, key_path = certificate
    signer = signers.SimpleSigner.load(str(key_path), str(cert_path))
    style = TextStampStyle(stamp_text="166", border_width=0, background=None)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    fields.append_signature_field(writer, fields.SigFieldSpec("SoVanBan", box=box, on_page=0))
    signed = signers.PdfSigner(signers.PdfSignatureMetadata(field_name="SoVanBan"), signer=signer,
                               stamp_style=style).sign_pdf(writer).getvalue()
    found = to_dict(read(signed, "signed.pdf", ctx, registry))
    assert "166" not in read(pdf, "draft.pdf", ctx, registry).parsed.text
    assert found["number"] == "166/QĐ-SXD", (found["number"], found["warnings"])
    assert any("đọc từ dấu của hệ thống ký số" in w for w in found["warnings"])


def _tiny_pdf(content: bytes, width: float = 595, height: float = 842) -> bytes:
    """A one-page PDF with Helvetica and the given content stream, with a correct xref table."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>" % (width, height),
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_thin_text_layer_is_kept_when_ocr_finds_less(ctx, registry, tesseract):
    """A page with little text is OCR'd; here its text is invisible (render mode 3), so OCR finds
    nothing on the picture: the text layer stays, it was the better of the two."""
    pdf = _tiny_pdf(b"BT /F1 12 Tf 3 Tr 72 720 Td (Dummy PDF file) Tj ET")
    parsed = read(pdf, "dummy.pdf", ctx, registry).parsed
    assert "Dummy PDF file" in parsed.text and parsed.pages[0].text_source == "text"


def test_a_huge_page_is_rendered_for_ocr_within_the_pixel_budget():
    from parsers.pdf import OCR_PIXEL_BUDGET, _dpi_within_budget

    assert _dpi_within_budget(300, 595, 842) == 300  # A4 as asked
    dpi = _dpi_within_budget(300, 3146, 1529)
    assert dpi < 300 and (3146 / 72 * dpi) * (1529 / 72 * dpi) <= OCR_PIXEL_BUDGET


def test_a_huge_page_is_read_by_ocr_without_rendering_past_the_budget(ctx, registry, tesseract, monkeypatch):
    import pypdfium2

    sizes = []
    render = pypdfium2.PdfPage.render

    def measured(page, **kwargs):  # type: ignore[no-untyped-def]
        bitmap = render(page, **kwargs)
        sizes.append(bitmap.width * bitmap.height)
        return bitmap

    monkeypatch.setattr(pypdfium2.PdfPage, "render", measured)
    pdf = _tiny_pdf(b"q 0 0 0 rg 100 100 50 50 re f Q", width=3146, height=1529)  # a drawing, no text
    read(pdf, "ban-ve.pdf", ctx, registry)
    from parsers.pdf import OCR_PIXEL_BUDGET

    assert sizes and max(sizes) <= OCR_PIXEL_BUDGET * 1.01
