"""Plain text (UTF-8, UTF-16 with BOM, or Windows-1258), with legacy TCVN3/VNI detection."""

from __future__ import annotations

import codecs

from . import legacy
from .base import BaseParser, Parsed, nfc
from .errors import UnsupportedFormat


def decode_text(data: bytes) -> str | None:
    """The text of ``data`` if it looks like text at all, else ``None``."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, "replace")
    sample = data[:65536]
    if b"\x00" in sample:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls > len(sample) * 0.01:
        return None
    return data.decode("cp1258", "replace")


class TextParser(BaseParser):
    format = "text"
    mime = "text/plain"
    open_format = True

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        return 1 if data and decode_text(head) is not None else None

    def parse(self, data: bytes, name: str) -> Parsed:
        text = decode_text(data)
        if text is None:
            raise UnsupportedFormat("nội dung nhị phân không thuộc định dạng nào đã biết", name=name)
        result = self.result()
        encoding = legacy.detect(text) if legacy.is_legacy_candidate(text) else None
        if encoding:
            text = legacy.convert(text, encoding)
            result.legacy_encoding = encoding
            result.warnings.append(f"đã chuyển văn bản từ bảng mã {encoding} sang Unicode")
        result.text = nfc(text.replace("\r\n", "\n"))
        return result
