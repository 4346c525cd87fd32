"""Polling a source: every unit it yields is stored through the pipeline before the source is told
to acknowledge it; the source's health is recorded, with a doubling wait after failures. On
PostgreSQL a poll holds an advisory lock named after the source, so two workers never poll the
same source at once."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import OperationalError

from connectors.base import Connector, ConnectorError

from .errors import StorageError
from .models import ItemState, SourceHealth
from .pipeline import Pipeline

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PollResult:
    source: str
    taken: int
    skipped_busy: bool = False
    error: str | None = None


def _lock_key(name: str, schema: str = "public") -> int:
    """A 64-bit key for the source in this schema (deployments may share one database)."""
    digest = hashlib.sha256(f"congbo-source:{schema}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


@contextmanager
def source_lock(engine: Engine | None, name: str) -> Iterator[bool]:
    """True when this process may poll the source now. PostgreSQL: an advisory lock, held by every
    worker on every machine. SQLite (one machine): a lock on a file beside the database, so that a
    cron ``poll --once`` and a running worker never take the same source at once."""
    if engine is None or engine.dialect.name != "postgresql":
        with _file_lock(engine, name) as got:
            yield got
        return
    with engine.connect() as conn:
        key = _lock_key(name, conn.execute(select(func.current_schema())).scalar() or "public")
        got = bool(conn.execute(select(func.pg_try_advisory_lock(key))).scalar())
        try:
            yield got
        finally:
            if got:
                conn.execute(select(func.pg_advisory_unlock(key)))
                conn.commit()


@contextmanager
def _file_lock(engine: Engine | None, name: str) -> Iterator[bool]:
    database = engine.url.database if engine is not None and engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield True  # a database of one process
        return
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    path = Path(database).with_name(f"{Path(database).name}.source-{digest}.lock")
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def poll(pipeline: Pipeline, connector: Connector, *, now: datetime | None = None, force: bool = False) -> PollResult:
    """One run over a source; never raises for the source's own failures (they go to its health)."""
    now = now or datetime.now(timezone.utc)
    if not force and not due(pipeline, connector.name, now):
        return PollResult(connector.name, 0, error="đang chờ trước khi thử lại sau các lần lỗi")
    with source_lock(pipeline.engine, connector.name) as mine:
        if not mine:
            return PollResult(connector.name, 0, skipped_busy=True)
        taken = 0
        try:
            for incoming in connector.poll(known=lambda key: pipeline.known(connector.name, key)):
                if incoming.stream is not None:  # past the file-size limit: stored as a stream, not read
                    outcome = pipeline.ingest_stream(incoming.stream, incoming.name, source=incoming.source,
                                                     source_key=incoming.key,
                                                     external_id=incoming.meta.get("message_id"))
                else:
                    outcome = pipeline.ingest_bytes(incoming.data, incoming.name, source=incoming.source,
                                                    source_key=incoming.key,
                                                    external_id=incoming.meta.get("message_id"))
                item = outcome.item
                error = item.last_error if item.state == ItemState.QUARANTINED else None
                connector.acknowledge(incoming, error=error)  # only now: the bytes are stored
                _note_acknowledged(pipeline, item.id)
                log.info("took source=%s name=%s item=%s state=%s reason=%s", connector.name, incoming.name, item.id,
                         item.state, item.skip_reason or item.last_error or "-")
                taken += outcome.created
        except (ConnectorError, StorageError) as exc:  # the source, or the blob store, failed: stop, acknowledge nothing more
            record_failure(pipeline, connector.name, str(exc), now)
            log.warning("source %s failed: %s%s", connector.name, exc,
                        f" ({exc.detail})" if exc.detail else "")
            return PollResult(connector.name, taken, error=str(exc))
        record_success(pipeline, connector.name, taken, now)
        return PollResult(connector.name, taken)


ACK_NOTE_WAIT_S = (0.5, 1, 2, 4, 8, 15, 30, 30)  # a database outage of about 90 s is waited out


def _note_acknowledged(pipeline: Pipeline, item_id: int) -> None:
    """The source has acknowledged the unit (moved the file, flagged the mail): the ledger must
    say so, or the unit, no longer offered by its source, would stay unacknowledged for good.
    When the database is away at that moment, wait for it rather than give the note up."""
    for wait in (*ACK_NOTE_WAIT_S, None):
        try:
            pipeline.mark_acknowledged(item_id)
            return
        except OperationalError as exc:
            if wait is None:
                raise
            log.warning("item %s acknowledged at its source, not yet noted (database: %s); again in %s s",
                        item_id, exc.orig, wait)
            time.sleep(wait)


def due(pipeline: Pipeline, name: str, now: datetime) -> bool:
    with pipeline.sessions() as session:
        health = session.get(SourceHealth, name)
        return health is None or health.next_attempt_at is None or _aware(health.next_attempt_at) <= now


def record_success(pipeline: Pipeline, name: str, taken: int, now: datetime) -> None:
    with pipeline.sessions() as session:
        health = session.get(SourceHealth, name) or SourceHealth(name=name, consecutive_failures=0, items_taken=0)
        health.last_success_at, health.consecutive_failures, health.next_attempt_at = now, 0, None
        health.items_taken = (health.items_taken or 0) + taken
        session.add(health)
        session.commit()


def record_failure(pipeline: Pipeline, name: str, error: str, now: datetime) -> None:
    with pipeline.sessions() as session:
        health = session.get(SourceHealth, name) or SourceHealth(name=name, consecutive_failures=0, items_taken=0)
        health.consecutive_failures = (health.consecutive_failures or 0) + 1
        health.last_error, health.last_error_at = error, now
        health.next_attempt_at = now + pipeline.retry_policy.delay(health.consecutive_failures)
        session.add(health)
        session.commit()


def health_table(pipeline: Pipeline) -> list[SourceHealth]:
    with pipeline.sessions() as session:
        return list(session.scalars(select(SourceHealth).order_by(SourceHealth.name)))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
