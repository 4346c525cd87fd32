"""Reading an item again, on SQLite and on PostgreSQL (Điều 7.1: nothing that arrived is lost): a
person asks, a worker on any machine claims the item from the database and reads it; two workers
never read one item at once, and one that dies while reading leaves it to the next."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from ingest import retries
from ingest.blobstore import BlobStore
from ingest.db import make_engine, migrate, session_factory
from ingest.errors import NotRetryable
from ingest.models import Item
from ingest.pipeline import Pipeline
from ingest.samples import build_docx


@pytest.fixture
def sessions(database_url):
    migrate(database_url)
    engine = make_engine(database_url)
    yield session_factory(engine)
    engine.dispose()


@pytest.fixture
def store(tmp_path) -> BlobStore:
    return BlobStore(tmp_path / "originals")


def _quarantined_for_its_size(sessions, store, ctx, registry, sample):
    """A document quarantined because it was larger than the limit then set."""
    data = build_docx(sample)
    strict = Pipeline(sessions, store, replace(ctx, limits=replace(ctx.limits, max_file_bytes=len(data) // 2)),
                      registry)
    item = strict.ingest_bytes(data, "166-QD-SXD.docx", source="test").item
    assert item.state == "quarantined" and "vượt giới hạn" in item.last_error
    return item


def test_a_quarantined_item_asked_for_again_is_read_by_the_next_round_of_a_worker(sessions, store, ctx, registry,
                                                                                  sample):
    item = _quarantined_for_its_size(sessions, store, ctx, registry, sample)
    worker = Pipeline(sessions, store, ctx, registry)  # the limit was raised
    assert worker.retry_due() == [], "quarantined: read again only when a person asks"
    with sessions() as session:
        retries.request_retry(session, item.id, by="Nguyễn Văn A")
        session.commit()
    [read] = worker.retry_due()
    assert read.id == item.id and read.state == "queued" and read.attempts == 1
    with sessions() as session:
        events = [(e.event, e.detail) for e in session.get(Item, item.id).events]
    assert ("retry requested", "bởi Nguyễn Văn A") in events
    assert [e for e, _ in events][-3:] == ["retry", "read", "queued"]


def test_only_a_quarantined_or_failed_item_can_be_asked_for_again(sessions, store, ctx, registry, sample):
    item = Pipeline(sessions, store, ctx, registry).ingest_bytes(build_docx(sample), "a.docx", source="test").item
    with sessions() as session, pytest.raises(NotRetryable, match="không có gì để đọc lại"):
        retries.request_retry(session, item.id, by="Nguyễn Văn A")


def test_two_workers_never_claim_the_same_item(sessions, store, ctx, registry, sample):
    item = _quarantined_for_its_size(sessions, store, ctx, registry, sample)
    now = datetime.now(timezone.utc)
    with sessions() as session:
        retries.request_retry(session, item.id, by="Nguyễn Văn A", now=now)
        session.commit()
    with sessions() as first, sessions() as second:
        assert retries.due(first, now) == retries.due(second, now) == [item.id]
        won = [retries.claim(first, item.id, now), retries.claim(second, item.id, now)]
    assert won == [True, False]


def test_an_item_claimed_by_a_worker_that_died_is_claimed_again_once_its_lease_runs_out(sessions, store, ctx,
                                                                                       registry, sample):
    item = _quarantined_for_its_size(sessions, store, ctx, registry, sample)
    now = datetime.now(timezone.utc)
    with sessions() as session:
        retries.request_retry(session, item.id, by="Nguyễn Văn A", now=now)
        session.commit()
    with sessions() as session:
        assert retries.claim(session, item.id, now)  # ... and the worker dies before reading it
    later = now + retries.CLAIM_LEASE - timedelta(seconds=1)
    with sessions() as session:
        assert retries.due(session, later) == [], "not while the lease holds"
    after = now + retries.CLAIM_LEASE + timedelta(seconds=1)
    [read] = Pipeline(sessions, store, ctx, registry).retry_due(after)
    assert read.id == item.id and read.state == "queued"
