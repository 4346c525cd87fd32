"""Reading a generated document as each format it is drawn in, for the tests of unseen classes."""

from __future__ import annotations

import random
from email.message import EmailMessage
from typing import Any

from ingest.generated import Generated, draw, edxml_package
from ingest.generated import printed as printed_by_libreoffice
from ingest.samples import build_docx, build_odt
from parsers.reading import read, to_dict

QUICK_KINDS = ("docx", "odt", "mail", "edxml")  # made in Python; PDF and DOC need LibreOffice, printed in batches


def as_mail(docx: bytes) -> bytes:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "vanthu@sxd.kontum.gov.vn", "tbt@sxd.kontum.gov.vn", "Văn bản"
    message.set_content("Gửi văn bản đính kèm.")
    message.add_attachment(docx, maintype="application", subtype="octet-stream", filename="van-ban.docx")
    return message.as_bytes()


def folded_headers(mail: bytes) -> bytes:
    """A mail with every header's value moved onto a continuation line ("From:" alone, its value below)."""
    end = b"\r\n" if b"\r\n" in mail.split(b"\n\n", 1)[0] else b"\n"
    head, _, body = mail.partition(end * 2)
    lines = [line.replace(b": ", b":" + end + b" ", 1) if not line.startswith((b" ", b"\t")) else line
             for line in head.split(end)]
    return end.join(lines) + end * 2 + body


def read_as(generated: Generated, kind: str, ctx: Any, registry: Any, data: bytes | None = None) -> dict[str, Any]:
    """The metadata read from the document made as ``kind`` (a mail: its attached document's)."""
    if data is None:
        docx = build_docx(generated.document)
        data = {"docx": lambda: docx, "odt": lambda: build_odt(generated.document), "mail": lambda: as_mail(docx),
                "edxml": lambda: edxml_package(generated, docx, "van-ban.docx")}[kind]()
    reading = read(data, f"van-ban.{'eml' if kind == 'mail' else kind}", ctx, registry)
    return to_dict(reading.attachments[0] if kind == "mail" else reading)  # edXML: the header's, with its document's


def printed(documents: list[Generated], folder: Any, soffice: str) -> list[tuple[Generated, str, bytes]]:
    """(document, "pdf" or "doc", bytes) for each document, printed by LibreOffice in one run per format."""
    made = printed_by_libreoffice(documents, folder, soffice=soffice)
    return [(generated, kind, made[kind][index]) for kind in made for index, generated in enumerate(documents)]


def drawn(seed: int) -> Generated:
    return draw(random.Random(seed))
