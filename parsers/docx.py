"""DOCX (python-docx's XML layer): body paragraphs and tables in document order, nested tables,
headers and footers, and the font of every run, resolved through the style chain when the run
names none. Only the parts a reading needs are parsed (:class:`_Package`)."""

from __future__ import annotations

import posixpath
import re
import zipfile
from datetime import datetime, timezone
from typing import Any

from docx.oxml.ns import qn
from docx.styles import BabelFish
from lxml import etree

from .base import BaseParser, Block, Cell, Paragraph, Parsed, Run, Table, nfc
from .errors import CorruptFile, LimitExceeded, ParseError
from .flow import blocks_text, fix_legacy_runs
from .base import Limits
from .limits import check_zip, read_member, refuse_dangerous_xml
from .sniff import zip_archive

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


# plain lxml elements (python-docx's element classes cost a lookup per element); entities are never
# resolved, nothing is fetched (a part declaring a DTD is refused before: ``_Package.read``)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xml(xml: bytes) -> Any:
    return etree.fromstring(xml, _PARSER)


_W_NAMESPACE = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
StyleInfo = tuple[str | None, str | None, bool | None, bool | None]  # name, font, bold, italic


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

    def styles(self) -> "_Styles":
        target = next((t for kind, t in self.parts.values() if kind.endswith("/styles")), None)
        if not target or target not in self.members:
            return _Styles(None)
        return _Styles.of_part(_PartStream(self.archive, self.members[target], self.name))

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


_STYLES_ROOT = re.compile(rb"<w:styles\b[^>]*>")
_STYLE_START = re.compile(rb"<w:style\b[^>]*>")
_DEFAULTS_START = re.compile(rb"<w:docDefaults\b")
_DEFAULTS_END = b"</w:docDefaults>"
_ATTRIBUTE = {key: re.compile(rb"\bw:" + key.encode() + rb"""\s*=\s*(?:"([^"]*)"|'([^']*)')""")
              for key in ("type", "styleId", "default")}
_STYLE_END = b"</w:style>"


def _attribute(tag: bytes, key: str) -> str | None:
    found = _ATTRIBUTE[key].search(tag)
    return None if found is None else (found.group(1) or found.group(2) or b"").decode("utf-8", "replace")


class _PartStream:
    """A part decompressed only as far as it is read, a chunk at a time; each chunk is checked
    like a part read whole (:func:`refuse_dangerous_xml`, with the tail of the one before so that
    no marker hides across the cut), and the part may not grow past its declared size."""

    CHUNK = 32 * 1024
    _OVERLAP = 40  # longer than any marker refuse_dangerous_xml looks for

    def __init__(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
        self.info, self.name = info, name
        self.data = b""
        self._left = info.file_size
        self._stream: Any = archive.open(info)

    def more(self) -> bool:
        """Read the next chunk onto ``data``; False at the end of the part."""
        if self._stream is None:
            return False
        chunk = self._stream.read(min(self.CHUNK, self._left + 1))
        if len(chunk) > self._left:
            raise LimitExceeded(f"tệp “{self.info.filename}” bên trong lớn hơn kích thước khai báo "
                                "(nghi là tệp nén độc hại)", name=self.name)
        if not chunk:
            self._stream.close()
            self._stream = None
            return False
        self._left -= len(chunk)
        refuse_dangerous_xml(self.data[-self._OVERLAP:] + chunk, self.name, self.info.filename)
        self.data += chunk
        return True

    def whole(self) -> bytes:
        while self.more():
            pass
        return self.data


class _Styles:
    """Paragraph styles by id, each resolved once through its chain of base styles; a paragraph
    naming no style, or one that is not there, has the default paragraph style (as in Word).

    A styles part lists every style its template knows (python-docx's writes 349 kB of them) and a
    document uses a handful: :meth:`of_part` reads the part only as far as the styles asked for
    (:class:`_PartStream`), finds each paragraph style's element in the raw XML by its start tag
    and parses it only when a paragraph asks for it, inside the part's own root element (its
    namespace declarations). A part written otherwise (another prefix for the WordprocessingML
    namespace, an id with an entity, an element left open) is read and parsed whole."""

    def __init__(self, element: Any | None) -> None:
        self._raw: dict[str, bytes] = {}  # style id -> its XML, parsed when first asked for
        self._root = b""
        self._part: _PartStream | None = None  # read on while a style asked for is not found yet
        self._at = 0  # where the next style element is looked for in the part's data
        self.by_id: dict[str, Any] = {}
        self.default_id: str | None = None
        self.default_font: str | None = None
        self._resolved: dict[str | None, StyleInfo] = {}
        if element is not None:
            self._take_whole(element)

    def _take_whole(self, element: Any) -> None:
        self._raw, self._part = {}, None
        for style in element.iterchildren(qn("w:style")):
            if style.get(qn("w:type"), "paragraph") != "paragraph":
                continue
            self.by_id.setdefault(style.get(qn("w:styleId")), style)  # the first of an id, as when read on
            if style.get(qn("w:default")) in ("1", "true", "on") and self.default_id is None:
                self.default_id = style.get(qn("w:styleId"))
        self._default_font(element.find(qn("w:docDefaults")))

    @classmethod
    def of_part(cls, part: _PartStream) -> "_Styles":
        root = _STYLES_ROOT.search(part.data)
        while root is None and part.more():
            root = _STYLES_ROOT.search(part.data)
        if root is None or _W_NAMESPACE not in root.group(0):
            return cls(parse_xml(part.whole()))
        styles = cls(None)
        styles._root, styles._part, styles._at = root.group(0), part, root.end()
        styles._read_defaults()
        return styles

    def _read_defaults(self) -> None:
        """The document defaults, which come before the first style (or not at all)."""
        assert self._part is not None
        while True:
            data = self._part.data
            start = _DEFAULTS_START.search(data, self._at)
            first_style = _STYLE_START.search(data, self._at)
            if first_style is not None and (start is None or first_style.start() < start.start()):
                return
            end = data.find(_DEFAULTS_END, start.end()) if start is not None else -1
            if end >= 0:
                self._default_font(self._parse(data[start.start():end + len(_DEFAULTS_END)]))  # type: ignore[union-attr]
                return
            if not self._part.more():
                return

    def _read_on(self) -> bool:
        """Take the next paragraph styles from the part, reading on until one more element is
        complete; False at the end of the part (or once it was parsed whole)."""
        while self._part is not None:
            data = self._part.data
            start = _STYLE_START.search(data, self._at)
            if start is not None:
                tag = start.group(0)
                if (_attribute(tag, "type") or "paragraph") != "paragraph":
                    self._at = start.end()
                    continue
                style_id = _attribute(tag, "styleId")
                if style_id is None or "&" in style_id:
                    self._take_whole(parse_xml(self._part.whole()))
                    return True
                closed = tag.endswith(b"/>")
                end = start.end() if closed else data.find(_STYLE_END, start.end())
                if end >= 0:
                    end += 0 if closed else len(_STYLE_END)
                    self._raw.setdefault(style_id, data[start.start():end])
                    if _attribute(tag, "default") in ("1", "true", "on") and self.default_id is None:
                        self.default_id = style_id
                    self._at = end
                    return True
            if not self._part.more():
                if start is not None:  # an element left open: lxml says what is wrong with the part
                    self._take_whole(parse_xml(self._part.whole()))
                    return True
                self._part = None
                return False
        return False

    def _parse(self, chunk: bytes) -> Any:
        return parse_xml(self._root + chunk + b"</w:styles>")[0]

    def _default_font(self, defaults: Any | None) -> None:
        fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}") if defaults is not None else None
        if fonts is not None:
            self.default_font = next((fonts.get(qn(a)) for a in _W_FONT_ATTRS if fonts.get(qn(a))), None)

    def _style(self, style_id: str | None) -> Any | None:
        if style_id is None:
            return None
        while style_id not in self.by_id and style_id not in self._raw and self._read_on():
            pass
        if style_id not in self.by_id and style_id in self._raw:
            self.by_id[style_id] = self._parse(self._raw.pop(style_id))
        return self.by_id.get(style_id)

    def _default(self) -> Any | None:
        while self.default_id is None and self._read_on():
            pass
        return self._style(self.default_id)

    def of(self, style_id: str | None) -> StyleInfo:
        if style_id not in self._resolved:
            found = self._style(style_id)
            style = found if found is not None else self._default()
            self._resolved[style_id] = self._resolve(style)
        return self._resolved[style_id]

    def _resolve(self, style: Any | None) -> StyleInfo:
        if style is None:
            return None, None, None, None
        named = style.find(qn("w:name"))
        name = BabelFish.internal2ui(named.get(qn("w:val"))) if named is not None else None
        font = bold = italic = None
        seen: set[int] = set()
        while style is not None and id(style) not in seen:  # a base style loop in a broken file ends here
            seen.add(id(style))
            rpr = style.find(qn("w:rPr"))
            if rpr is not None:
                own_font, own_bold, own_italic, _ = _run_properties(rpr)
                font, bold, italic = font or own_font, own_bold if bold is None else bold, \
                    own_italic if italic is None else italic
            based = style.find(qn("w:basedOn"))
            style = self._style(based.get(qn("w:val"))) if based is not None else None
        return name, font, bold, italic


class _Reader:
    """Walks the WordprocessingML elements child by child (python-docx's proxy objects look every
    run's content up by XPath, which costs more than the whole walk)."""

    def __init__(self, styles: _Styles) -> None:
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


def _w3cdtf(text: str | None) -> str | None:
    """A core-properties date in ISO form, read directly: python-docx tries one ``strptime``
    format after another, which cost more than reading the rest of a short letter."""
    try:
        when = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).isoformat()
