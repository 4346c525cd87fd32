"""DOCX, ODT and legacy DOC: the header table, runs with their fonts, nested tables, headers and
footers, legacy fonts converted (Điều 5.2), and .doc flagged as not open (Điều 5.1)."""

from __future__ import annotations

import io
import zipfile

import pytest

from ingest.samples import build_docx, build_odt
from parsers.base import Table
from parsers.errors import EncryptedFile
from parsers.flow import iter_paragraphs
from parsers.reading import read


def _header(parsed) -> Table:
    return next(b for b in parsed.blocks if isinstance(b, Table))


@pytest.mark.parametrize("build", [build_docx, build_odt])
def test_the_two_column_header_is_a_table_with_one_column_per_side(build, sample, ctx, registry):
    parsed = read(build(sample), "decision", ctx, registry).parsed
    [[left, right]] = _header(parsed).rows
    assert left.text.splitlines() == sample.header_left
    assert right.text.splitlines() == sample.header_right


@pytest.mark.parametrize("build, fmt, is_open", [(build_docx, "docx", False), (build_odt, "odt", True)])
def test_format_and_open_format_are_reported(build, fmt, is_open, sample, ctx, registry):
    parsed = read(build(sample), "decision", ctx, registry).parsed
    assert (parsed.format, parsed.open_format, parsed.text_source) == (fmt, is_open, "text")


@pytest.mark.parametrize("build", [build_docx, build_odt])
def test_runs_keep_their_font_and_weight(build, sample, ctx, registry):
    parsed = read(build(sample), "decision", ctx, registry).parsed
    runs = [r for p in iter_paragraphs(parsed.blocks) for r in p.runs if r.text == sample.issuer]
    assert runs and runs[0].font == "Times New Roman" and runs[0].bold


@pytest.mark.parametrize("build", [build_docx, build_odt])
@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_legacy_documents_are_converted_exactly(build, encoding, sample, ctx, registry):
    parsed = read(build(sample.in_legacy(encoding)), "old", ctx, registry).parsed
    assert parsed.legacy_encoding == encoding
    assert [line for line in parsed.text.splitlines() if line.strip()] == sample.plain_lines()


@pytest.mark.parametrize("build", [build_docx, build_odt])
def test_capitals_in_an_upper_case_tcvn3_font_are_upper_cased(build, sample, ctx, registry):
    parsed = read(build(sample.in_legacy("TCVN3")), "old", ctx, registry).parsed
    [[left, right]] = _header(parsed).rows
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right.text
    assert any(r.font == ".VnTimeH" for p in iter_paragraphs([_header(parsed)]) for r in p.runs)


def test_a_unicode_text_in_a_legacy_font_is_left_alone(sample, ctx, registry):
    from dataclasses import replace

    lying = replace(sample, font=".VnTime")  # font table says .VnTime, text is Unicode
    parsed = read(build_docx(lying), "lying.docx", ctx, registry).parsed
    assert parsed.legacy_encoding is None
    assert "Ban hành Quy chế" in parsed.text


def test_docx_nested_tables_headers_and_footers(ctx, registry):
    from docx import Document

    document = Document()
    document.sections[0].header.paragraphs[0].text = "SỞ XÂY DỰNG TỈNH KON TUM"
    document.sections[0].footer.paragraphs[0].text = "Địa chỉ: 43 Trần Phú, Kon Tum"
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Ngoài"
    inner = outer.cell(0, 1).add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "Trong 1"
    inner.cell(1, 0).text = "Trong 2"
    out = io.BytesIO()
    document.save(out)
    _assert_nested_table_header_and_footer(read(out.getvalue(), "nested.docx", ctx, registry).parsed)


def _assert_nested_table_header_and_footer(parsed) -> None:
    [[first, second]] = _header(parsed).rows
    nested = next(b for b in second.blocks if isinstance(b, Table))
    assert [row[0].text for row in nested.rows] == ["Trong 1", "Trong 2"]
    assert [h.text for h in parsed.headers] == ["SỞ XÂY DỰNG TỈNH KON TUM"]
    assert [f.text for f in parsed.footers] == ["Địa chỉ: 43 Trần Phú, Kon Tum"]


def test_a_legacy_doc_is_converted_to_odt_and_marked_not_open(doc_file, sample, ctx, registry):
    parsed = read(doc_file, "decision.doc", ctx, registry).parsed
    assert parsed.format == "doc" and not parsed.open_format
    assert parsed.converted is not None and parsed.converted[0] == "odt"
    assert parsed.converted[1].startswith(b"PK")
    [[left, right]] = _header(parsed).rows
    assert left.text.splitlines() == sample.header_left
    assert any("đã chuyển sang ODT" in w for w in parsed.warnings)


def test_a_doc_that_takes_too_long_is_stopped(doc_file, ctx, registry):
    from dataclasses import replace

    hurried = replace(ctx, limits=replace(ctx.limits, libreoffice_timeout_s=0.01))
    reading = read(doc_file, "slow.doc", hurried, registry)
    assert reading.error is not None and "chuyển đổi tệp quá" in str(reading.error)


def test_a_docx_that_is_not_a_zip_is_a_clear_error(sample_docx, ctx, registry):
    broken = sample_docx[:40] + b"\x00" * 200  # keeps the PK magic, loses the rest
    reading = read(broken, "broken.docx", ctx, registry)
    assert reading.error is not None and "broken.docx" in str(reading.error)


def test_odt_nested_tables_headers_footers_spaces_and_notes(ctx, registry):
    from odf.opendocument import OpenDocumentText
    from odf.style import Footer, Header, MasterPage, PageLayout
    from odf.table import Table as OdfTable
    from odf.table import TableCell, TableColumn, TableRow
    from odf.text import Note, NoteBody, NoteCitation, P, S

    document = OpenDocumentText()
    layout = PageLayout(name="pm1")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    for part, text in ((Header(), "SỞ XÂY DỰNG TỈNH KON TUM"), (Footer(), "Địa chỉ: 43 Trần Phú, Kon Tum")):
        part.addElement(P(text=text))
        master.addElement(part)
    document.masterstyles.addElement(master)

    def table(rows: list[list]) -> OdfTable:
        built = OdfTable()
        built.addElement(TableColumn(numbercolumnsrepeated=len(rows[0])))
        for cells in rows:
            row = TableRow()
            for content in cells:
                cell = TableCell()
                cell.addElement(content)
                row.addElement(cell)
            built.addElement(row)
        return built

    inner = table([[P(text="Trong 1")], [P(text="Trong 2")]])
    document.text.addElement(table([[P(text="Ngoài"), inner]]))
    number = P(text="Số:")
    number.addElement(S(c=5))
    number.addText("/QĐ-SXD")
    document.text.addElement(number)
    article = P(text="Điều 1")
    note = Note(id="ftn1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    body = NoteBody()
    body.addElement(P(text="chú thích"))
    note.addElement(body)
    article.addElement(note)
    article.addText(" có hiệu lực")
    document.text.addElement(article)
    out = io.BytesIO()
    document.save(out)
    parsed = read(out.getvalue(), "nested.odt", ctx, registry).parsed
    _assert_nested_table_header_and_footer(parsed)
    assert "Số:     /QĐ-SXD" in parsed.text.splitlines()
    assert "Điều 1 có hiệu lực" in parsed.text.splitlines(), "a footnote is not part of the sentence"


def test_a_password_protected_odt_is_a_clear_error(ctx, registry):
    manifest = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                b'manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum="x"/>'
                b'</manifest:file-entry></manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", bytes(range(256)) * 4)
    reading = read(out.getvalue(), "mat-khau.odt", ctx, registry)
    assert isinstance(reading.error, EncryptedFile) and "mật khẩu" in str(reading.error)


def _styled_docx() -> bytes:
    """A DOCX whose paragraphs use a style based on another (font from the base, weight its own),
    a style named nowhere (Word then takes the default paragraph style) and no style at all."""
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    base = document.styles.add_style("Cơ sở", WD_STYLE_TYPE.PARAGRAPH)
    base.font.name, base.font.italic = "Times New Roman", True
    heading = document.styles.add_style("Tiêu đề văn bản", WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style, heading.font.bold = base, True
    document.styles["Normal"].font.name = "Arial"
    document.add_paragraph("QUYẾT ĐỊNH", style=heading)
    document.add_paragraph("Về việc ban hành Quy chế")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _styles_of(parsed):
    return [(p.style, p.runs[0].font, p.runs[0].bold, p.runs[0].italic) for p in iter_paragraphs(parsed.blocks)]


def test_a_paragraph_takes_font_and_weight_through_its_chain_of_styles(ctx, registry):
    parsed = read(_styled_docx(), "styled.docx", ctx, registry).parsed
    assert _styles_of(parsed) == [("Tiêu đề văn bản", "Times New Roman", True, True), ("Normal", "Arial", False, False)]


def test_styles_written_with_another_prefix_read_the_same(ctx, registry):
    data = _styled_docx()
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    other = styles.replace("xmlns:w=", "xmlns:ww=").replace("<w:", "<ww:").replace("</w:", "</ww:").replace(" w:", " ww:")
    assert "<w:style" not in other
    parsed = read(_replace_part(data, "word/styles.xml", other.encode()), "other.docx", ctx, registry).parsed
    assert _styles_of(parsed) == _styles_of(read(data, "styled.docx", ctx, registry).parsed)


def test_a_styles_part_declaring_entities_is_refused(ctx, registry):
    data = _styled_docx()
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
    declaration, rest = styles.split(b"?>", 1)
    hostile = declaration + b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + rest
    reading = read(_replace_part(data, "word/styles.xml", hostile), "styles.docx", ctx, registry)
    assert reading.error is not None and "word/styles.xml" in str(reading.error) and "DTD" in str(reading.error)


def test_a_styles_part_read_in_chunks_still_refuses_a_declaration_cut_across_two(ctx, registry):
    """The styles part is decompressed only as far as the paragraphs' styles need (theirs are at
    its end here, so all of it): a marker lying across two chunks is found all the same."""
    from parsers.docx_styles import PartStream

    data = _styled_docx()
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml")
    root_end = styles.index(b">", styles.index(b"<w:styles")) + 1
    marker_at = PartStream.CHUNK - 4  # "<!EN" in one chunk, "TITY" in the next
    padding = marker_at - root_end - len(b"<!--")
    hostile = styles[:root_end] + b"<!--" + b"x" * padding + b'<!ENTITY e SYSTEM "file:///etc/passwd"> -->' \
        + styles[root_end:]
    assert hostile.index(b"<!ENTITY") == marker_at
    reading = read(_replace_part(data, "word/styles.xml", hostile), "styles.docx", ctx, registry)
    assert reading.error is not None and "word/styles.xml" in str(reading.error) and "DTD" in str(reading.error)


def test_damage_in_a_styles_part_read_only_in_part_is_refused_or_changes_nothing(ctx, registry, sample_docx):
    """The styles part is not always read to its end, so its CRC is not always checked: a damaged
    byte inside what was read stops the inflater (refused as damaged), and one past it changes
    nothing that was read."""
    from parsers.errors import CorruptFile

    data = sample_docx  # its paragraphs' styles stand early in the template's long styles part
    clean = read(data, "166.docx", ctx, registry).parsed
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/styles.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    outcomes = set()
    for at in range(start, start + info.compress_size, max(1, info.compress_size // 25)):
        damaged = bytearray(data)
        damaged[at] ^= 0xFF
        reading = read(bytes(damaged), "hong.docx", ctx, registry)
        if reading.error is not None:
            assert isinstance(reading.error, CorruptFile)
            outcomes.add("refused")
        else:
            assert (reading.parsed.blocks, reading.parsed.text) == (clean.blocks, clean.text)
            outcomes.add("read the same")
    assert outcomes == {"refused", "read the same"}


def _replace_part(data: bytes, part: str, xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, xml if info.filename == part else source.read(info))
    return out.getvalue()
