"""Sample administrative documents laid out as Nghị định 30/2020 asks (Phụ lục I), built in code.

Used for the demo data and as test fixtures: a DOCX (python-docx) or ODT (odfpy) with the standard
two-column header table (issuing body and number on the left; national title, motto, place and
date on the right), type and subject, body, the signature block beside "Nơi nhận", optionally
written in a legacy TCVN3 (``.VnTime``/``.VnTimeH``) or VNI (``VNI-Times``) font. The header and
the footer can also be laid out as offices do without a table: rows of two columns set apart by
tab stops ("tabs"), or one column after the other in centred paragraphs ("stacked").
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Literal

from parsers import legacy

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
Layout = Literal["table", "tabs", "stacked"]


@dataclass(frozen=True)
class SampleDocument:
    parent_issuer: str | None = "UBND TỈNH KON TUM"
    issuer: str = "SỞ XÂY DỰNG"
    number: str = "Số: 166/QĐ-SXD"
    place_date: str = "Kon Tum, ngày 26 tháng 12 năm 2023"
    doc_type: str | None = "QUYẾT ĐỊNH"
    subject: str = ("Ban hành Quy chế quản lý, sử dụng và cung cấp, trao đổi thông tin trên "
                    "Trang thông tin điện tử của Sở Xây dựng tỉnh Kon Tum")
    body: tuple[str, ...] = (
        "GIÁM ĐỐC SỞ XÂY DỰNG TỈNH KON TUM",
        "Căn cứ Luật Công nghệ thông tin ngày 29 tháng 6 năm 2006;",
        "Căn cứ Nghị định số 42/2022/NĐ-CP ngày 24 tháng 6 năm 2022 của Chính phủ;",
        "Theo đề nghị của Chánh Văn phòng Sở.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế quản lý, sử dụng và cung cấp thông tin.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Sở, Trưởng các phòng, đơn vị thuộc Sở chịu trách nhiệm thi hành.",
    )
    recipients: tuple[str, ...] = ("Như Điều 3;", "Giám đốc, các PGĐ Sở;",
                                   "Công bố trên Trang TTĐT SXD;", "Lưu: VT, VP.")
    signer_authority: str | None = "KT. GIÁM ĐỐC"
    signer_title: str = "PHÓ GIÁM ĐỐC"
    signer_name: str = "Nguyễn Văn An"
    stamps: tuple[str, ...] = ()  # secrecy and urgency stamps under the number (ô 10a, 10b)
    signature_notes: tuple[str, ...] = ()  # "(Đã ký)", e-signature stamp text between title and name
    recipients_label: str = "Nơi nhận:"  # as printed; a test can garble it the way OCR does
    font: str = "Times New Roman"
    upper_font: str | None = None  # for capitals in a legacy font (.VnTimeH)
    encoding: legacy.Encoding | None = None
    header_layout: Layout = "table"
    footer_layout: Layout = "table"
    extra: dict[str, str] = field(default_factory=dict)

    def in_legacy(self, encoding: legacy.Encoding) -> "SampleDocument":
        fonts = {"TCVN3": (".VnTime", ".VnTimeH"), "VNI": ("VNI-Times", None)}[encoding]
        return replace(self, encoding=encoding, font=fonts[0], upper_font=fonts[1])

    @property
    def header_left(self) -> list[str]:
        subject = self.subject.split("\n") if self.doc_type is None else []  # a công văn's "V/v" under the number
        parent = [self.parent_issuer] if self.parent_issuer else []
        return parent + list(self.issuer_lines) + [self.number] + subject + list(self.stamps)

    @property
    def issuer_lines(self) -> tuple[str, ...]:
        """The issuing body as the header prints it: a long name on several lines ("\n" in ``issuer``)."""
        return tuple(self.issuer.split("\n"))

    @property
    def title_lines(self) -> list[str]:
        """Type name and subject lines (a công văn has neither here: its subject is in the header)."""
        return [self.doc_type, *self.subject.split("\n")] if self.doc_type else []

    @property
    def header_right(self) -> list[str]:
        return [NATIONAL_TITLE, MOTTO, self.place_date]

    @property
    def signature_block(self) -> list[str]:
        authority = self.signer_authority.split(" / ") if self.signer_authority else []
        return authority + self.signer_title.split("\n") + [*self.signature_notes, "", self.signer_name]

    def plain_lines(self) -> list[str]:
        """Every line of the document as Unicode, in reading order (for accuracy checks)."""
        lines = self.header_left + self.header_right
        lines += self.title_lines + list(self.body)
        lines += [self.recipients_label] + [f"- {r}" for r in self.recipients] + [x for x in self.signature_block if x]
        return lines

    def encode(self, text: str, *, capitals: bool = False) -> tuple[str, str]:
        """(text as stored, font) for one run."""
        if self.encoding == "TCVN3":
            font = self.upper_font if capitals and self.upper_font else self.font
            return legacy.encode_tcvn3(text), font
        if self.encoding == "VNI":
            return legacy.encode_vni(text), self.font
        return text, self.font


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def build_docx(doc: SampleDocument) -> bytes:
    from docx import Document

    writer = _DocxWriter(doc, Document())
    writer.columns(doc.header_left, doc.header_right, doc.header_layout, bold_left=writer.bold_in_header,
                   bold_right=writer.bold_in_header)
    for text in doc.title_lines:
        writer.paragraph(text, bold=True, centre=True)
    for line in doc.body:
        writer.paragraph(line)
    recipients = [doc.recipients_label] + [f"- {r}" for r in doc.recipients]
    in_signature = lambda line: line not in doc.signature_notes  # noqa: E731 - the block's lines are bold, its notes not
    if doc.footer_layout == "stacked":  # the signature block first, the list under it, as some offices print
        writer.columns([], doc.signature_block, "stacked", bold_left=lambda line: False, bold_right=in_signature)
        for i, line in enumerate(recipients):
            writer.paragraph(line, bold=i == 0, italic=i == 0)
    else:
        writer.columns(recipients, doc.signature_block, doc.footer_layout,
                       bold_left=lambda line: line == doc.recipients_label, bold_right=in_signature, centre_left=False)
    writer.document.add_paragraph()  # Word ends a document with a paragraph, never a table (LibreOffice's .doc export loses a final table)
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()


class _DocxWriter:
    """Writes a sample into a python-docx document: A4 with the margins of Nghị định 30, runs in
    the sample's font (or legacy encoding) at 13 pt, two columns as a table, tab-stop rows or
    one column after the other."""

    def __init__(self, doc: SampleDocument, document: Any) -> None:
        from docx.shared import Cm

        self.doc, self.document = doc, document
        for section in document.sections:  # A4 with the margins of Nghị định 30 (Phụ lục I)
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
                Cm(2), Cm(2), Cm(3), Cm(2))
        document.core_properties.title = doc.subject
        document.core_properties.author = "Văn phòng Sở Xây dựng"

    def bold_in_header(self, line: str) -> bool:
        return line in (*self.doc.issuer_lines, *self.doc.header_right[:2], *self.doc.stamps)

    def run(self, paragraph: Any, text: str, *, bold: bool = False, italic: bool = False, size: int = 13) -> None:
        from docx.shared import Pt

        stored, font = self.doc.encode(text, capitals=_is_capitals(text))
        run = paragraph.add_run(stored)
        run.font.name, run.bold, run.italic, run.font.size = font, bold, italic, Pt(size)

    def paragraph(self, text: str, *, bold: bool = False, italic: bool = False, centre: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        para = self.document.add_paragraph()
        if centre:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(para, text, bold=bold, italic=italic)

    def columns(self, left: list[str], right: list[str], layout: Layout, *, bold_left: Callable[[str], bool],
                bold_right: Callable[[str], bool], centre_left: bool = True) -> None:
        if layout == "table":
            table = self.document.add_table(rows=1, cols=2)
            self._fill(table.cell(0, 0), left, bold_left, centre_left)
            self._fill(table.cell(0, 1), right, bold_right, True)
        elif layout == "tabs":
            self._tab_rows(left, right, bold_left, bold_right, centre_left)
        else:  # one column, then the other
            from docx.enum.text import WD_ALIGN_PARAGRAPH
            from docx.shared import Cm

            for lines, bold, indent in ((left, bold_left, 0), (right, bold_right, 8)):
                for text in lines:
                    para = self.document.add_paragraph()
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    para.paragraph_format.left_indent = Cm(indent)
                    if text:
                        self.run(para, text, bold=bold(text), italic=text == self.doc.place_date)

    def _tab_rows(self, left: list[str], right: list[str], bold_left: Callable[[str], bool],
                  bold_right: Callable[[str], bool], centre_left: bool) -> None:
        """One paragraph a row, each column's piece after a tab, at 12 pt so that both fit the 16 cm line."""
        from docx.enum.text import WD_TAB_ALIGNMENT
        from docx.shared import Cm

        for row in range(max(len(left), len(right))):
            para = self.document.add_paragraph()
            stops = para.paragraph_format.tab_stops
            stops.add_tab_stop(Cm(3.3 if centre_left else 0.3), WD_TAB_ALIGNMENT.CENTER if centre_left
                               else WD_TAB_ALIGNMENT.LEFT)
            stops.add_tab_stop(Cm(11.3), WD_TAB_ALIGNMENT.CENTER)
            for text, bold in ((left[row] if row < len(left) else "", bold_left),
                               (right[row] if row < len(right) else "", bold_right)):
                self.run(para, "\t", size=12)
                if text:
                    self.run(para, text, bold=bold(text), italic=text == self.doc.place_date, size=12)

    def _fill(self, cell: Any, lines: list[str], bold: Callable[[str], bool], centre: bool) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        cell.paragraphs[0].text = ""
        for i, line in enumerate(lines):
            para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            if centre:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if line:
                self.run(para, line, bold=bold(line), italic=line in (self.doc.place_date, self.doc.recipients_label))


def build_odt(doc: SampleDocument) -> bytes:
    writer = _OdtWriter(doc)
    header_bold = (*doc.issuer_lines, *doc.stamps, *doc.header_right[:2])
    writer.columns("Header", [(line, line in header_bold, False) for line in doc.header_left],
                   [(line, line in header_bold, line == doc.place_date) for line in doc.header_right],
                   doc.header_layout)
    for text in doc.title_lines:
        writer.add(writer.paragraph(text, bold=True, center=True))
    for line in doc.body:
        writer.add(writer.paragraph(line))
    recipients = [(doc.recipients_label, True, True)] + [(f"- {r}", False, False) for r in doc.recipients]
    signature = [(line, line not in doc.signature_notes, False) for line in doc.signature_block]
    if doc.footer_layout == "stacked":
        writer.columns("Signature", signature, recipients, "stacked", centre_right=False)
    else:
        writer.columns("Signature", recipients, signature, doc.footer_layout, centre_left=False)
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()


StyledLine = tuple[str, bool, bool]  # text, bold, italic


class _OdtWriter:
    """Writes a sample into an odfpy text document: the sample's fonts declared, one text style per
    (font, bold, italic) at 13 pt, centred paragraphs, rows at two centre tab stops, two columns as
    a one-row table."""

    def __init__(self, doc: SampleDocument) -> None:
        from odf.opendocument import OpenDocumentText
        from odf.style import FontFace, ParagraphProperties, Style, TabStop, TabStops

        self.doc, self.document = doc, OpenDocumentText()
        for font in sorted({doc.font} | ({doc.upper_font} if doc.upper_font else set())):
            self.document.fontfacedecls.addElement(FontFace(name=font, fontfamily=font, fontfamilygeneric="roman"))
        self.styles: dict[tuple[str, bool, bool], Any] = {}
        self.centred = Style(name="Centered", family="paragraph")
        self.centred.addElement(ParagraphProperties(textalign="center"))
        self.document.automaticstyles.addElement(self.centred)
        self.tabbed = Style(name="Tabbed", family="paragraph")
        stops = TabStops()
        stops.addElement(TabStop(position="3.3cm", type="center"))
        stops.addElement(TabStop(position="11.3cm", type="center"))
        properties = ParagraphProperties()
        properties.addElement(stops)
        self.tabbed.addElement(properties)
        self.document.automaticstyles.addElement(self.tabbed)

    def add(self, element: Any) -> None:
        self.document.text.addElement(element)

    def span(self, text: str, bold: bool, italic: bool) -> Any:
        from odf.style import Style, TextProperties
        from odf.text import Span

        stored, font = self.doc.encode(text, capitals=_is_capitals(text))
        key = (font, bold, italic)
        if key not in self.styles:
            style = Style(name=f"T{len(self.styles) + 1}", family="text")
            props = {"fontname": font, "fontsize": "13pt"}
            if bold:
                props["fontweight"] = "bold"
            if italic:
                props["fontstyle"] = "italic"
            style.addElement(TextProperties(**props))
            self.document.automaticstyles.addElement(style)
            self.styles[key] = style
        return Span(stylename=self.styles[key], text=stored)

    def paragraph(self, text: str, bold: bool = False, italic: bool = False, *, center: bool = False) -> Any:
        from odf.text import P

        p = P(stylename=self.centred) if center else P()
        if text:
            p.addElement(self.span(text, bold, italic))
        return p

    def columns(self, name: str, left: list[StyledLine], right: list[StyledLine], layout: Layout, centre_left: bool = True,
                centre_right: bool = True) -> None:
        """Each side as (text, bold, italic) lines: a table, rows at tab stops, or one after the other."""
        from odf.text import P, Tab

        if layout == "table":
            self.add(_odt_two_columns(name, [self.paragraph(*line, center=centre_left) for line in left],
                                      [self.paragraph(*line, center=True) for line in right]))
        elif layout == "tabs":
            for row in range(max(len(left), len(right))):
                p = P(stylename=self.tabbed)
                for side in (left, right):
                    p.addElement(Tab())
                    text, bold, italic = side[row] if row < len(side) else ("", False, False)
                    if text:
                        p.addElement(self.span(text, bold, italic))
                self.add(p)
        else:
            for lines, centre in ((left, centre_left), (right, centre_right)):
                for line in lines:
                    self.add(self.paragraph(*line, center=centre))


def _odt_two_columns(name: str, left: list, right: list):  # noqa: ANN201 - an odfpy Table
    """A one-row, two-cell table: the layout of the header and of the signature block."""
    from odf.table import Table, TableCell, TableColumn, TableRow

    table = Table(name=name)
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for paragraphs in (left, right):
        cell = TableCell()
        for paragraph in paragraphs:
            cell.addElement(paragraph)
        row.addElement(cell)
    table.addElement(row)
    return table
