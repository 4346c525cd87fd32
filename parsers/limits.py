"""Checks on ZIP-based input (DOCX, ODT, ZIP, edXML payloads) before anything is unpacked."""

from __future__ import annotations

import io
import zipfile

from .base import Limits
from .errors import CorruptFile, LimitExceeded


def check_zip(data: bytes, limits: Limits, name: str, *, sizes: bool = True) -> zipfile.ZipFile:
    """Open a ZIP and refuse it if its member count or (with ``sizes``) its declared sizes break the
    limits (ZIP bombs)."""
    declared = declared_members(data)
    if declared is not None and declared > limits.max_members:
        raise LimitExceeded(f"tệp nén khai báo {count_vi(declared)} tệp bên trong, vượt giới hạn "
                            f"{count_vi(limits.max_members)} tệp", name=name)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFile("tệp nén (ZIP, DOCX, ODT) bị hỏng hoặc không đầy đủ", name=name, detail=str(exc)) from exc
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise LimitExceeded(f"tệp nén chứa {count_vi(len(members))} tệp bên trong, vượt giới hạn "
                            f"{count_vi(limits.max_members)} tệp", name=name)
    total = 0
    for info in members if sizes else ():
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise LimitExceeded(
                f"giải nén ra hơn {limits.max_unpacked_bytes // 2**20} MB, vượt giới hạn", name=name)
        if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio:
            raise LimitExceeded(
                f"tệp “{info.filename}” bên trong nén tỉ lệ {info.file_size // info.compress_size}:1, "
                f"vượt giới hạn {limits.max_compression_ratio:g}:1 (nghi là tệp nén độc hại)", name=name)
    return archive


_DANGEROUS_XML = (b"<!DOCTYPE", b"<!ENTITY", b"http://www.w3.org/2001/XInclude")


def refuse_dangerous_xml(xml: bytes, name: str, part: str | None = None) -> None:
    """Refuse XML that declares a DTD or entities or uses XInclude: no office program and no edXML
    system writes them, and they are how a file pulls in local files, the network, or a billion
    laughs. The readers never resolve them anyway; such a file is refused, not read around."""
    found = next((marker for marker in _DANGEROUS_XML if marker in xml), None)
    if found is not None:
        what = "XInclude" if b"XInclude" in found else "khai báo DTD hoặc thực thể XML (DOCTYPE, ENTITY)"
        where = f"phần “{part}” " if part else ""
        raise LimitExceeded(f"{where}có {what}, thứ không có trong văn bản soạn bằng phần mềm văn phòng hay gói edXML "
                            "(nghi là tệp độc hại)", name=name)


def check_office_xml(archive: zipfile.ZipFile, limits: Limits, name: str) -> None:
    """Every XML part of a DOCX, ODT, ODS or ODP package, checked by :func:`refuse_dangerous_xml`."""
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")) and not info.is_dir():
            refuse_dangerous_xml(read_member(archive, info, limits, name), name, info.filename)


def declared_members(data: bytes) -> int | None:
    """The member count the archive's end record declares, read before its directory is parsed
    (opening a ZIP builds a record per member: 100,000 members cost seconds and a gigabyte)."""
    tail = data[-(2**16 + 22):]
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count = int.from_bytes(tail[at + 10:at + 12], "little")
    if count != 0xFFFF:
        return count
    locator = tail.rfind(b"PK\x06\x07", 0, at)  # ZIP64: the count is in the ZIP64 end record
    if locator < 0:  # 65,535 or more, without ZIP64: count the directory's entries (one byte scan)
        size = int.from_bytes(tail[at + 12:at + 16], "little")
        offset = int.from_bytes(tail[at + 16:at + 20], "little")
        return data.count(b"PK\x01\x02", offset, offset + size)
    offset = int.from_bytes(tail[locator + 8:locator + 16], "little")
    record = data[offset:offset + 56]
    if not record.startswith(b"PK\x06\x06") or len(record) < 40:
        return None
    return int.from_bytes(record[32:40], "little")


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


def count_vi(number: int) -> str:
    """A count as Vietnamese writes it: 100.000."""
    return f"{number:,}".replace(",", ".")
