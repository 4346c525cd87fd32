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
from typing import Literal

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
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm, Pt

    document = Document()
    for section in document.sections:  # A4 with the margins of Nghị định 30 (Phụ lục I)
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(2), Cm(2), Cm(3), Cm(2)
    document.core_properties.title = doc.subject
    document.core_properties.author = "Văn phòng Sở Xây dựng"

    def add_run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: int = 13) -> None:
        stored, font = doc.encode(text, capitals=_is_capitals(text))
        run = paragraph.add_run(stored)
        run.font.name, run.bold, run.italic, run.font.size = font, bold, italic, Pt(size)

    def bold_header(line: str) -> bool:
        return line in (*doc.issuer_lines, *doc.header_right[:2], *doc.stamps)

    def two_columns(left: list[str], right: list[str], layout: Layout, *, bold_left, bold_right,
                    centre_left: bool = True) -> None:
        if layout == "table":
            table = document.add_table(rows=1, cols=2)
            fill(table.cell(0, 0), left, bold_left, centre_left)
            fill(table.cell(0, 1), right, bold_right, True)
        elif layout == "tabs":  # one paragraph a row: centre tab stops over each column
            for row in range(max(len(left), len(right))):
                para = document.add_paragraph()
                stops = para.paragraph_format.tab_stops
                stops.add_tab_stop(Cm(3.3 if centre_left else 0.3), WD_TAB_ALIGNMENT.CENTER if centre_left
                                   else WD_TAB_ALIGNMENT.LEFT)
                stops.add_tab_stop(Cm(11.3), WD_TAB_ALIGNMENT.CENTER)
                for text, bold in ((left[row] if row < len(left) else "", bold_left),
                                   (right[row] if row < len(right) else "", bold_right)):
                    add_run(para, "\t", size=12)
                    if text:  # 12 pt: both columns fit the 16 cm line
                        add_run(para, text, bold=bold(text), italic=text == doc.place_date, size=12)
        else:  # one column, then the other
            for lines, bold, indent in ((left, bold_left, 0), (right, bold_right, 8)):
                for text in lines:
                    para = document.add_paragraph()
                    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    para.paragraph_format.left_indent = Cm(indent)
                    if text:
                        add_run(para, text, bold=bold(text), italic=text == doc.place_date)

    def fill(cell, lines: list[str], bold, centre: bool) -> None:
        cell.paragraphs[0].text = ""
        for i, line in enumerate(lines):
            para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            if centre:
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if line:
                add_run(para, line, bold=bold(line), italic=line in (doc.place_date, doc.recipients_label))

    two_columns(doc.header_left, doc.header_right, doc.header_layout, bold_left=bold_header, bold_right=bold_header)
    for text in doc.title_lines:
        para = document.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(para, text, bold=True)
    for line in doc.body:
        add_run(document.add_paragraph(), line)
    recipients = [doc.recipients_label] + [f"- {r}" for r in doc.recipients]
    signature = doc.signature_block
    if doc.footer_layout == "stacked":  # the signature block first, the list under it, as some offices print
        two_columns([], signature, "stacked", bold_left=lambda line: False,
                    bold_right=lambda line: line not in doc.signature_notes)
        for i, line in enumerate(recipients):
            add_run(document.add_paragraph(), line, bold=i == 0, italic=i == 0)
    else:
        two_columns(recipients, signature, doc.footer_layout, bold_left=lambda line: line == doc.recipients_label,
                    bold_right=lambda line: line not in doc.signature_notes, centre_left=False)
    document.add_paragraph()  # Word ends a document with a paragraph, never a table (LibreOffice's .doc export loses a final table)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_odt(doc: SampleDocument) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import FontFace, ParagraphProperties, Style, TabStop, TabStops, TextProperties
    from odf.text import P, Span, Tab

    document = OpenDocumentText()
    fonts = {doc.font} | ({doc.upper_font} if doc.upper_font else set())
    for font in sorted(fonts):
        document.fontfacedecls.addElement(FontFace(name=font, fontfamily=font, fontfamilygeneric="roman"))
    styles: dict[tuple[str, bool, bool], Style] = {}

    def span_style(font: str, bold: bool, italic: bool) -> Style:
        key = (font, bold, italic)
        if key not in styles:
            style = Style(name=f"T{len(styles) + 1}", family="text")
            props = {"fontname": font, "fontsize": "13pt"}
            if bold:
                props["fontweight"] = "bold"
            if italic:
                props["fontstyle"] = "italic"
            style.addElement(TextProperties(**props))
            document.automaticstyles.addElement(style)
            styles[key] = style
        return styles[key]

    centered = Style(name="Centered", family="paragraph")
    centered.addElement(ParagraphProperties(textalign="center"))
    document.automaticstyles.addElement(centered)

    def para(text: str, bold: bool = False, italic: bool = False, *, center: bool = False) -> P:
        p = P(stylename=centered) if center else P()
        if text:
            stored, font = doc.encode(text, capitals=_is_capitals(text))
            p.addElement(Span(stylename=span_style(font, bold, italic), text=stored))
        return p

    tabbed = Style(name="Tabbed", family="paragraph")
    stops = TabStops()
    stops.addElement(TabStop(position="3.3cm", type="center"))
    stops.addElement(TabStop(position="11.3cm", type="center"))
    properties = ParagraphProperties()
    properties.addElement(stops)
    tabbed.addElement(properties)
    document.automaticstyles.addElement(tabbed)

    def two_columns(name: str, left: list[tuple[str, bool, bool]], right: list[tuple[str, bool, bool]],
                    layout: Layout, centre_left: bool = True, centre_right: bool = True) -> None:
        """Each side as (text, bold, italic) lines: a table, rows at tab stops, or one after the other."""
        if layout == "table":
            document.text.addElement(_odt_two_columns(name, [para(*line, center=centre_left) for line in left],
                                                      [para(*line, center=True) for line in right]))
        elif layout == "tabs":
            for row in range(max(len(left), len(right))):
                p = P(stylename=tabbed)
                for side in (left, right):
                    p.addElement(Tab())
                    text, bold, italic = side[row] if row < len(side) else ("", False, False)
                    if text:
                        stored, font = doc.encode(text, capitals=_is_capitals(text))
                        p.addElement(Span(stylename=span_style(font, bold, italic), text=stored))
                document.text.addElement(p)
        else:
            for lines, centre in ((left, centre_left), (right, centre_right)):
                for line in lines:
                    document.text.addElement(para(*line, center=centre))

    header_bold = (*doc.issuer_lines, *doc.stamps, *doc.header_right[:2])
    two_columns("Header", [(line, line in header_bold, False) for line in doc.header_left],
                [(line, line in header_bold, line == doc.place_date) for line in doc.header_right], doc.header_layout)
    for text in doc.title_lines:
        document.text.addElement(para(text, bold=True, center=True))
    for line in doc.body:
        document.text.addElement(para(line))
    recipients = [(doc.recipients_label, True, True)] + [(f"- {r}", False, False) for r in doc.recipients]
    signature = [(line, line not in doc.signature_notes, False) for line in doc.signature_block]
    if doc.footer_layout == "stacked":
        two_columns("Signature", signature, recipients, "stacked", centre_right=False)
    else:
        two_columns("Signature", recipients, signature, doc.footer_layout, centre_left=False)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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
