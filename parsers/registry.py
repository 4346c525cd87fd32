"""The explicit list of readers and the choice among them by sniffing the bytes.

A file's extension is never trusted: every registered parser scores the first bytes (and, where a
container must be opened, the whole file) and the highest score wins. Nothing registers itself on
import; :meth:`ParserRegistry.register_defaults` names every default reader here, in one place.
"""

from __future__ import annotations

import logging

from .archive import ZipParser
from .base import Parser
from .doc import DocParser
from .docx import DocxParser
from .edxml import EdxmlParser
from .errors import UnsupportedFormat
from .image import ImageParser
from .mail import MailParser
from .odf_sheets import OdpParser, OdsParser
from .odt import OdtParser
from .pdf import PdfParser
from .sniff import choosing
from .text import TextParser

DEFAULT_PARSERS: tuple[type[Parser], ...] = (
    PdfParser, DocxParser, OdtParser, OdsParser, OdpParser, DocParser, EdxmlParser, MailParser, ImageParser, ZipParser,
    TextParser,
)
HEAD_BYTES = 4096
log = logging.getLogger(__name__)


class ParserRegistry:
    def __init__(self) -> None:
        self._parsers: list[type[Parser]] = []

    def register(self, parser: type[Parser]) -> None:
        if parser not in self._parsers:
            self._parsers.append(parser)

    def register_defaults(self) -> "ParserRegistry":
        for parser in DEFAULT_PARSERS:
            self.register(parser)
        return self

    @property
    def parsers(self) -> tuple[type[Parser], ...]:
        return tuple(self._parsers)

    def choose(self, data: bytes, name: str = "") -> type[Parser]:
        head = data[:HEAD_BYTES]
        best: tuple[int, type[Parser]] | None = None
        with choosing(data):
            for parser in self._parsers:
                try:
                    score = parser.score(head, data)
                except Exception:  # noqa: BLE001 - bytes that break a parser's sniffing are not its format
                    log.debug("parser %s could not sniff %s", parser.__name__, name, exc_info=True)
                    score = None
                if score is not None and (best is None or score > best[0]):
                    best = (score, parser)
        if best is None:
            raise UnsupportedFormat("nội dung không thuộc định dạng nào đọc được (PDF, DOCX, ODT, DOC, edXML, "
                                    "thư điện tử, ảnh, ZIP, văn bản thuần)", name=name or None)
        return best[1]


def default_registry() -> ParserRegistry:
    return ParserRegistry().register_defaults()
