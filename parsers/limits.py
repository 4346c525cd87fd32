"""Checks on ZIP-based input (DOCX, ODT, ZIP, edXML payloads) before anything is unpacked."""

from __future__ import annotations

import io
import zipfile

from .base import Limits
from .errors import CorruptFile, LimitExceeded


def check_zip(data: bytes, limits: Limits, name: str) -> zipfile.ZipFile:
    """Open a ZIP and refuse it if its declared sizes break the limits (ZIP bombs)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFile("tệp nén (ZIP, DOCX, ODT) bị hỏng hoặc không đầy đủ", name=name, detail=str(exc)) from exc
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise LimitExceeded(
                f"giải nén ra hơn {limits.max_unpacked_bytes // 2**20} MB, vượt giới hạn", name=name)
        if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio:
            raise LimitExceeded(
                f"tệp “{info.filename}” bên trong nén tỉ lệ {info.file_size // info.compress_size}:1, "
                f"vượt giới hạn {limits.max_compression_ratio:g}:1 (nghi là tệp nén độc hại)", name=name)
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, name: str) -> bytes:
    """Read one member, never more than it declared (a lying header cannot inflate further)."""
    with archive.open(info) as stream:
        data = stream.read(min(info.file_size, limits.max_unpacked_bytes) + 1)
    if len(data) > info.file_size:
        raise LimitExceeded(f"tệp “{info.filename}” bên trong lớn hơn kích thước khai báo (nghi là tệp nén độc hại)",
                            name=name)
    return data


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name, repairing UTF-8 names stored without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename
