"""DOCX (python-docx): body paragraphs and tables in document order, nested tables, headers and
footers, and the font of every run, resolved through the style chain when the run names none."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from .base import BaseParser, Block, Cell, Paragraph, Parsed, Run, Table, nfc
from .errors import CorruptFile
from .flow import blocks_text, fix_legacy_runs
from .limits import check_office_xml, check_zip

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
        check_office_xml(check_zip(data, self.ctx.limits, name), self.ctx.limits, name)
        try:
            document = Document(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - python-docx raises KeyError, XMLSyntaxError, ...
            raise CorruptFile("không phải tệp DOCX đọc được", name=name, detail=str(exc)) from exc
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
            result.warnings.append(f"đã chuyển văn bản từ bảng mã {result.legacy_encoding} sang Unicode")
        result.text = blocks_text(result.blocks)
        return result


_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TR, _TC, _R, _HYPERLINK = qn("w:tr"), qn("w:tc"), qn("w:r"), qn("w:hyperlink")
_PPR, _PSTYLE, _RPR, _VAL = qn("w:pPr"), qn("w:pStyle"), qn("w:rPr"), qn("w:val")
_T, _BR, _BR_TYPE = qn("w:t"), qn("w:br"), qn("w:type")
_SYMBOLS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}


class _Reader:
    """Walks the WordprocessingML elements python-docx has parsed, child by child (python-docx's
    proxy objects look every run's content up by XPath, which costs more than the whole walk)."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.default_font = _default_font(document)
        self._styles: dict[str | None, tuple[str | None, str | None, bool | None, bool | None]] = {}

    def style(self, style_id: str | None, p: Any) -> tuple[str | None, str | None, bool | None, bool | None]:
        """(style name, font, bold, italic) of a paragraph's style, resolved once per style id."""
        if style_id not in self._styles:
            style = DocxParagraph(p, self.document).style
            self._styles[style_id] = (style.name if style is not None else None, *_style_font(style))
        return self._styles[style_id]

    def blocks(self, container: Any) -> list[Block]:
        out: list[Block] = []
        for child in container.iterchildren():
            if child.tag == _P:
                out.append(self.paragraph(child))
            elif child.tag == _TBL:
                out.append(self.table(child))
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    out.extend(self.blocks(content))
        return out

    def table(self, tbl: Any) -> Table:
        return Table([[Cell(self.blocks(tc)) for tc in tr.iterchildren(_TC)] for tr in tbl.iterchildren(_TR)])

    def paragraph(self, p: Any) -> Paragraph:
        style_id, elements = None, []
        for child in p:  # one pass: the style, the runs, the runs inside hyperlinks
            tag = child.tag
            if tag == _R:
                elements.append(child)
            elif tag == _HYPERLINK:
                elements.extend(child.iterchildren(_R))
            elif tag == _PPR:
                pstyle = child.find(_PSTYLE)
                style_id = pstyle.get(_VAL) if pstyle is not None else None
        style_name, style_font, style_bold, style_italic = self.style(style_id, p)
        runs = []
        for r in elements:
            text, (font, bold, italic, size) = _run(r)
            runs.append(Run(text, font or style_font or self.default_font,
                            bool(style_bold if bold is None else bold),
                            bool(style_italic if italic is None else italic), size))
        return Paragraph(runs, style_name)


def _run(r: Any) -> tuple[str, tuple[str | None, bool | None, bool | None, float | None]]:
    """A run's text as Word shows it (tabs, line breaks but not page or column breaks, hyphens)
    and the properties set on it, in one pass over its children."""
    parts = []
    properties: tuple[str | None, bool | None, bool | None, float | None] = (None, None, None, None)
    for child in r:
        tag = child.tag
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _RPR:
            properties = _run_properties(child)
        elif tag == _BR:
            parts.append("\n" if child.get(_BR_TYPE, "textWrapping") == "textWrapping" else "")
        elif tag in _SYMBOLS:
            parts.append(_SYMBOLS[tag])
    return "".join(parts), properties


_RFONTS, _B, _I, _SZ = qn("w:rFonts"), qn("w:b"), qn("w:i"), qn("w:sz")
_FONT_ATTRS = tuple(qn(a) for a in _W_FONT_ATTRS)


def _run_properties(rpr: Any) -> tuple[str | None, bool | None, bool | None, float | None]:
    """(font, bold, italic, size) set on the run itself; ``None`` where the style decides."""
    font = bold = italic = size = None
    for child in rpr.iterchildren(_RFONTS, _B, _I, _SZ):
        tag = child.tag
        if tag == _RFONTS:
            font = next((child.get(a) for a in _FONT_ATTRS if child.get(a)), None)
        elif tag == _SZ:
            try:
                size = int(child.get(_VAL)) / 2
            except (TypeError, ValueError):
                size = None
        else:  # a toggle: <w:b/> is on, <w:b w:val="0"/> off
            on = child.get(_VAL, "true").lower() not in ("0", "false", "off", "none")
            bold, italic = (on, italic) if tag == _B else (bold, on)
    return font, bold, italic, size


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
        "created": _w3cdtf(core, "dcterms:created"), "modified": _w3cdtf(core, "dcterms:modified"),
    }
    return {k: nfc(v) if isinstance(v, str) else v for k, v in props.items() if v}


def _w3cdtf(core: Any, tag: str) -> str | None:
    """A core-properties date in ISO form, read directly: python-docx tries one ``strptime``
    format after another, which cost more than reading the rest of a short letter."""
    element = core._element.find(qn(tag))
    text = (element.text or "").strip() if element is not None else ""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).isoformat()
