"""Which items go in front of the board (Quy chế Điều 8.2) and which are recorded as skipped.

Pure functions over a read file's JSON record (``parsers.reading.to_dict``), so the rules can be
read, and tested, like the regulation: a document asking for publication in its Nơi nhận is
queued; a document with a secrecy stamp never is (Điều 3.3, 4); status packages, files that are
not documents and documents that do not ask for publication are skipped, each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from parsers.metadata.doctypes import fold

from .models import ItemState

NO_REQUEST = "no publication request in Nơi nhận"
SECRET = "secrecy stamp: never published"
STATUS = "edXML status package"
NOT_A_DOCUMENT = "not a document"
NO_ATTACHMENT = "mail without a usable attachment"


@dataclass(frozen=True, slots=True)
class Decision:
    state: str
    reason: str | None = None


def decide(record: dict[str, Any]) -> Decision:
    edxml = record.get("edxml") or {}
    if edxml.get("kind") == "status":
        return Decision(ItemState.SKIPPED, STATUS)
    if record.get("secrecy"):
        return Decision(ItemState.SKIPPED, f"{SECRET} ({record['secrecy']})")
    if record.get("format") == "email" and not any(
            "error" not in a and a.get("format") not in (None, "text", "image") for a in record.get("attachments", [])):
        return Decision(ItemState.SKIPPED, NO_ATTACHMENT)
    if not any(record.get(k) for k in ("number", "doc_type", "subject")) and not edxml:
        return Decision(ItemState.SKIPPED, NOT_A_DOCUMENT)
    if not record.get("publish_requested"):
        return Decision(ItemState.SKIPPED, NO_REQUEST)
    return Decision(ItemState.QUEUED)


def may_queue_by_hand(record: dict[str, Any]) -> str | None:
    """Why an editor may not pull this item into the queue, or None when they may."""
    if record.get("secrecy"):
        return f"{SECRET} ({record['secrecy']})"
    if (record.get("edxml") or {}).get("kind") == "status":
        return STATUS
    return None


def doc_key(record: dict[str, Any]) -> str | None:
    """(issuer, number, year), folded: the same document sent twice with other bytes."""
    number, issuer = record.get("number"), record.get("issuer")
    year = (record.get("issued_on") or "")[:4] or _year_in(number)
    if not number or not issuer or not year:
        return None
    issuer_key = re.sub(r"\s+", " ", fold(issuer)).strip()
    return f"{issuer_key}|{fold(number)}|{year}"


def _year_in(number: str | None) -> str | None:
    match = re.search(r"/((?:19|20)\d\d)/", number or "")
    return match.group(1) if match else None
