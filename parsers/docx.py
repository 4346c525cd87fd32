"""DOCX (python-docx's XML layer): body paragraphs and tables in document order, nested tables,
headers and footers, and the font of every run, resolved through the style chain when the run
names none. Only the parts a reading needs are parsed (:class:`_Package`)."""

from __future__ import annotations

import posixpath
import zipfile
from datetime import datetime, timezone
from typing import Any

from docx.oxml.ns import qn

from .base import BaseParser, Block, Cell, Limits, Paragraph, Parsed, Run, Table, nfc
from .docx_styles import PartStream, StyleInfo, Styles, parse_xml, run_properties
from .errors import CorruptFile, ParseError
from .flow import blocks_text, fix_legacy_runs
from .limits import check_zip, read_member, refuse_dangerous_xml
from .sniff import zip_archive


class DocxParser(BaseParser):
    format = "docx"
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    open_format = False  # OOXML is not among the open formats of Thông tư 19/2011

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        if not head.startswith(b"PK\x03\x04"):
            return None
        try:
            names = set(zip_archive(data).namelist())
        except zipfile.BadZipFile:
            return None
        return 90 if "word/document.xml" in names else None

    def parse(self, data: bytes, name: str) -> Parsed:
        archive = check_zip(data, self.ctx.limits, name)
        try:
            package = _Package(archive, self.ctx.limits, name)
            reader = _Reader(package.styles())
            result = self.result(blocks=reader.blocks(package.body()), properties=package.properties())
            for kind, target in (("header", result.headers), ("footer", result.footers)):
                for element in package.sections_parts(kind):
                    target.extend(reader.blocks(element))
        except ParseError:
            raise
        except Exception as exc:  # noqa: BLE001 - a missing part, a broken relationship, XMLSyntaxError, ...
            raise CorruptFile("không phải tệp DOCX đọc được", name=name, detail=str(exc)) from exc
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


_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
class _Package:
    """The parts of a DOCX package the reader needs, found through its relationships and parsed one
    by one: the document, its styles, the headers and footers its sections name, the core
    properties. Each is read once, within the limits, and refused if it declares a DTD or entities
    (:func:`refuse_dangerous_xml`) before it is parsed; parts the reader never opens (themes,
    settings, ``stylesWithEffects.xml``) are neither decompressed nor parsed."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits, name: str) -> None:
        self.archive, self.limits, self.name = archive, limits, name
        self.members = {info.filename: info for info in archive.infolist()}
        root = self._relationships("_rels/.rels", "")
        self.main = next(target for kind, target in root.values() if kind == _OFFICE_DOCUMENT)
        self.core = next((target for kind, target in root.values() if kind == _CORE), None)
        folder = self.main.rsplit("/", 1)[0] + "/" if "/" in self.main else ""
        self.parts = self._relationships(f"{folder}_rels/{self.main.rsplit('/', 1)[-1]}.rels", folder)
        self.document = parse_xml(self.read(self.main))

    def read(self, part: str) -> bytes:
        xml = read_member(self.archive, self.members[part], self.limits, self.name)
        refuse_dangerous_xml(xml, self.name, part)
        return xml

    def _relationships(self, path: str, folder: str) -> dict[str, tuple[str, str]]:
        """rId -> (relationship type, part name inside the archive)."""
        if path not in self.members:
            return {}
        out = {}
        for rel in parse_xml(self.read(path)).iter(f"{_REL_NS}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(folder + target)
            out[rel.get("Id")] = (rel.get("Type"), target)
        return out

    def body(self) -> Any:
        body = self.document.find(qn("w:body"))
        if body is None:
            raise ValueError("word/document.xml has no w:body")
        return body

    def styles(self) -> Styles:
        target = next((t for kind, t in self.parts.values() if kind.endswith("/styles")), None)
        if not target or target not in self.members:
            return Styles(None)
        return Styles.of_part(PartStream(self.archive, self.members[target], self.name))

    def sections_parts(self, kind: str) -> list[Any]:
        """The default header (or footer) of each section that has its own, each part once."""
        seen, out = set(), []
        for sect in self.document.iter(qn("w:sectPr")):
            for ref in sect.iterchildren(qn(f"w:{kind}Reference")):
                if ref.get(qn("w:type"), "default") != "default" or ref.get(_R_ID) not in self.parts:
                    continue
                target = self.parts[ref.get(_R_ID)][1]
                if target not in seen and target in self.members:
                    seen.add(target)
                    out.append(parse_xml(self.read(target)))
        return out

    def properties(self) -> dict[str, Any]:
        if not self.core or self.core not in self.members:
            return {}
        core = parse_xml(self.read(self.core))

        def text(tag: str) -> str | None:
            element = core.find(qn(tag))
            return (element.text or "").strip() or None if element is not None else None

        props = {"title": text("dc:title"), "subject": text("dc:subject"), "author": text("dc:creator"),
                 "keywords": text("cp:keywords"), "last_modified_by": text("cp:lastModifiedBy"),
                 "created": _w3cdtf(text("dcterms:created")), "modified": _w3cdtf(text("dcterms:modified"))}
        return {k: nfc(v) if isinstance(v, str) else v for k, v in props.items() if v}


class _Reader:
    """Walks the WordprocessingML elements child by child (python-docx's proxy objects look every
    run's content up by XPath, which costs more than the whole walk)."""

    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.default_font = styles.default_font

    def style(self, style_id: str | None, p: Any) -> StyleInfo:
        """(style name, font, bold, italic) of a paragraph's style, resolved once per style id."""
        return self.styles.of(style_id)

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
            properties = run_properties(child)
        elif tag == _BR:
            parts.append("\n" if child.get(_BR_TYPE, "textWrapping") == "textWrapping" else "")
        elif tag in _SYMBOLS:
            parts.append(_SYMBOLS[tag])
    return "".join(parts), properties


def _w3cdtf(text: str | None) -> str | None:
    """A core-properties date in ISO form, read directly: python-docx tries one ``strptime``
    format after another, which cost more than reading the rest of a short letter."""
    try:
        when = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).isoformat()
