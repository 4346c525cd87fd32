"""Taking a unit in: store the original bytes, then run the processing steps (``ingest.steps``).

The order is the promise: the bytes are in the blob store (fsync'd) and the item is committed as
``stored`` before any reader touches them, so a crash loses nothing and a connector may
acknowledge the unit at its source as soon as :meth:`Pipeline.ingest_bytes` returns. Then:

1. store the original (content-addressed; the ledger key (source, key) is unique);
2. the same bytes already taken in from elsewhere: ``duplicate`` of that item, nothing more;
3. the steps, in order, in one transaction: :class:`~ingest.steps.Read` (``parsed``, or ``failed``
   with a retry time, or ``quarantined``; attachments become child items),
   :class:`~ingest.steps.Select` (``queued`` or ``skipped`` with the reason) and
   :class:`~ingest.steps.Link` (suspected duplicates, status answers, revocations, updates,
   replacements). Select and Link apply to the unit, not to its attachments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from editorial.services import Desk, Policy
from parsers.base import ParserContext
from parsers.errors import LimitExceeded
from parsers.isolation import ChildLimits, InProcessReader, Reader, SupervisedReader
from parsers.registry import ParserRegistry, default_registry

from . import retries
from .blobstore import BlobStore
from .db import make_engine, session_factory
from .errors import ItemNotFound
from .models import Item, ItemEvent, ItemState
from .settings import Settings, resolve_path
from .steps import Link, Open, Read, RetryPolicy, Select, Step, StopProcessing, Unit, new_item

__all__ = ["Outcome", "Pipeline", "RetryPolicy"]


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    created: bool  # False: the same source key was taken in before


class Pipeline:
    def __init__(self, sessions: sessionmaker[Session], store: BlobStore, ctx: ParserContext,
                 registry: ParserRegistry, *, retry: RetryPolicy = RetryPolicy(), engine: Engine | None = None,
                 desk: Desk | None = None, reader: Reader | None = None) -> None:
        self.sessions = sessions
        self.store = store
        self.ctx = ctx
        self.registry = registry
        self.retry_policy = retry
        self._engine = engine
        self.desk = desk
        self.reader = reader or InProcessReader(ctx, registry)
        self.steps: list[Step] = [Read(self.reader, store, retry), Select(), Link(desk), Open(desk)]

    @classmethod
    def from_settings(cls, settings: Settings) -> "Pipeline":
        engine = make_engine(settings["app.database_url"])
        store = BlobStore(resolve_path(settings, "app.data_dir") / "originals")
        ctx, registry = ParserContext.from_settings(settings), default_registry()
        return cls(session_factory(engine), store, ctx, registry, retry=RetryPolicy.from_settings(settings),
                   engine=engine, desk=Desk(Policy.from_settings(settings)),
                   reader=SupervisedReader(ctx, registry, ChildLimits.from_settings(settings)))

    @property
    def engine(self) -> Engine | None:
        return self._engine

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc: object) -> None:
        self.reader.close()
        if self._engine is not None:
            self._engine.dispose()

    # --- taking in ---------------------------------------------------------------------------

    def ingest_file(self, path: Path, *, source: str = "cli") -> Outcome:
        if path.stat().st_size > self.ctx.limits.max_file_bytes:
            return self.ingest_stream(path.open, path.name, source=source, source_key=str(path.resolve()))
        return self.ingest_bytes(path.read_bytes(), path.name, source=source, source_key=str(path.resolve()))

    def ingest_bytes(self, data: bytes, name: str, *, source: str, source_key: str | None = None,
                     external_id: str | None = None) -> Outcome:
        """Store, then process. Taking in the same (source, key) again returns the existing item.
        Two workers recording the same bytes at the same moment (two sources): the one that loses
        the race on the ledger's unique keys starts again, and finds what the other recorded."""
        sha256 = self.store.put(data)
        key = source_key or sha256
        for attempt in range(3):
            try:
                return self._ingest_stored(data, sha256, name, source, key, external_id)
            except IntegrityError:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _ingest_stored(self, data: bytes, sha256: str, name: str, source: str, key: str,
                       external_id: str | None) -> Outcome:
        with self.sessions() as session:
            existing = session.scalar(select(Item).where(Item.source == source, Item.source_key == key))
            if existing is not None:
                if existing.state == ItemState.STORED:  # stored, then the worker died: finish it now
                    self._process(session, existing, data)
                    session.commit()
                return Outcome(existing, created=False)
            same = session.scalar(select(Item).where(Item.source == source, Item.sha256 == sha256,
                                                     Item.parent_id.is_(None)).order_by(Item.id).limit(1))
            if same is not None:
                # the same bytes again from the same source under another key (re-sent, copied to
                # a second folder, a recreated mailbox): one unit, but this key goes in the ledger
                # too, so that once acknowledged it is never fetched again
                if same.state == ItemState.STORED:
                    self._process(session, same, data)
                ledger = new_item(session, len(data), sha256, name, source, key, parent=None)
                ledger.external_id = external_id
                self._mark_duplicate(session, ledger, same)
                session.commit()
                return Outcome(ledger, created=False)
            item = new_item(session, len(data), sha256, name, source, key, parent=None)
            item.external_id = external_id
            session.commit()
            # the earliest other unit of these bytes (by id: two workers committing at once must
            # not each take the other for the first and both become duplicates)
            first = session.scalar(select(Item).where(Item.sha256 == sha256, Item.parent_id.is_(None),
                                                      Item.id < item.id, Item.state != ItemState.DUPLICATE)
                                   .order_by(Item.id).limit(1))
            if first is not None:
                self._mark_duplicate(session, item, first)
            else:
                self._process(session, item, data)
            session.commit()
            return Outcome(item, created=True)

    def ingest_stream(self, opener: Callable[[], BinaryIO], name: str, *, source: str, source_key: str,
                      external_id: str | None = None) -> Outcome:
        """A unit larger than the file-size limit: copied into the blob store a megabyte at a time,
        recorded, and quarantined unread (never held in memory). ``congbo retry`` reads it once the
        limit allows."""
        sha256, size = self.store.put_stream(opener)
        limit = self.ctx.limits.max_file_bytes
        with self.sessions() as session:
            existing = session.scalar(select(Item).where(Item.source == source, Item.source_key == source_key))
            if existing is not None:
                return Outcome(existing, created=False)
            item = new_item(session, size, sha256, name, source, source_key, parent=None)
            item.external_id = external_id
            item.state = ItemState.QUARANTINED
            shown, most = _megabytes(size), _megabytes(limit)
            if shown == most:
                shown, most = f"{_count(size)} byte", f"{_count(limit)} byte"
            item.last_error = str(LimitExceeded(f"tệp {shown}, vượt giới hạn {most}; bản gốc đã được lưu, tệp không "
                                                "được đọc", name=item.name))
            session.add(ItemEvent(item=item, event="quarantined", detail=item.last_error))
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
        """Read again every failed item whose retry time has come (a passing failure, or a person
        asked: :mod:`ingest.retries`), each claimed first, so that workers sharing the database
        never read one item twice."""
        now = now or datetime.now(timezone.utc)
        with self.sessions() as session:
            found = retries.due(session, now)
        read = []
        for item_id in found:
            with self.sessions() as session:
                if not retries.claim(session, item_id, now):
                    continue  # another worker took it
            read.append(self.retry(item_id))
        return read

    def pull_into_queue(self, item_id: int, *, by: str) -> Item:
        """A board member (by user name) puts a skipped item in front of the board (never a secret)."""
        from editorial.users import get_user

        assert self.desk is not None, "a pipeline without the board's desk cannot queue by hand"
        with self.sessions() as session:
            item = session.get(Item, item_id)
            if item is None:
                raise ItemNotFound(item_id)
            self.desk.pull_into_queue(session, item, get_user(session, by))
            session.commit()
            return item

    def quarantined_ids(self) -> list[int]:
        with self.sessions() as session:
            return list(session.scalars(select(Item.id).where(Item.state == ItemState.QUARANTINED)))

    # --- processing ----------------------------------------------------------------------

    def _mark_duplicate(self, session: Session, item: Item, first: Item) -> None:
        item.state, item.duplicate_of_id = ItemState.DUPLICATE, first.id
        session.add(ItemEvent(item=item, event="duplicate", detail=f"cùng nội dung với mục {first.id}"))

    def _process(self, session: Session, item: Item, data: bytes) -> None:
        """Run the steps in order until one settles the item; the caller commits."""
        unit = Unit(session, item, data)
        for step in self.steps:
            if not step.applies(unit):
                continue
            try:
                step.run(unit)
            except StopProcessing:
                return


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f}".replace(".", ",").removesuffix(",0") + " MB"


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")
