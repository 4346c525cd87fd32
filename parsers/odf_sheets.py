"""ODS spreadsheets and ODP presentations, open formats the board receives as attachments: their
text, sheet by sheet and row by row (cells separated by tabs), slide by slide. The parts are read
like ODT's (lxml; entities, DTDs and network off) after the package's limits are checked; a cell
or row that says it repeats is written out at most ``_MAX_REPEAT`` times."""

from __future__ import annotations

from abc import ABC, abstractmethod

import io
import zipfile
from typing import Any, ClassVar

from lxml import etree

from .base import BaseParser, Parsed, nfc
from .errors import CorruptFile, EncryptedFile
from .limits import check_office_xml, check_zip
from .odt import odf_score

_NS = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"}
_T = "{%s}" % _NS["table"]
_TEXT = "{%s}" % _NS["text"]
_MAX_REPEAT = 50


def _repeat(element: Any, attribute: str) -> int:
    try:
        return max(1, min(int(element.get(_T + attribute, "1")), _MAX_REPEAT))
    except ValueError:
        return 1


def _paragraphs(element: Any) -> list[str]:
    """The text of each paragraph and heading under ``element``, in order."""
    out = []
    for p in element.iter(_TEXT + "p", _TEXT + "h"):
        text = nfc(" ".join("".join(p.itertext()).split()))
        if text:
            out.append(text)
    return out


class _OdfContent(BaseParser, ABC):
    open_format = True
    label: ClassVar[str]

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        return odf_score(head, data, cls.mime.encode())

    def parse(self, data: bytes, name: str) -> Parsed:
        check_office_xml(check_zip(data, self.ctx.limits, name), self.ctx.limits, name)
        unreadable = f"không phải tệp {self.label} đọc được"
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in archive.namelist() else b""
            raw = archive.read("content.xml")
        except (zipfile.BadZipFile, KeyError) as exc:
            raise CorruptFile(unreadable, name=name, detail=str(exc)) from exc
        if b"encryption-data" in manifest:
            raise EncryptedFile(f"tệp {self.label} được bảo vệ bằng mật khẩu", name=name)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            content = etree.fromstring(raw, parser)
        except etree.XMLSyntaxError as exc:
            raise CorruptFile(unreadable, name=name, detail=f"content.xml: {exc}") from exc
        return self.result(text="\n".join(self.lines(content)))

    @abstractmethod
    def lines(self, content: Any) -> list[str]:
        """The text of the parsed ``content.xml``, line by line."""


class OdsParser(_OdfContent):
    format = "ods"
    mime = "application/vnd.oasis.opendocument.spreadsheet"
    label = "bảng tính ODS"

    def lines(self, content: Any) -> list[str]:
        out: list[str] = []
        for sheet in content.iterfind(".//table:table", _NS):
            out.append(f"Trang tính: {sheet.get(_T + 'name', '')}".rstrip(": "))
            for row in sheet.iter(_T + "table-row"):
                cells: list[str] = []
                for cell in row:
                    if cell.tag not in (_T + "table-cell", _T + "covered-table-cell"):
                        continue
                    value = " ".join(_paragraphs(cell))
                    cells.extend([value] * (_repeat(cell, "number-columns-repeated") if value else 1))
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    out.extend(["\t".join(cells)] * _repeat(row, "number-rows-repeated"))
        return out


class OdpParser(_OdfContent):
    format = "odp"
    mime = "application/vnd.oasis.opendocument.presentation"
    label = "bản trình chiếu ODP"

    def lines(self, content: Any) -> list[str]:
        out: list[str] = []
        for number, slide in enumerate(content.iterfind(".//draw:page", _NS), start=1):
            out.append(f"Trang chiếu {number}")
            out.extend(_paragraphs(slide))
        return out
