"""ZIP archives, opened member by member (each member is read like any file)."""

from __future__ import annotations

from .base import Attachment, BaseParser, Parsed
from .limits import check_zip, member_name, read_member


class ZipParser(BaseParser):
    format = "zip"
    mime = "application/zip"
    open_format = True

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        return 10 if head.startswith((b"PK\x03\x04", b"PK\x05\x06")) else None

    def parse(self, data: bytes, name: str) -> Parsed:
        archive = check_zip(data, self.ctx.limits, name)
        result = self.result()
        for info in archive.infolist():
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                result.warnings.append(f"tệp “{member_name(info)}” trong tệp nén được mã hóa, bỏ qua")
                continue
            result.attachments.append(Attachment(member_name(info), read_member(archive, info, self.ctx.limits, name)))
        result.properties = {"members": len(result.attachments)}
        return result
