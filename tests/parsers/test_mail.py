"""E-mail: Vietnamese subjects and file names, attachments (inline and attached messages too),
HTML bodies reduced to text without running anything."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

import pytest

from parsers.reading import read


def message(sample_docx: bytes) -> bytes:
    inner = EmailMessage()
    inner["From"] = "vanthu@ubnd.kontum.gov.vn"
    inner["To"] = "bientap@sxd.kontum.gov.vn"
    inner["Subject"] = "Chuyển tiếp: Quyết định số 166/QĐ-SXD"
    inner.set_content("Văn bản chuyển tiếp.")
    inner.add_attachment("Phụ lục kèm theo".encode(), maintype="text", subtype="plain", filename="phụ lục.txt")

    outer = EmailMessage()
    outer["From"] = "Văn thư Sở <vanthu@sxd.kontum.gov.vn>"
    outer["To"] = "bientap@sxd.kontum.gov.vn"
    outer["Subject"] = "Công bố trên Trang TTĐT SXD: Quyết định số 166/QĐ-SXD"
    outer["Message-ID"] = "<166@sxd.kontum.gov.vn>"
    outer.set_content("Kính gửi Tổ Biên tập,\nĐề nghị đăng tải văn bản đính kèm.")
    outer.add_alternative("<html><head><script>alert('x')</script><style>p{}</style></head>"
                          "<body><p>Kính gửi <b>Tổ Biên tập</b></p><img src='https://example.invalid/t.png'></body></html>",
                          subtype="html")
    outer.add_attachment(sample_docx, maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                         filename="Quyết định 166.docx")
    outer.add_attachment(inner)
    return outer.as_bytes(policy=SMTP)


def test_subject_and_file_names_are_decoded(sample_docx, ctx, registry):
    data = message(sample_docx)
    assert b"=?utf-8?" in data, "the subject travels RFC 2047-encoded"
    reading = read(data, "mail.eml", ctx, registry)
    parsed = reading.parsed
    assert parsed.format == "email"
    assert parsed.properties["subject"] == "Công bố trên Trang TTĐT SXD: Quyết định số 166/QĐ-SXD"
    assert parsed.properties["message_id"] == "<166@sxd.kontum.gov.vn>"
    assert [a.name for a in reading.attachments] == ["Quyết định 166.docx", "Chuyển tiếp- Quyết định số 166-QĐ-SXD.eml"]


def test_attachments_are_read_recursively(sample_docx, ctx, registry):
    reading = read(message(sample_docx), "mail.eml", ctx, registry)
    docx, forwarded = reading.attachments
    assert docx.parsed.format == "docx" and "SỞ XÂY DỰNG" in docx.parsed.text
    assert forwarded.parsed.format == "email"
    assert forwarded.parsed.properties["subject"] == "Chuyển tiếp: Quyết định số 166/QĐ-SXD"
    [appendix] = forwarded.attachments
    assert appendix.name == "phụ lục.txt" and appendix.parsed.text == "Phụ lục kèm theo"


def test_the_plain_body_is_preferred_and_the_parts_of_attached_messages_stay_inside(sample_docx, ctx, registry):
    parsed = read(message(sample_docx), "mail.eml", ctx, registry).parsed
    assert "Đề nghị đăng tải văn bản đính kèm." in parsed.text
    assert "Văn bản chuyển tiếp." not in parsed.text


def test_an_html_only_body_becomes_text_without_scripts(ctx, registry):
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "a@b.vn", "c@d.vn", "Thông báo"
    mail.set_content("<html><head><script>document.write('chạy')</script></head>"
                     "<body><h1>Thông báo</h1><p>Lịch họp<br>thứ Hai</p></body></html>", subtype="html")
    parsed = read(mail.as_bytes(), "html.eml", ctx, registry).parsed
    assert "Lịch họp\nthứ Hai" in parsed.text and "chạy" not in parsed.text and "document.write" not in parsed.text


def _folded(data: bytes) -> bytes:
    """Every header's value moved onto a continuation line ("From:" alone, its value below)."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = [line.replace(b": ", b":\r\n ", 1) if not line.startswith((b" ", b"\t")) else line
             for line in head.split(b"\r\n")]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


@pytest.mark.parametrize("lead, fold", [
    (b"From vanthu@sxd.kontum.gov.vn Mon Mar  4 08:00:00 2024\n", False),  # an mbox "From " line
    (b"\r\n  \r\n\t\r\n", False),  # blank and space-only lines first
    (b"", True),  # the first header folded: "From:" and its value on the next line
    (b"From vanthu@sxd.kontum.gov.vn Mon Mar  4 08:00:00 2024\n\n", True),
])
def test_a_mail_is_known_by_its_header_block_whatever_comes_first(sample_docx, ctx, registry, lead, fold):
    data = message(sample_docx)
    reading = read(lead + (_folded(data) if fold else data), "thu.eml", ctx, registry)
    parsed = reading.parsed
    assert parsed.format == "email", parsed.format
    assert parsed.properties["subject"] == "Công bố trên Trang TTĐT SXD: Quyết định số 166/QĐ-SXD"
    assert [a.parsed.format for a in reading.attachments] == ["docx", "email"]


def test_plain_text_that_merely_starts_with_a_colon_word_is_not_mail(ctx, registry):
    reading = read("Ghi chú: họp lúc 8 giờ\nNội dung: kiểm tra công trình\n".encode(), "ghi-chu.txt", ctx, registry)
    assert reading.parsed.format != "email"


def test_a_mail_with_500_attachments_gives_every_one_once(ctx, registry):
    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "vanthu@sxd.kontum.gov.vn", "bientap@sxd.kontum.gov.vn", "Hồ sơ"
    mail.set_content("Kèm theo 500 tệp.")
    for i in range(500):
        mail.add_attachment(f"Tệp {i}".encode(), maintype="text", subtype="plain", filename=f"tep-{i:03d}.txt")
    reading = read(mail.as_bytes(), "ho-so.eml", ctx, registry)
    assert [a.name for a in reading.attachments] == [f"tep-{i:03d}.txt" for i in range(500)]


def test_a_message_attached_inside_an_attached_message_is_read_once_at_its_own_depth(ctx, registry):
    """Forwarded mail nests: each attached message is an attachment of the message that carries it,
    never also of the messages around that one (which made reading grow exponentially with depth)."""
    inner = EmailMessage()
    inner["From"], inner["Subject"] = "a@ubnd.kontum.gov.vn", "Thư gốc"
    inner.set_content("Văn bản gốc")
    for level in range(4):
        outer = EmailMessage()
        outer["From"], outer["Subject"] = "b@sxd.kontum.gov.vn", f"Chuyển tiếp lần {level + 1}"
        outer.set_content("Chuyển tiếp")
        outer.add_attachment(inner)
        inner = outer
    reading = read(inner.as_bytes(), "chuyen-tiep.eml", ctx, registry)
    depth, node = 0, reading
    while node.attachments:
        assert len(node.attachments) == 1, [a.name for a in node.attachments]
        node, depth = node.attachments[0], depth + 1
    assert depth == 4 and node.parsed.properties["subject"] == "Thư gốc"
