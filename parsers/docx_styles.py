"""Paragraph styles of a DOCX package, read as far as the paragraphs ask: the styles part is
decompressed a chunk at a time (:class:`PartStream`), each paragraph style's element found in the
raw XML by its start tag and parsed when first asked for (:class:`Styles`); and the properties a
run or a style sets on its text (:func:`run_properties`)."""

from __future__ import annotations

import re
import zipfile
from typing import Any

from docx.oxml.ns import qn
from docx.styles import BabelFish
from lxml import etree

from .errors import LimitExceeded
from .limits import refuse_dangerous_xml

_W_FONT_ATTRS = ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")


# plain lxml elements (python-docx's element classes cost a lookup per element); entities are never
# resolved, nothing is fetched (a part declaring a DTD is refused before it is parsed)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_xml(xml: bytes) -> Any:
    return etree.fromstring(xml, _PARSER)


_W_NAMESPACE = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
StyleInfo = tuple[str | None, str | None, bool | None, bool | None]  # name, font, bold, italic


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


class PartStream:
    """A part decompressed only as far as it is read, a chunk at a time; each chunk is checked
    like a part read whole (:func:`refuse_dangerous_xml`, with the tail of the one before so that
    no marker hides across the cut), and the part may not grow past its declared size.

    A part left unfinished has no CRC check: damage past what was read changes nothing that was
    read, and damage inside it stops the inflater (the DOCX is then refused as damaged; tested by
    flipping bytes along the compressed part)."""

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


class Styles:
    """Paragraph styles by id, each resolved once through its chain of base styles; a paragraph
    naming no style, or one that is not there, has the default paragraph style (as in Word).

    A styles part lists every style its template knows (python-docx's writes 349 kB of them) and a
    document uses a handful: :meth:`of_part` reads the part only as far as the styles asked for
    (:class:`PartStream`), finds each paragraph style's element in the raw XML by its start tag
    and parses it only when a paragraph asks for it, inside the part's own root element (its
    namespace declarations). A part written otherwise (another prefix for the WordprocessingML
    namespace, an id with an entity, an element left open) is read and parsed whole."""

    def __init__(self, element: Any | None) -> None:
        self._raw: dict[str, bytes] = {}  # style id -> its XML, parsed when first asked for
        self._root = b""
        self._part: PartStream | None = None  # read on while a style asked for is not found yet
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
    def of_part(cls, part: PartStream) -> "Styles":
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
                own_font, own_bold, own_italic, _ = run_properties(rpr)
                font, bold, italic = font or own_font, own_bold if bold is None else bold, \
                    own_italic if italic is None else italic
            based = style.find(qn("w:basedOn"))
            style = self._style(based.get(qn("w:val"))) if based is not None else None
        return name, font, bold, italic


_RFONTS, _B, _I, _SZ, _VAL = qn("w:rFonts"), qn("w:b"), qn("w:i"), qn("w:sz"), qn("w:val")
_FONT_ATTRS = tuple(qn(a) for a in _W_FONT_ATTRS)


def run_properties(rpr: Any) -> tuple[str | None, bool | None, bool | None, float | None]:
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
