"""Which items go in front of the board (Quy chế Điều 8.2) and which are recorded as skipped.

Pure functions over a typed reading (:class:`ingest.record.ReadingRecord`), so the rules can be
read, and tested, like the regulation: a document asking for publication in its Nơi nhận is
queued; a document with a secrecy stamp never is (Điều 3.3, 4); status packages, files that are
not documents and documents that do not ask for publication are skipped, each with its reason,
in Vietnamese, as the board reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.metadata.doctypes import fold

from .models import ItemState
from .record import ReadingRecord

NO_REQUEST = "Nơi nhận không có đề nghị công bố trên Trang TTĐT"
OTHER_PORTAL = "Nơi nhận chỉ đề nghị đăng trên cổng, trang của cơ quan khác"
SECRET = "có dấu độ mật: không bao giờ được công bố"
STATUS = "gói tin trạng thái edXML, không phải văn bản"
NOT_A_DOCUMENT = "không phải văn bản hành chính"
NO_ATTACHMENT = "thư không có tệp đính kèm đọc được"


@dataclass(frozen=True, slots=True)
class Decision:
    state: str
    reason: str | None = None


def decide(record: ReadingRecord) -> Decision:
    if record.is_edxml_status:
        return Decision(ItemState.SKIPPED, STATUS)
    if record.is_secret:  # a mark no one could read ("Chưa rõ") goes to the board, who must settle it first
        return Decision(ItemState.SKIPPED, f"{SECRET} ({record.secrecy})")
    if record.format == "email" and not any(
            a.error is None and a.format not in (None, "text", "image") for a in record.attachments):
        return Decision(ItemState.SKIPPED, NO_ATTACHMENT)
    if not (record.number or record.doc_type or record.subject) and record.edxml is None:
        return Decision(ItemState.SKIPPED, NOT_A_DOCUMENT)
    if not record.publish_requested:
        if record.other_portal_entry:
            return Decision(ItemState.SKIPPED, f"{OTHER_PORTAL} (“{record.other_portal_entry}”)")
        return Decision(ItemState.SKIPPED, NO_REQUEST)
    return Decision(ItemState.QUEUED)


def may_queue_by_hand(record: ReadingRecord) -> str | None:
    """Why an editor may not pull this item into the queue, or None when they may."""
    if record.is_secret:
        return f"{SECRET} ({record.secrecy})"
    if record.is_edxml_status:
        return STATUS
    return None


def doc_key(record: ReadingRecord) -> str | None:
    """(issuer, number, year), folded: the same document sent twice with other bytes."""
    number, issuer = record.number, record.issuer
    year = (str(record.issued_on.year) if record.issued_on else None) or _year_in(number)
    if not number or not issuer or not year:
        return None
    issuer_key = re.sub(r"\s+", " ", fold(issuer)).strip()
    return f"{issuer_key}|{fold(number)}|{year}"


def _year_in(number: str | None) -> str | None:
    match = re.search(r"/((?:19|20)\d\d)/", number or "")
    return match.group(1) if match else None
