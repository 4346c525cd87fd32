"""ODT: the same block model as DOCX, with fonts resolved through the styles.

The parts are read with lxml (entities, DTDs and network off): the reader only needs the elements
and the style chain, and odfpy's DOM cost 95% of its time (15-25 ms a letter against about 1 ms).
odfpy still writes the sample ODT documents (``ingest/samples.py``).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from .base import BaseParser, Block, Cell, Limits, Paragraph, Parsed, Run, Table, nfc
from .errors import CorruptFile, EncryptedFile
from .flow import blocks_text, fix_legacy_runs
from .limits import check_zip, read_member, refuse_dangerous_xml
from .sniff import zip_archive

ODT_MIME = b"application/vnd.oasis.opendocument.text"
_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
}


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_TEXT_NS = _NS["text"]
_P, _H, _SPAN, _S, _C, _TAB, _LINE_BREAK = (_q(n) for n in (
    "text:p", "text:h", "text:span", "text:s", "text:c", "text:tab", "text:line-break"))
_STYLE_NAME, _TABLE, _ROW, _CELL = _q("text:style-name"), _q("table:table"), _q("table:table-row"), _q("table:table-cell")
_CONTAINERS = frozenset(_q(n) for n in ("text:list", "text:list-item", "text:list-header", "text:section",
                                        "table:table-header-rows", "table:table-rows"))
_ROW_GROUPS = frozenset(_q(n) for n in ("table:table-header-rows", "table:table-rows", "table:table-row-group"))
_TRANSPARENT = frozenset(_q(n) for n in ("text:a", "text:meta", "text:bookmark-ref"))
_SKIPPED = frozenset((_q("text:note"), _q("office:annotation")))
_STYLE, _DEFAULT_STYLE, _TEXT_PROPERTIES = _q("style:style"), _q("style:default-style"), _q("style:text-properties")
_PROPERTIES = {_q("dc:title"): "title", _q("dc:subject"): "subject", _q("dc:creator"): "last_modified_by",
               _q("meta:initial-creator"): "author", _q("meta:creation-date"): "created",
               _q("dc:date"): "modified", _q("meta:keyword"): "keywords"}


def odf_score(head: bytes, data: bytes, mime: bytes) -> int | None:
    """90 for an OpenDocument package of ``mime`` (or its template), by its ``mimetype`` member."""
    if not head.startswith(b"PK\x03\x04"):
        return None
    wanted = (mime, mime + b"-template")
    if head[30:38] == b"mimetype" and any(head[38:38 + len(w)] == w for w in wanted):
        return 90
    try:
        archive = zip_archive(data)
        if "mimetype" in archive.NameToInfo and archive.read("mimetype").strip() in wanted:
            return 90
    except (zipfile.BadZipFile, KeyError):
        return None
    return None


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _xml(archive: zipfile.ZipFile, member: str, limits: Limits, name: str) -> Any | None:
    """A part of the package, read once within the limits, refused if it declares a DTD or entities
    (:func:`refuse_dangerous_xml`), parsed without entities, DTDs or network; ``None`` when
    absent. Parts the reader never opens (settings, thumbnails, scripts) are neither decompressed
    nor parsed."""
    info = archive.NameToInfo.get(member)
    if info is None:
        return None
    raw = read_member(archive, info, limits, name)
    refuse_dangerous_xml(raw, name, member)
    try:
        return etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise CorruptFile("không phải tệp ODT đọc được", name=name, detail=f"{member}: {exc}") from exc


@dataclass(slots=True)
class _TextStyle:
    parent: str | None = None
    font: str | None = None
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = None


class OdtParser(BaseParser):
    format = "odt"
    mime = ODT_MIME.decode()
    open_format = True

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        return odf_score(head, data, ODT_MIME)

    def parse(self, data: bytes, name: str) -> Parsed:
        limits = self.ctx.limits
        archive = check_zip(data, limits, name)
        manifest = archive.NameToInfo.get("META-INF/manifest.xml")
        if manifest is not None and b"encryption-data" in read_member(archive, manifest, limits, name):
            raise EncryptedFile("tệp ODT được bảo vệ bằng mật khẩu", name=name)
        content = _xml(archive, "content.xml", limits, name)
        if content is None:
            raise CorruptFile("không phải tệp ODT đọc được (thiếu content.xml)", name=name)
        styles = _xml(archive, "styles.xml", limits, name)
        meta = _xml(archive, "meta.xml", limits, name)
        shared = [x for x in (styles,) if x is not None]
        body = content.find("office:body/office:text", _NS)
        # automatic styles are local to their part: content.xml's for the body, styles.xml's for
        # the headers and footers; both use the common styles and fonts of styles.xml
        reader = _Reader(fonts=shared + [content], styles=[*(("office:styles", x) for x in shared),
                                                          ("office:automatic-styles", content)])
        result = self.result(blocks=reader.blocks(body) if body is not None else [],
                             properties=_properties(meta))
        if styles is not None:
            pages = _Reader(fonts=shared, styles=[("office:styles", styles), ("office:automatic-styles", styles)])
            for master in styles.iterfind("office:master-styles/style:master-page", _NS):
                for header in master.iterfind("style:header", _NS):
                    result.headers.extend(pages.blocks(header))
                for footer in master.iterfind("style:footer", _NS):
                    result.footers.extend(pages.blocks(footer))
        result.legacy_encoding = fix_legacy_runs([result.blocks, result.headers, result.footers])
        if result.legacy_encoding:
            result.warnings.append(f"đã chuyển văn bản từ bảng mã {result.legacy_encoding} sang Unicode")
        result.text = blocks_text(result.blocks)
        return result


class _Reader:
    def __init__(self, *, fonts: list[Any], styles: list[tuple[str, Any]]) -> None:
        self.fonts = {face.get(_q("style:name")): (face.get(_q("svg:font-family")) or "").strip("'\"")
                      for part in fonts for face in part.iterfind("office:font-face-decls/style:font-face", _NS)}
        self.styles: dict[str, _TextStyle] = {}
        self.default = _TextStyle()
        for container, part in styles:
            for node in part.iterfind(container + "/*", _NS):
                if node.tag == _STYLE:
                    self.styles[node.get(_q("style:name"))] = self._style(node)
                elif node.tag == _DEFAULT_STYLE and node.get(_q("style:family")) == "paragraph":
                    self.default = self._style(node)

    def _style(self, node: Any) -> _TextStyle:
        style = _TextStyle(parent=node.get(_q("style:parent-style-name")))
        for child in node.iterchildren(_TEXT_PROPERTIES):
            font = child.get(_q("style:font-name"))
            style.font = self.fonts.get(font, font) if font else None
            weight = child.get(_q("fo:font-weight"))
            style.bold = None if weight is None else weight == "bold" or weight.isdigit() and int(weight) >= 600
            slant = child.get(_q("fo:font-style"))
            style.italic = None if slant is None else slant in ("italic", "oblique")
            size = child.get(_q("fo:font-size"))
            if size and size.endswith("pt"):
                try:
                    style.size = float(size[:-2])
                except ValueError:
                    pass
        return style

    def resolve(self, names: tuple[str | None, ...]) -> _TextStyle:
        """Merge a span's style chain, innermost first, ending at the default style."""
        out = _TextStyle()
        seen: set[str] = set()
        for name in names:
            while name and name not in seen:
                seen.add(name)
                style = self.styles.get(name)
                if style is None:
                    break
                out.font = out.font or style.font
                out.bold = style.bold if out.bold is None else out.bold
                out.italic = style.italic if out.italic is None else out.italic
                out.size = out.size or style.size
                name = style.parent
        out.font = out.font or self.default.font
        out.size = out.size or self.default.size
        return out

    def blocks(self, container: Any) -> list[Block]:
        out: list[Block] = []
        for node in container.iterchildren(tag=etree.Element):
            if node.tag in (_P, _H):
                out.append(self.paragraph(node))
            elif node.tag == _TABLE:
                out.append(self.table(node))
            elif node.tag in _CONTAINERS:
                out.extend(self.blocks(node))
        return out

    def table(self, node: Any) -> Table:
        rows: list[list[Cell]] = []

        def collect(parent: Any) -> None:
            for child in parent.iterchildren(tag=etree.Element):
                if child.tag == _ROW:
                    rows.append([Cell(self.blocks(c)) for c in child.iterchildren(_CELL)])
                elif child.tag in _ROW_GROUPS:
                    collect(child)

        collect(node)
        return Table(rows)

    def paragraph(self, node: Any) -> Paragraph:
        style_name = node.get(_STYLE_NAME)
        pieces: list[tuple[str, tuple[str | None, ...]]] = []
        _inline(node, (style_name,), pieces)
        merged: list[Run] = []
        resolved: dict[tuple[str | None, ...], _TextStyle] = {}
        for text, chain in pieces:
            style = resolved.get(chain) or resolved.setdefault(chain, self.resolve(chain))
            run = Run(text, style.font, bool(style.bold), bool(style.italic), style.size)
            last = merged[-1] if merged else None
            if last and (last.font, last.bold, last.italic, last.size) == (run.font, run.bold, run.italic, run.size):
                last.text += run.text
            elif run.text:
                merged.append(run)
        display = self.styles.get(style_name) if style_name else None
        return Paragraph(merged, (display.parent if display and display.parent else style_name))


def _inline(node: Any, chain: tuple[str | None, ...], out: list[tuple[str, tuple[str | None, ...]]]) -> None:
    """The text pieces of a paragraph, each with its chain of span styles (innermost first)."""
    if node.text:
        out.append((node.text, chain))
    for child in node.iterchildren():
        tag = child.tag
        if tag == _SPAN:
            _inline(child, (child.get(_STYLE_NAME), *chain), out)
        elif tag in _TRANSPARENT:
            _inline(child, chain, out)
        elif tag == _S:
            out.append((" " * int(child.get(_C) or 1), chain))
        elif tag == _TAB:
            out.append(("\t", chain))
        elif tag == _LINE_BREAK:
            out.append(("\n", chain))
        elif tag in _SKIPPED or not isinstance(tag, str):
            pass  # notes and comments are not the document's text; nor are XML comments
        elif tag.startswith("{" + _TEXT_NS + "}") and (child.text or len(child)):
            _inline(child, chain, out)  # fields (date, page number...) keep their text
        if child.tail:
            out.append((child.tail, chain))


def _properties(meta: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    holder = meta.find("office:meta", _NS) if meta is not None else None
    for node in holder if holder is not None else ():
        key = _PROPERTIES.get(node.tag)
        if key:
            props[key] = nfc("".join(node.itertext()))
    return {k: v for k, v in props.items() if v}
