"""The contract every reader follows, and the ``Parsed`` result it returns.

A reader (a *parser*) turns the bytes of one file into a :class:`Parsed`:

- ``text``: the whole text, Unicode NFC, in reading order, pages separated by form feeds;
- ``pages``: for paged formats (PDF, images), each page with its lines and words and their boxes in
  PDF points (x0, top, x1, bottom, origin top-left), and where the text came from (``text``/``ocr``);
- ``blocks``: for flowing formats (DOCX, ODT, DOC), paragraphs and tables in document order, tables
  holding cells that hold blocks again (nested tables), paragraphs holding runs with font names;
- ``properties``: what the file says about itself (title, author, dates, mail headers...);
- ``attachments``: files carried inside (edXML payloads, mail attachments, ZIP members) as raw bytes;
  :func:`parsers.registry.read` parses each one the same way, recursively;
- ``signatures``: embedded PDF signatures;
- ``text_source``, ``legacy_encoding``, ``open_format``, ``warnings``.

A parser class declares ``format``, ``mime`` and ``open_format``, says with :meth:`Parser.score`
whether it recognises some bytes (``None`` declines), and reads them in :meth:`Parser.parse`. It is
used as a context manager: any temporary files it makes live in ``self.workdir`` and are removed on
exit, even after an exception. It raises :class:`parsers.errors.ParseError` subclasses only.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, Union

TextSource = Literal["text", "ocr", "edxml"]
# the label of the recipients list ("Nơi nhận:"), also as OCR reads it without marks: the signature
# block stands beside it
RECIPIENTS_LABEL = re.compile(r"N[ơo]i\s*nh[ậa]n", re.IGNORECASE)
# the list's last entry, "- Lưu: VT, …", which finds the list where OCR garbled its label
_FILED_ENTRY = re.compile(r"^\s*[-–—_~+•]+\s*L[ưu]u\s*:", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-–—_~+•]")  # an entry of the list, as OCR reads its dash
_LIST_REACH = 300.0  # points above "- Lưu:" within which the list's first entry stands
LegacyEncoding = Literal["TCVN3", "VNI"]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def list_by_last_entry(lines: "list[Line]", width: float) -> "tuple[Line, float] | None":
    """A Nơi nhận list found without its label (OCR garbled it): (its last entry, "- Lưu: …", the top
    of its first entry), the bulleted lines of the page's left half within 300 points above the last."""
    filed = [line for line in lines if _FILED_ENTRY.match(line.text)]
    if not filed:
        return None
    last = filed[-1]
    tops = [line.box[1] for line in lines if last.box[1] - _LIST_REACH <= line.box[1] <= last.box[1]
            and line.box[0] < width * 0.5 and _BULLET.match(line.text)]
    return last, min(tops, default=last.box[1])


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 200 * 2**20
    max_unpacked_bytes: int = 500 * 2**20
    max_compression_ratio: float = 200.0
    max_nesting: int = 5
    max_ocr_pages: int = 200
    max_image_pixels: int = 200_000_000
    ocr_timeout_s: float = 120.0
    libreoffice_timeout_s: float = 120.0
    max_members: int = 10_000


@dataclass(frozen=True, slots=True)
class PublicationMarkers:
    """Nơi nhận entries that ask for publication (Quy chế Điều 8.2), matched without case or
    diacritics: ``own`` name the department's own website and put the document in front of the
    board; ``other`` name another body's portal ("Cổng TTĐT" in a ministry's distribution line),
    which the board is shown but which do not by themselves queue the document."""

    own: tuple[str, ...] = ("Công bố trên Trang TTĐT", "Trang TTĐT SXD", "Trang TTĐT Sở", "Trang thông tin điện tử Sở",
                            "Website Sở")
    other: tuple[str, ...] = ("Cổng TTĐT", "Cổng thông tin điện tử", "Trang TTĐT", "Trang thông tin điện tử",
                              "đăng tải", "đăng trên Trang", "đăng trên Cổng")


@dataclass(frozen=True, slots=True)
class ParserContext:
    """Everything a parser may know about its surroundings, built once from the settings."""

    limits: Limits = Limits()
    ocr_language: str = "vie"
    ocr_dpi: int = 300
    ocr_workers: int = 2
    ocr_second_reader: bool = True
    min_text_chars: int = 40
    tesseract: str = "tesseract"
    soffice: str = "soffice"
    trust_roots: tuple[Path, ...] = ()
    publication: PublicationMarkers = PublicationMarkers()

    @classmethod
    def from_settings(cls, settings: Any) -> "ParserContext":
        mb = 2**20
        roots = tuple(Path(p.strip()) for p in settings["signatures.trust_roots"].split(",") if p.strip())
        return cls(
            limits=Limits(
                max_file_bytes=int(settings["limits.max_file_mb"] * mb),
                max_unpacked_bytes=int(settings["limits.max_unpacked_mb"] * mb),
                max_compression_ratio=float(settings["limits.max_compression_ratio"]),
                max_nesting=settings["limits.max_nesting"],
                max_ocr_pages=settings["limits.max_ocr_pages"],
                max_image_pixels=int(settings["limits.max_image_megapixels"] * 1_000_000),
                ocr_timeout_s=float(settings["limits.ocr_timeout_s"]),
                libreoffice_timeout_s=float(settings["limits.libreoffice_timeout_s"]),
                max_members=settings["limits.max_members"],
            ),
            ocr_language=settings["ocr.language"],
            ocr_dpi=settings["ocr.dpi"],
            ocr_workers=settings["ocr.workers"],
            ocr_second_reader=settings["ocr.second_reader"],
            min_text_chars=settings["ocr.min_text_chars"],
            tesseract=settings["tools.tesseract"],
            soffice=settings["tools.soffice"],
            trust_roots=roots,
            publication=PublicationMarkers(tuple(settings["metadata.publish_patterns"]),
                                           tuple(settings["metadata.other_portal_patterns"])),
        )


# --- layout ---------------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(slots=True)
class Word:
    text: str
    box: Box
    confidence: float | None = None  # OCR only, 0..1


@dataclass(slots=True)
class Line:
    text: str
    box: Box
    words: list[Word] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    text: str
    text_source: TextSource = "text"
    lines: list[Line] = field(default_factory=list)
    # a scan's lines read again by a second OCR engine (no diacritics): the first page's number and
    # date lines, a signer's name Tesseract garbled
    second_reading: list[Line] = field(default_factory=list)
    # regions of a scan that Tesseract's page layout tends to lose, read again on their own, by
    # kind: "signature" (a name under a seal), "subject" (a công văn's, under the number),
    # "recipients" (the Nơi nhận list, where its label was unreadable)
    reread: dict[str, list[Line]] = field(default_factory=dict)
    # a scan's first page: boxes of stamp-like marks in the header (red ink, a stamp's frame), read or not
    marks: list[Box] = field(default_factory=list)


@dataclass(slots=True)
class Run:
    text: str
    font: str | None = None
    bold: bool = False
    italic: bool = False
    size: float | None = None


@dataclass(slots=True)
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    style: str | None = None
    kind: ClassVar[str] = "paragraph"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(slots=True)
class Cell:
    blocks: list["Block"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    kind: ClassVar[str] = "table"

    @property
    def text(self) -> str:
        """Cell after cell, row by row: the reading order of the two-column header table."""
        return "\n".join(c.text for row in self.rows for c in row if c.text)


Block = Union[Paragraph, Table]


# --- results --------------------------------------------------------------------------------------

@dataclass(slots=True)
class Signature:
    field_name: str
    signer_name: str | None
    signer_organisation: str | None
    signing_time: str | None  # ISO 8601
    intact: bool
    covers_whole_file: bool
    coverage: str
    trusted: bool | None  # None: no trust root configured, trust unknown
    error: str | None = None


@dataclass(slots=True)
class Attachment:
    name: str
    data: bytes
    content_type: str | None = None
    description: str | None = None


@dataclass(slots=True)
class Parsed:
    format: str
    mime: str
    open_format: bool
    text: str = ""
    text_source: TextSource = "text"
    pages: list[Page] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    headers: list[Block] = field(default_factory=list)
    footers: list[Block] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    legacy_encoding: LegacyEncoding | None = None
    warnings: list[str] = field(default_factory=list)
    edxml: dict[str, Any] | None = None
    converted: tuple[str, bytes] | None = None  # (format, bytes) of a copy made in an open format

    @property
    def page_count(self) -> int:
        return len(self.pages) if self.pages else (1 if self.text or self.blocks else 0)


class Parser(Protocol):
    format: ClassVar[str]
    mime: ClassVar[str]
    open_format: ClassVar[bool]

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        """How sure this parser is that ``data`` is its format (higher wins); ``None`` declines.

        ``head`` is the first 4 KiB, for cheap magic-number checks."""

    def __enter__(self) -> "Parser": ...

    def __exit__(self, *exc: object) -> None: ...

    def parse(self, data: bytes, name: str) -> Parsed:
        """Read ``data`` (the file called ``name``) into a :class:`Parsed`."""


class BaseParser:
    """Holds the context and owns a temporary directory, created on first use."""

    format: ClassVar[str]
    mime: ClassVar[str]
    open_format: ClassVar[bool]

    def __init__(self, ctx: ParserContext) -> None:
        self.ctx = ctx
        self._workdir: Path | None = None

    @property
    def workdir(self) -> Path:
        if self._workdir is None:
            self._workdir = Path(tempfile.mkdtemp(prefix=f"congbo-{self.format}-"))
        return self._workdir

    def __enter__(self) -> "BaseParser":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def result(self, **kwargs: Any) -> Parsed:
        return Parsed(format=self.format, mime=self.mime, open_format=self.open_format, **kwargs)
