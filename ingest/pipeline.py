"""Taking a unit in: store the original bytes, then read, select, de-duplicate and queue it.

The order is the promise: the bytes are in the blob store (fsync'd) and the item is committed as
``stored`` before any reader touches them, so a crash loses nothing and a connector may
acknowledge the unit at its source as soon as :meth:`Pipeline.ingest_bytes` returns. Each step is
safe to run again:

1. store the original (content-addressed; the ledger key (source, key) is unique);
2. the same bytes already taken in from elsewhere: ``duplicate`` of that item, nothing more;
3. read: a passing failure (a tool missing or timing out) is ``failed`` and retried with a doubling
   wait; unreadable input, or the last attempt, is ``quarantined`` with its error;
4. select (``ingest.selection``): ``queued`` for the board, or ``skipped`` with the reason;
5. link: the same (issuer, number, year) with other bytes is a suspected duplicate; edXML status
   packages answer their document; BussinessDocType 1 puts a take-down request on the revoked
   document, 2 and 3 link the update or replacement to the old one.

Attachments become child items, stored and read the same way; selection applies to the unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from parsers.base import ParserContext
from parsers.errors import ToolFailed
from parsers.reading import Reading as ReadResult
from parsers.reading import read, to_dict
from parsers.registry import ParserRegistry, default_registry

from .blobstore import BlobStore
from .db import make_engine, session_factory
from .errors import IngestError, ItemNotFound
from .models import Item, ItemEvent, ItemLink, ItemState, LinkKind, Original, Reading
from .selection import Decision, decide, doc_key, may_queue_by_hand
from .settings import Settings, resolve_path

READER_VERSION = "congbo-readers/2"


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    base_s: float = 60.0
    max_s: float = 3600.0

    def delay(self, attempts: int) -> timedelta:
        return timedelta(seconds=min(self.base_s * 2 ** max(attempts - 1, 0), self.max_s))

    @classmethod
    def from_settings(cls, settings: Settings) -> "RetryPolicy":
        return cls(settings["intake.max_attempts"], settings["intake.retry_base_s"], settings["intake.retry_max_s"])


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    created: bool  # False: the same source key was taken in before


class Pipeline:
    def __init__(self, sessions: sessionmaker[Session], store: BlobStore, ctx: ParserContext,
                 registry: ParserRegistry, *, retry: RetryPolicy = RetryPolicy(), engine: Engine | None = None) -> None:
        self.sessions = sessions
        self.store = store
        self.ctx = ctx
        self.registry = registry
        self.retry_policy = retry
        self._engine = engine

    @classmethod
    def from_settings(cls, settings: Settings) -> "Pipeline":
        engine = make_engine(settings["app.database_url"])
        store = BlobStore(resolve_path(settings, "app.data_dir") / "originals")
        return cls(session_factory(engine), store, ParserContext.from_settings(settings), default_registry(),
                   retry=RetryPolicy.from_settings(settings), engine=engine)

    @property
    def engine(self) -> Engine | None:
        return self._engine

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._engine is not None:
            self._engine.dispose()

    # --- taking in ---------------------------------------------------------------------------

    def ingest_file(self, path: Path, *, source: str = "cli") -> Outcome:
        return self.ingest_bytes(path.read_bytes(), path.name, source=source, source_key=str(path.resolve()))

    def ingest_bytes(self, data: bytes, name: str, *, source: str, source_key: str | None = None,
                     external_id: str | None = None) -> Outcome:
        """Store, then process. Taking in the same (source, key) again returns the existing item."""
        sha256 = self.store.put(data)
        key = source_key or sha256
        with self.sessions() as session:
            existing = session.scalar(select(Item).where(Item.source == source, Item.source_key == key))
            if existing is None:  # the same bytes again from the same source (a recreated mailbox): one unit
                existing = session.scalar(select(Item).where(Item.source == source, Item.sha256 == sha256,
                                                             Item.parent_id.is_(None)).order_by(Item.id).limit(1))
            if existing is not None:
                if existing.state == ItemState.STORED:  # stored, then the worker died: finish it now
                    self._process(session, existing, data)
                    session.commit()
                return Outcome(existing, created=False)
            item = self._new_item(session, data, sha256, name, source, key, parent=None)
            item.external_id = external_id
            session.commit()
            first = session.scalar(select(Item).where(Item.sha256 == sha256, Item.parent_id.is_(None),
                                                      Item.id != item.id, Item.state != ItemState.DUPLICATE)
                                   .order_by(Item.id).limit(1))
            if first is not None:
                self._mark_duplicate(session, item, first)
            else:
                self._process(session, item, data)
            session.commit()
            return Outcome(item, created=True)

    def known(self, source: str, key: str) -> bool:
        """Whether the ledger holds this unit and its source has acknowledged it (a unit stored
        but not acknowledged, because the worker died in between, is offered again)."""
        with self.sessions() as session:
            return session.scalar(select(Item.id).where(Item.source == source, Item.source_key == key,
                                                        Item.acknowledged_at.is_not(None))) is not None

    def mark_acknowledged(self, item_id: int) -> None:
        with self.sessions() as session:
            item = session.get(Item, item_id)
            if item is not None and item.acknowledged_at is None:
                item.acknowledged_at = datetime.now(timezone.utc)
                session.commit()

    def retry(self, item_id: int) -> Item:
        with self.sessions() as session:
            item = session.get(Item, item_id)
            if item is None:
                raise ItemNotFound(item_id)
            session.add(ItemEvent(item=item, event="retry"))
            self._process(session, item, self.store.get(item.sha256))
            session.commit()
            return item

    def retry_due(self, now: datetime | None = None) -> list[Item]:
        """Read again every failed item whose retry time has come."""
        now = now or datetime.now(timezone.utc)
        with self.sessions() as session:
            due = list(session.scalars(select(Item.id).where(Item.state == ItemState.FAILED,
                                                             Item.next_retry_at <= now)))
        return [self.retry(item_id) for item_id in due]

    def pull_into_queue(self, item_id: int, *, by: str) -> Item:
        """An editor puts a skipped item in front of the board by hand (never a secret)."""
        with self.sessions() as session:
            item = session.get(Item, item_id)
            if item is None:
                raise ItemNotFound(item_id)
            record = item.latest_reading.result if item.latest_reading else {}
            refused = may_queue_by_hand(record)
            if refused:
                raise IngestError(f"item {item_id} cannot be queued: {refused}")
            item.state, item.skip_reason = ItemState.QUEUED, None
            session.add(ItemEvent(item=item, event="queued by hand", detail=by))
            session.commit()
            return item

    def quarantined_ids(self) -> list[int]:
        with self.sessions() as session:
            return list(session.scalars(select(Item.id).where(Item.state == ItemState.QUARANTINED)))

    # --- steps -------------------------------------------------------------------------------

    def _new_item(self, session: Session, data: bytes, sha256: str, name: str, source: str, key: str,
                  parent: Item | None) -> Item:
        if session.get(Original, sha256) is None:
            session.add(Original(sha256=sha256, size=len(data)))
        item = Item(source=source, source_key=key, name=name, sha256=sha256, parent=parent,
                    state=ItemState.STORED, attempts=0)
        session.add(item)
        session.add(ItemEvent(item=item, event="stored", detail=f"{len(data)} bytes, sha256 {sha256}"))
        session.flush()
        return item

    def _mark_duplicate(self, session: Session, item: Item, first: Item) -> None:
        item.state, item.duplicate_of_id = ItemState.DUPLICATE, first.id
        session.add(ItemEvent(item=item, event="duplicate", detail=f"the same bytes as item {first.id}"))

    def _process(self, session: Session, item: Item, data: bytes) -> None:
        item.attempts += 1
        result = read(data, item.name, self.ctx, self.registry)
        record = self._record(session, item, result)
        if record is not None and item.parent_id is None:
            self._select(session, item, record)
            self._link(session, item, record)

    def _record(self, session: Session, item: Item, result: ReadResult) -> dict[str, Any] | None:
        """Keep the reading (or the error); the full record when the item was read."""
        if result.error is not None:
            item.last_error = str(result.error)
            passing = isinstance(result.error, ToolFailed) and item.attempts < self.retry_policy.max_attempts
            if passing:
                item.state = ItemState.FAILED
                item.next_retry_at = datetime.now(timezone.utc) + self.retry_policy.delay(item.attempts)
                session.add(ItemEvent(item=item, event="failed", detail=f"{item.last_error}; retry at "
                                                                       f"{item.next_retry_at:%Y-%m-%d %H:%M:%S}"))
            else:
                item.state, item.next_retry_at = ItemState.QUARANTINED, None
                session.add(ItemEvent(item=item, event="quarantined", detail=item.last_error))
            return None
        parsed = result.parsed
        assert parsed is not None
        converted_sha = None
        if parsed.converted:
            converted_sha = self.store.put(parsed.converted[1])
            if session.get(Original, converted_sha) is None:
                session.add(Original(sha256=converted_sha, size=len(parsed.converted[1])))
        record = to_dict(result)
        kept = {**record, "attachments": [{"file": a["file"], "sha256": a["sha256"]} for a in record["attachments"]]}
        session.add(Reading(item=item, reader_version=READER_VERSION, result=kept, text=parsed.text,
                            converted_sha256=converted_sha))
        item.state, item.last_error, item.next_retry_at = ItemState.PARSED, None, None
        item.format, item.text_source = parsed.format, parsed.text_source
        item.legacy_encoding, item.open_format = parsed.legacy_encoding, parsed.open_format
        item.doc_key = doc_key(record)
        item.document_id = (parsed.edxml or {}).get("document_id")
        session.add(ItemEvent(item=item, event="read", detail=f"{parsed.format}, {len(parsed.text)} chars"))
        session.flush()
        known = {child.source_key for child in item.children}
        for index, (attachment, child_result) in enumerate(zip(parsed.attachments, result.attachments)):
            key = f"{item.id}/{index}/{attachment.name}"
            if key in known:
                continue
            sha = self.store.put(attachment.data)
            child = self._new_item(session, attachment.data, sha, attachment.name, "attachment", key, parent=item)
            child.attempts = 1
            self._record(session, child, child_result)
        return record

    def _select(self, session: Session, item: Item, record: dict[str, Any]) -> None:
        decision = decide(record)
        business = (record.get("edxml") or {}).get("business") or {}
        if business.get("operation") == "revoke":
            revoked = business.get("document_id") or (record.get("edxml") or {}).get("document_id")
            decision = Decision(ItemState.SKIPPED, f"revokes document {revoked}: take-down request")
        item.state, item.skip_reason = decision.state, decision.reason
        detail = decision.reason or f"publication requested: {record.get('publish_request_entry')}"
        session.add(ItemEvent(item=item, event=decision.state, detail=detail))

    def _link(self, session: Session, item: Item, record: dict[str, Any]) -> None:
        if item.doc_key:
            twins = session.scalars(select(Item).where(Item.doc_key == item.doc_key, Item.id != item.id,
                                                       Item.sha256 != item.sha256, Item.parent_id.is_(None)))
            for twin in twins:
                session.add(ItemLink(item_id=item.id, kind=LinkKind.SUSPECTED_DUPLICATE, target_item_id=twin.id,
                                     detail=f"same issuer, number and year as item {twin.id}"))
        edxml = record.get("edxml") or {}
        if edxml.get("kind") == "status":
            for answered in edxml.get("response_for") or []:
                self._link_document(session, item, LinkKind.ANSWERS, answered.get("document_id"),
                                    f"status {(edxml.get('status') or {}).get('code')}")
        business = edxml.get("business") or {}
        kind = {"revoke": LinkKind.REVOKES, "update": LinkKind.UPDATES,
                "replace": LinkKind.REPLACES}.get(business.get("operation") or "")
        if kind:
            # a revocation or update names its document in Bussiness/DocumentId or, in the kit's
            # packages, by carrying that document's own DocumentId in its header
            own = edxml.get("document_id") if kind in (LinkKind.REVOKES, LinkKind.UPDATES) else None
            targets = dict.fromkeys([*business.get("replaces", []), business.get("document_id") or own])
            for document_id in targets:
                self._link_document(session, item, kind, document_id, business.get("reason"))

    def _link_document(self, session: Session, item: Item, kind: str, document_id: str | None,
                       detail: str | None) -> None:
        if not document_id:
            return
        targets = list(session.scalars(select(Item).where(Item.document_id == document_id, Item.id != item.id,
                                                          Item.parent_id.is_(None))))
        for target in targets or [None]:
            session.add(ItemLink(item_id=item.id, kind=kind, target_item_id=target.id if target else None,
                                 target_document_id=document_id, detail=detail))
            if target is not None and kind == LinkKind.REVOKES:
                session.add(ItemEvent(item=target, event="take-down requested",
                                      detail=f"revoked by item {item.id}: {detail or 'no reason given'}"))
