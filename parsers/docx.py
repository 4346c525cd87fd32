"""DOCX (python-docx): body paragraphs and tables in document order, nested tables, headers and
footers, and the font of every run, resolved through the style chain when the run names none."""

from __future__ import annotations

import io
import zipfile
from typing import Any, Iterable

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from .base import BaseParser, Block, Cell, Paragraph, Parsed, Run, Table, nfc
from .errors import CorruptFile
from .flow import blocks_text, fix_legacy_runs
from .limits import check_zip

_W_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")


class DocxParser(BaseParser):
    format = "docx"
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    open_format = False  # OOXML is not among the open formats of Thông tư 19/2011

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        if not head.startswith(b"PK\x03\x04"):
            return None
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        return 90 if "word/document.xml" in names else None

    def parse(self, data: bytes, name: str) -> Parsed:
        check_zip(data, self.ctx.limits, name)
        try:
            document = Document(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError, XMLSyntaxError, ...
            raise CorruptFile(f"not a readable DOCX file ({exc})", name=name) from exc
        reader = _Reader(document)
        result = self.result(
            blocks=reader.blocks(document.element.body),
            properties=_properties(document),
        )
        seen: set[int] = set()
        for section in document.sections:
            for part, target in ((section.header, result.headers), (section.footer, result.footers)):
                if part.is_linked_to_previous or id(part._element) in seen:
                    continue
                seen.add(id(part._element))
                target.extend(reader.blocks(part._element))
        result.legacy_encoding = fix_legacy_runs([result.blocks, result.headers, result.footers])
        if result.legacy_encoding:
            result.warnings.append(f"text converted from {result.legacy_encoding} to Unicode")
        result.text = blocks_text(result.blocks)
        return result


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.default_font = _default_font(document)
        self._styles: dict[str | None, tuple[str | None, str | None, bool | None, bool | None]] = {}

    def style(self, paragraph: DocxParagraph) -> tuple[str | None, str | None, bool | None, bool | None]:
        """(style name, font, bold, italic) of a paragraph's style, resolved once per style id."""
        ppr = paragraph._p.pPr
        style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        if style_id not in self._styles:
            style = paragraph.style
            self._styles[style_id] = (style.name if style is not None else None, *_style_font(style))
        return self._styles[style_id]

    def blocks(self, container: Any) -> list[Block]:
        out: list[Block] = []
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                out.append(self.paragraph(DocxParagraph(child, self.document)))
            elif child.tag == qn("w:tbl"):
                out.append(self.table(DocxTable(child, self.document)))
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    out.extend(self.blocks(content))
        return out

    def table(self, table: DocxTable) -> Table:
        rows = []
        for tr in table._tbl.tr_lst:
            cells = []
            for tc in tr.tc_lst:
                cells.append(Cell(self.blocks(tc)))
            rows.append(cells)
        return Table(rows)

    def paragraph(self, paragraph: DocxParagraph) -> Paragraph:
        style_name, style_font, style_bold, style_italic = self.style(paragraph)
        runs = []
        for run in _runs(paragraph):
            rpr = run._r.rPr
            font = _run_font(rpr) or style_font or self.default_font
            bold = _toggle(rpr, "w:b")
            italic = _toggle(rpr, "w:i")
            runs.append(Run(run.text, font, bool(style_bold if bold is None else bold),
                            bool(style_italic if italic is None else italic), _size(rpr)))
        return Paragraph(runs, style_name)


def _runs(paragraph: DocxParagraph) -> Iterable[Any]:
    for item in paragraph.iter_inner_content():
        if hasattr(item, "runs"):  # hyperlink
            yield from item.runs
        else:
            yield item


def _run_font(rpr: Any) -> str | None:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None:
        return None
    for attr in _W_FONT_ATTRS:
        value = fonts.get(qn(attr))
        if value:
            return value
    return None


def _toggle(rpr: Any, tag: str) -> bool | None:
    """A toggle property (bold, italic) set on the run itself; ``None`` when the style decides."""
    element = rpr.find(qn(tag)) if rpr is not None else None
    if element is None:
        return None
    return element.get(qn("w:val"), "true").lower() not in ("0", "false", "off", "none")


def _size(rpr: Any) -> float | None:
    element = rpr.find(qn("w:sz")) if rpr is not None else None
    try:
        return int(element.get(qn("w:val"))) / 2 if element is not None else None
    except (TypeError, ValueError):
        return None


def _style_font(style: Any) -> tuple[str | None, bool | None, bool | None]:
    font = bold = italic = None
    while style is not None:
        font = font or style.font.name
        bold = style.font.bold if bold is None else bold
        italic = style.font.italic if italic is None else italic
        style = style.base_style
    return font, bold, italic


def _default_font(document: Any) -> str | None:
    styles = document.styles.element
    fonts = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    if fonts is None:
        return None
    for attr in _W_FONT_ATTRS:
        if fonts.get(qn(attr)):
            return fonts.get(qn(attr))
    return None


def _properties(document: Any) -> dict[str, Any]:
    core = document.core_properties
    props = {
        "title": core.title, "subject": core.subject, "author": core.author, "keywords": core.keywords,
        "last_modified_by": core.last_modified_by,
        "created": core.created.isoformat() if core.created else None,
        "modified": core.modified.isoformat() if core.modified else None,
    }
    return {k: nfc(v) if isinstance(v, str) else v for k, v in props.items() if v}
