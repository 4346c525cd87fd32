"""ODT (odfpy): the same block model as DOCX, with fonts resolved through the styles."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from odf.namespaces import DCNS, FONS, METANS, OFFICENS, STYLENS, SVGNS, TABLENS, TEXTNS
from odf.opendocument import load

from .base import BaseParser, Block, Cell, Paragraph, Parsed, Run, Table, nfc
from .errors import CorruptFile
from .flow import blocks_text, fix_legacy_runs
from .limits import check_zip

ODT_MIME = b"application/vnd.oasis.opendocument.text"


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
        if not head.startswith(b"PK\x03\x04"):
            return None
        if head[30:38] == b"mimetype" and ODT_MIME in head[38:120]:
            return 90
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            if archive.read("mimetype").strip() in (ODT_MIME, ODT_MIME + b"-template"):
                return 90
        except (zipfile.BadZipFile, KeyError):
            return None
        return None

    def parse(self, data: bytes, name: str) -> Parsed:
        check_zip(data, self.ctx.limits, name)
        try:
            document = load(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - odfpy raises KeyError, SAX errors, ...
            raise CorruptFile(f"not a readable ODT file ({exc})", name=name) from exc
        reader = _Reader(document)
        result = self.result(blocks=reader.blocks(document.text), properties=_properties(document))
        for master in document.masterstyles.childNodes:
            for child in master.childNodes:
                if child.qname == (STYLENS, "header"):
                    result.headers.extend(reader.blocks(child))
                elif child.qname == (STYLENS, "footer"):
                    result.footers.extend(reader.blocks(child))
        result.legacy_encoding = fix_legacy_runs([result.blocks, result.headers, result.footers])
        if result.legacy_encoding:
            result.warnings.append(f"text converted from {result.legacy_encoding} to Unicode")
        result.text = blocks_text(result.blocks)
        return result


def _attr(node: Any, ns: str, local: str) -> str | None:
    return node.attributes.get((ns, local)) if hasattr(node, "attributes") else None


class _Reader:
    def __init__(self, document: Any) -> None:
        self.fonts = {
            _attr(face, STYLENS, "name"): (_attr(face, SVGNS, "font-family") or "").strip("'\"")
            for face in document.fontfacedecls.childNodes if face.qname == (STYLENS, "font-face")
        }
        self.styles: dict[str, _TextStyle] = {}
        self.default = _TextStyle()
        for container in (document.styles, document.automaticstyles):
            for node in container.childNodes:
                if node.qname == (STYLENS, "style"):
                    self.styles[_attr(node, STYLENS, "name")] = self._style(node)
                elif node.qname == (STYLENS, "default-style") and _attr(node, STYLENS, "family") == "paragraph":
                    self.default = self._style(node)

    def _style(self, node: Any) -> _TextStyle:
        style = _TextStyle(parent=_attr(node, STYLENS, "parent-style-name"))
        for child in node.childNodes:
            if child.qname != (STYLENS, "text-properties"):
                continue
            font = _attr(child, STYLENS, "font-name")
            style.font = self.fonts.get(font, font) if font else None
            weight = _attr(child, FONS, "font-weight")
            style.bold = None if weight is None else weight == "bold" or weight.isdigit() and int(weight) >= 600
            slant = _attr(child, FONS, "font-style")
            style.italic = None if slant is None else slant in ("italic", "oblique")
            size = _attr(child, FONS, "font-size")
            if size and size.endswith("pt"):
                try:
                    style.size = float(size[:-2])
                except ValueError:
                    pass
        return style

    def resolve(self, names: list[str | None]) -> _TextStyle:
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
        for node in container.childNodes:
            qname = getattr(node, "qname", None)
            if qname in ((TEXTNS, "p"), (TEXTNS, "h")):
                out.append(self.paragraph(node))
            elif qname == (TABLENS, "table"):
                out.append(self.table(node))
            elif qname in ((TEXTNS, "list"), (TEXTNS, "list-item"), (TEXTNS, "list-header"),
                           (TEXTNS, "section"), (TABLENS, "table-header-rows"), (TABLENS, "table-rows")):
                out.extend(self.blocks(node))
        return out

    def table(self, node: Any) -> Table:
        rows: list[list[Cell]] = []

        def collect(parent: Any) -> None:
            for child in parent.childNodes:
                qname = getattr(child, "qname", None)
                if qname == (TABLENS, "table-row"):
                    rows.append([Cell(self.blocks(c)) for c in child.childNodes
                                 if getattr(c, "qname", None) == (TABLENS, "table-cell")])
                elif qname in ((TABLENS, "table-header-rows"), (TABLENS, "table-rows"),
                               (TABLENS, "table-row-group")):
                    collect(child)

        collect(node)
        return Table(rows)

    def paragraph(self, node: Any) -> Paragraph:
        style_name = _attr(node, TEXTNS, "style-name")
        runs: list[Run] = []
        self._inline(node, [style_name], runs)
        merged: list[Run] = []
        for run in runs:
            last = merged[-1] if merged else None
            if last and (last.font, last.bold, last.italic, last.size) == (run.font, run.bold, run.italic, run.size):
                last.text += run.text
            elif run.text:
                merged.append(run)
        display = self.styles.get(style_name) if style_name else None
        return Paragraph(merged, (display.parent if display and display.parent else style_name))

    def _inline(self, node: Any, chain: list[str | None], runs: list[Run]) -> None:
        for child in node.childNodes:
            if child.nodeType == child.TEXT_NODE:
                self._emit(str(child.data), chain, runs)
                continue
            qname = child.qname
            if qname == (TEXTNS, "span"):
                self._inline(child, [_attr(child, TEXTNS, "style-name")] + chain, runs)
            elif qname in ((TEXTNS, "a"), (TEXTNS, "meta"), (TEXTNS, "bookmark-ref")):
                self._inline(child, chain, runs)
            elif qname == (TEXTNS, "s"):
                self._emit(" " * int(_attr(child, TEXTNS, "c") or 1), chain, runs)
            elif qname == (TEXTNS, "tab"):
                self._emit("\t", chain, runs)
            elif qname == (TEXTNS, "line-break"):
                self._emit("\n", chain, runs)
            elif qname in ((TEXTNS, "note"), (OFFICENS, "annotation")):
                continue
            elif child.childNodes and qname[0] == TEXTNS:
                self._inline(child, chain, runs)  # fields (date, page number...) keep their text

    def _emit(self, text: str, chain: list[str | None], runs: list[Run]) -> None:
        style = self.resolve(chain)
        runs.append(Run(text, style.font, bool(style.bold), bool(style.italic), style.size))


def _properties(document: Any) -> dict[str, Any]:
    props: dict[str, Any] = {}
    names = {(DCNS, "title"): "title", (DCNS, "subject"): "subject", (DCNS, "creator"): "last_modified_by",
             (METANS, "initial-creator"): "author", (METANS, "creation-date"): "created",
             (DCNS, "date"): "modified", (METANS, "keyword"): "keywords"}
    for node in document.meta.childNodes:
        key = names.get(getattr(node, "qname", None))
        if key:
            props[key] = nfc(str(node))
    return {k: v for k, v in props.items() if v}
