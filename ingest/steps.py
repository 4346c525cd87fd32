"""The steps a stored item goes through, in order: read, select, link.

Contract of a step (the pipeline relies on it):

- A step MUST do one job on the :class:`Unit` it is given and record what it did as
  :class:`~ingest.models.ItemEvent` rows or item fields, in the unit's session; it MUST NOT commit
  (the pipeline commits once the steps are done, so an item is never left half-processed).
- A step MUST be safe to run again on the same item: the pipeline reprocesses an item that was
  stored when the worker died, and ``congbo retry`` reprocesses failed or quarantined ones.
- A step that ends the processing early, the item being settled (failed, quarantined, an
  attachment after it was read), MUST raise :class:`StopProcessing`, which is not an error.
- :meth:`Step.applies` says whether a step runs for a unit at all; by default, for every unit.

The bytes are stored and the item committed as ``stored`` before any step runs
(``Pipeline.ingest_bytes``); de-duplication of identical bytes happens there too, as it needs
no reading.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from parsers.errors import ToolFailed
from parsers.isolation import Reader
from parsers.reading import Reading as ReadResult

from .blobstore import BlobStore
from .models import Item, ItemEvent, ItemLink, ItemState, LinkKind, Original, Reading
from .names import as_received, display_name
from .record import ReadingRecord
from .selection import Decision, decide, doc_key

if TYPE_CHECKING:
    from editorial.services import Desk

    from .settings import Settings

READER_VERSION = "congbo-readers/3"


class StopProcessing(Exception):
    """The item is settled; the remaining steps do not run. Not a failure."""


@dataclass
class Unit:
    """An item in flight: its session, its bytes, and what the steps found so far."""

    session: Session
    item: Item
    data: bytes
    record: ReadingRecord | None = None  # the reading, once read


class Step(ABC):
    """One job on an item in flight; see the contract at the top of this module."""

    name = "step"

    def applies(self, unit: Unit) -> bool:
        return True

    @abstractmethod
    def run(self, unit: Unit) -> None:
        """Do the step's job on the unit, in its session, without committing."""


def new_item(session: Session, size: int, sha256: str, name: str, source: str, key: str,
             parent: Item | None) -> Item:
    """The ledger row of ``size`` bytes already in the blob store, as ``stored``."""
    if session.get(Original, sha256) is None:
        session.add(Original(sha256=sha256, size=size))
    shown = display_name(name)
    item = Item(source=source, source_key=key, name=shown, sha256=sha256, parent=parent,
                state=ItemState.STORED, attempts=0)
    session.add(item)
    received = "" if shown == name else f"; tên tệp khi nhận: {as_received(name)}"
    session.add(ItemEvent(item=item, event="stored", detail=f"{size} byte, SHA-256 {sha256}{received}"))
    session.flush()
    return item


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often a passing failure is read again: after base_s, doubling, at most max_s apart."""

    max_attempts: int = 5
    base_s: float = 60.0
    max_s: float = 3600.0

    def delay(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.base_s * 2 ** max(attempts - 1, 0), self.max_s))

    @classmethod
    def from_settings(cls, settings: "Settings") -> "RetryPolicy":
        return cls(settings["intake.max_attempts"], settings["intake.retry_base_s"], settings["intake.retry_max_s"])


class Read(Step):
    """Read the bytes and keep the reading. A passing failure (a tool missing or timing out) is
    ``failed`` with a retry time that doubles; unreadable input, or the last attempt, is
    ``quarantined`` with its error. Attachments become child items, stored and read the same way."""

    name = "read"

    def __init__(self, reader: Reader, store: BlobStore, retry: RetryPolicy) -> None:
        self.reader, self.store, self.retry = reader, store, retry

    def run(self, unit: Unit) -> None:
        unit.item.attempts += 1
        result = self.reader.read(unit.data, unit.item.name)
        record = self._record(unit.session, unit.item, result)
        if record is None:
            raise StopProcessing  # failed or quarantined: nothing to select or link
        unit.record = record

    def _record(self, session: Session, item: Item, result: ReadResult) -> ReadingRecord | None:
        """Keep the reading (or the error); the full record when the item was read."""
        if result.error is not None:
            self._failed(session, item, result.error)
            return None
        parsed = result.parsed
        assert parsed is not None
        converted_sha = None
        if parsed.converted:
            converted_sha = self.store.put(parsed.converted[1])
            if session.get(Original, converted_sha) is None:
                session.add(Original(sha256=converted_sha, size=len(parsed.converted[1])))
        record = ReadingRecord.from_reading(result)
        session.add(Reading(item=item, reader_version=READER_VERSION, result=record.dump(), text=parsed.text,
                            converted_sha256=converted_sha))
        item.state, item.last_error, item.next_retry_at = ItemState.PARSED, None, None
        item.format, item.text_source = parsed.format, parsed.text_source
        item.legacy_encoding, item.open_format = parsed.legacy_encoding, parsed.open_format
        item.doc_key = doc_key(record)
        item.document_id = (parsed.edxml or {}).get("document_id")
        session.add(ItemEvent(item=item, event="read", detail=f"{parsed.format}, {len(parsed.text)} ký tự"))
        session.flush()
        known = {child.source_key for child in item.children}
        for index, (attachment, child_result) in enumerate(zip(parsed.attachments, result.attachments)):
            key = f"{item.id}/{index}/{as_received(attachment.name)[:200]}"  # as before, for names that fit
            if key in known:
                continue
            sha = self.store.put(attachment.data)
            child = new_item(session, len(attachment.data), sha, attachment.name, "attachment", key, parent=item)
            child.attempts = 1
            self._record(session, child, child_result)
        return record

    def _failed(self, session: Session, item: Item, error: Exception) -> None:
        item.last_error = str(error)
        if isinstance(error, ToolFailed) and item.attempts < self.retry.max_attempts:
            item.state = ItemState.FAILED
            item.next_retry_at = datetime.now(timezone.utc) + self.retry.delay(item.attempts)
            session.add(ItemEvent(item=item, event="failed", detail=f"{item.last_error}; đọc lại lần "
                                                                   f"{item.attempts + 1}"))
        else:
            item.state, item.next_retry_at = ItemState.QUARANTINED, None
            session.add(ItemEvent(item=item, event="quarantined", detail=item.last_error))


class _UnitStep(Step):
    """A step for the unit as it came in, not for its attachments (they follow their unit)."""

    def applies(self, unit: Unit) -> bool:
        return unit.item.parent_id is None


class Select(_UnitStep):
    """``queued`` for the board when the document asks for publication and may go out, else
    ``skipped`` with the reason (``ingest.selection``); a revocation is a take-down request."""

    name = "select"

    def run(self, unit: Unit) -> None:
        item, record = unit.item, unit.record
        assert record is not None
        decision = decide(record)
        if record.edxml is not None and record.edxml.operation == "revoke":
            revoked = record.edxml.business_document_id or record.edxml.document_id
            decision = Decision(ItemState.SKIPPED, f"thu hồi văn bản {revoked}: yêu cầu gỡ khỏi Trang TTĐT")
        item.state, item.skip_reason = decision.state, decision.reason
        detail = decision.reason or f"đề nghị công bố: {record.publish_request_entry}"
        unit.session.add(ItemEvent(item=item, event=decision.state, detail=detail))


class Link(_UnitStep):
    """Links to other items: the same (issuer, number, year) with other bytes is a suspected
    duplicate; an edXML status package answers its document; BussinessDocType 1 revokes (and puts
    a take-down request on the revoked item, and hands it to the board's desk, which takes a
    published document down), 2 updates, 3 replaces."""

    name = "link"

    def __init__(self, desk: "Desk | None" = None) -> None:
        self.desk = desk

    def run(self, unit: Unit) -> None:
        session, item, record = unit.session, unit.item, unit.record
        assert record is not None
        if item.doc_key:
            twins = session.scalars(select(Item).where(Item.doc_key == item.doc_key, Item.id != item.id,
                                                       Item.sha256 != item.sha256, Item.parent_id.is_(None)))
            for twin in twins:
                session.add(ItemLink(item_id=item.id, kind=LinkKind.SUSPECTED_DUPLICATE, target_item_id=twin.id,
                                     detail=f"cùng cơ quan ban hành, số và năm với mục {twin.id}"))
        edxml = record.edxml
        if edxml is None:
            return
        if edxml.kind == "status":
            for answered in edxml.response_for:
                _link_document(session, item, LinkKind.ANSWERS, answered, f"trạng thái {edxml.status_code}")
        kind = {"revoke": LinkKind.REVOKES, "update": LinkKind.UPDATES,
                "replace": LinkKind.REPLACES}.get(edxml.operation or "")
        if kind:
            # a revocation or update names its document in Bussiness/DocumentId or, in the kit's
            # packages, by carrying that document's own DocumentId in its header
            own = edxml.document_id if kind in (LinkKind.REVOKES, LinkKind.UPDATES) else None
            targets = dict.fromkeys([*edxml.replaces, edxml.business_document_id or own])
            for document_id in targets:
                revoked = _link_document(session, item, kind, document_id, edxml.reason)
                for target in revoked if self.desk is not None else []:
                    self.desk.revoked(session, target, reason=f"gói thu hồi (mục {item.id}): "
                                                              f"{edxml.reason or 'không nêu lý do'}")


class Open(_UnitStep):
    """A queued document goes on the board's desk (:meth:`editorial.services.Desk.open_document`)
    in the same unit of work, so the desk never misses one the intake queued."""

    name = "open"

    def __init__(self, desk: "Desk | None") -> None:
        self.desk = desk

    def applies(self, unit: Unit) -> bool:
        return super().applies(unit) and self.desk is not None and unit.item.state == ItemState.QUEUED

    def run(self, unit: Unit) -> None:
        assert self.desk is not None and unit.record is not None
        reading = unit.item.readings[-1] if unit.item.readings else None
        sender = (unit.record.raw.get("properties") or {}).get("from")
        self.desk.open_document(unit.session, unit.item, unit.record, reading_id=reading.id if reading else None,
                                sender=sender if isinstance(sender, str) else None)


def _link_document(session: Session, item: Item, kind: str, document_id: str | None,
                   detail: str | None) -> list[Item]:
    """Link ``item`` to the items holding ``document_id``; the items it revokes."""
    if not document_id:
        return []
    targets = list(session.scalars(select(Item).where(Item.document_id == document_id, Item.id != item.id,
                                                      Item.parent_id.is_(None))))
    for target in targets or [None]:
        session.add(ItemLink(item_id=item.id, kind=kind, target_item_id=target.id if target else None,
                             target_document_id=document_id, detail=detail))
        if target is not None and kind == LinkKind.REVOKES:
            session.add(ItemEvent(item=target, event="take-down requested",
                                  detail=f"bị thu hồi bởi mục {item.id}: {detail or 'không nêu lý do'}"))
    return targets if kind == LinkKind.REVOKES else []
