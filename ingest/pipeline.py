"""Taking a file in: store the original bytes, then read them, recording every outcome.

The order is the promise: the bytes are in the blob store (fsync'd) and the item is committed as
``stored`` before any reader touches them. A file that cannot be read is ``quarantined`` with the
reader's message, stays visible, and can be read again with :meth:`Pipeline.retry` (after a reader
is fixed or a tool installed). Attachments (edXML payloads, mail attachments, ZIP members) become
child items, stored and read the same way, so every original byte stays reachable.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from parsers.base import ParserContext
from parsers.reading import Reading as ReadResult
from parsers.reading import read, to_dict
from parsers.registry import ParserRegistry, default_registry

from .blobstore import BlobStore
from .db import make_engine, session_factory
from .errors import ItemNotFound
from .models import Item, ItemEvent, ItemState, Original, Reading
from .settings import Settings, resolve_path

READER_VERSION = "congbo-readers/1"


@dataclass(frozen=True, slots=True)
class Outcome:
    item: Item
    created: bool  # False: the same source key was taken in before


class Pipeline:
    def __init__(self, sessions: sessionmaker[Session], store: BlobStore, ctx: ParserContext,
                 registry: ParserRegistry, engine: Engine | None = None) -> None:
        self.sessions = sessions
        self.store = store
        self.ctx = ctx
        self.registry = registry
        self._engine = engine

    @classmethod
    def from_settings(cls, settings: Settings) -> "Pipeline":
        engine = make_engine(settings["app.database_url"])
        store = BlobStore(resolve_path(settings, "app.data_dir") / "originals")
        return cls(session_factory(engine), store, ParserContext.from_settings(settings), default_registry(),
                   engine)

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc: object) -> None:
        if self._engine is not None:
            self._engine.dispose()

    # --- taking in ---------------------------------------------------------------------------

    def ingest_file(self, path: Path, *, source: str = "cli") -> Outcome:
        data = path.read_bytes()
        return self.ingest_bytes(data, path.name, source=source, source_key=str(path.resolve()))

    def ingest_bytes(self, data: bytes, name: str, *, source: str, source_key: str | None = None) -> Outcome:
        """Store, then read. Taking in the same (source, key) again returns the existing item."""
        sha256 = self.store.put(data)
        key = source_key or sha256
        with self.sessions() as session:
            existing = session.scalar(select(Item).where(Item.source == source, Item.source_key == key))
            if existing is not None:
                return Outcome(existing, created=False)
            item = self._new_item(session, data, sha256, name, source, key, parent=None)
            session.commit()
            self._read(session, item, data)
            session.commit()
            return Outcome(item, created=True)

    def retry(self, item_id: int) -> Item:
        with self.sessions() as session:
            item = session.get(Item, item_id)
            if item is None:
                raise ItemNotFound(item_id)
            session.add(ItemEvent(item=item, event="retry"))
            self._read(session, item, self.store.get(item.sha256))
            session.commit()
            return item

    def quarantined_ids(self) -> list[int]:
        with self.sessions() as session:
            return list(session.scalars(select(Item.id).where(Item.state == ItemState.QUARANTINED)))

    def counts(self) -> dict[str, int]:
        with self.sessions() as session:
            rows = session.execute(select(Item.state, func.count()).group_by(Item.state))
            return {state: count for state, count in rows}

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

    def _read(self, session: Session, item: Item, data: bytes) -> None:
        item.attempts += 1
        result = read(data, item.name, self.ctx, self.registry)
        self._record(session, item, result)

    def _record(self, session: Session, item: Item, result: ReadResult) -> None:
        if result.error is not None:
            item.state = ItemState.QUARANTINED
            item.last_error = str(result.error)
            session.add(ItemEvent(item=item, event="quarantined", detail=item.last_error))
            return
        parsed = result.parsed
        assert parsed is not None
        converted_sha = None
        if parsed.converted:
            converted_sha = self.store.put(parsed.converted[1])
            if session.get(Original, converted_sha) is None:
                session.add(Original(sha256=converted_sha, size=len(parsed.converted[1])))
        record = to_dict(result)
        record["attachments"] = [{"file": a["file"], "sha256": a["sha256"]} for a in record["attachments"]]
        session.add(Reading(item=item, reader_version=READER_VERSION, result=record, text=parsed.text,
                            converted_sha256=converted_sha))
        item.state = ItemState.PARSED
        item.last_error = None
        item.format, item.text_source = parsed.format, parsed.text_source
        item.legacy_encoding, item.open_format = parsed.legacy_encoding, parsed.open_format
        session.add(ItemEvent(item=item, event="read", detail=f"{parsed.format}, {len(parsed.text)} chars"))
        known = {child.source_key for child in item.children}
        for index, (attachment, child_result) in enumerate(zip(parsed.attachments, result.attachments)):
            key = f"{item.id}/{index}/{attachment.name}"
            if key in known:
                continue
            sha = self.store.put(attachment.data)
            child = self._new_item(session, attachment.data, sha, attachment.name, "attachment", key, parent=item)
            child.attempts = 1
            self._record(session, child, child_result)
