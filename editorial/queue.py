"""What the desk lists: documents by state, unit and text, with their age in working hours
(Điều 9: older than one working day is late); skipped items a member may pull in; the per-unit
delay report (Điều 15) and the weekly counts of the dashboard."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ingest.models import Item, ItemState, utcnow
from ingest.record import ReadingRecord
from ingest.selection import may_queue_by_hand
from parsers.metadata.doctypes import fold

from .models import AuditEvent, Document, Revision
from .states import Action, DocState
from .worktime import WorkingTime

OPEN_STATES = (DocState.NEW, DocState.SUBMITTED, DocState.APPROVED, DocState.RETURNED)


@dataclass(frozen=True, slots=True)
class QueueEntry:
    document: Document
    revision: Revision
    age_hours: float | None  # working hours since it was taken in, while it is open
    late: bool


@dataclass(frozen=True, slots=True)
class QueuePage:
    entries: list[QueueEntry]
    total: int
    page: int
    pages: int
    counts: dict[DocState, int]


def documents(session: Session, worktime: WorkingTime, *, states: tuple[DocState, ...] = OPEN_STATES,
              unit: str | None = None, text: str = "", page: int = 1, per_page: int = 25,
              now: datetime | None = None) -> QueuePage:
    """One page of documents in ``states``, oldest first (the longest waiting on top)."""
    now = now or utcnow()
    counts = {s: 0 for s in DocState}
    for state, count in session.execute(select(Document.state, func.count()).group_by(Document.state)):
        counts[DocState(state)] = count
    query = (select(Document, Revision).join(Revision, Revision.id == Document.current_revision_id)
             .where(Document.state.in_([s.value for s in states])).order_by(Document.received_at, Document.id))
    if unit:
        query = query.where(Document.unit == unit)
    query = query.options(selectinload(Document.item))
    for word in fold(text).split():
        # each word in the revision's folded text (folded in Python, đ ↔ d and marks dropped, when it
        # was written: SQLite and PostgreSQL alike), matched by the database
        query = query.where(Revision.search_text.contains(word, autoescape=True))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    shown = session.execute(query.offset((page - 1) * per_page).limit(per_page)).all()
    entries = []
    for document, revision in shown:
        age = worktime.hours_between(document.received_at, now) if document.state_enum in OPEN_STATES else None
        entries.append(QueueEntry(document, revision, age, age is not None and age > worktime.hours_a_day))
    return QueuePage(entries, total, page, pages, counts)


def skipped_items(session: Session, *, limit: int = 100) -> list[tuple[Item, str | None]]:
    """Items the intake skipped, newest first, each with why it may not be pulled into the queue
    (a secret, a status package), or None when a member may pull it in."""
    items = session.scalars(select(Item).where(Item.state == ItemState.SKIPPED, Item.parent_id.is_(None))
                            .order_by(Item.id.desc()).limit(limit).options(selectinload(Item.readings)))
    return [(item, may_queue_by_hand(ReadingRecord.load(item.latest_reading.result)) if item.latest_reading
             else "chưa đọc được") for item in items]


@dataclass(frozen=True, slots=True)
class UnitDelay:
    unit: str | None
    open: int
    late: int
    oldest_hours: float
    mean_hours_to_submit: float | None
    returned: int


def delays_by_unit(session: Session, worktime: WorkingTime, now: datetime | None = None) -> list[UnitDelay]:
    """Điều 15: per providing unit, what is waiting, how late, how long until it was sent on."""
    now = now or utcnow()
    docs = list(session.scalars(select(Document)))
    submitted: dict[int, datetime] = {}
    returned: Counter[int] = Counter()
    for event in session.scalars(select(AuditEvent).where(AuditEvent.action.in_([Action.SUBMIT.value,
                                                                                  Action.RETURN.value]))):
        if event.document_id is None:
            continue
        if event.action == Action.SUBMIT.value:
            submitted.setdefault(event.document_id, event.at)
        else:
            returned[event.document_id] += 1
    out = []
    for unit in sorted({d.unit for d in docs}, key=lambda u: (u is None, u or "")):
        mine = [d for d in docs if d.unit == unit]
        waiting = [worktime.hours_between(d.received_at, now) for d in mine if d.state_enum in OPEN_STATES]
        to_submit = [worktime.hours_between(d.received_at, submitted[d.id]) for d in mine if d.id in submitted]
        out.append(UnitDelay(unit, len(waiting), sum(h > worktime.hours_a_day for h in waiting),
                             max(waiting, default=0.0), sum(to_submit) / len(to_submit) if to_submit else None,
                             sum(returned[d.id] for d in mine)))
    return out


@dataclass(frozen=True, slots=True)
class Week:
    starts: datetime
    taken_in: int
    published: int
    returned: int


def weekly(session: Session, worktime: WorkingTime, weeks: int = 8, now: datetime | None = None) -> list[Week]:
    """Documents taken in, published and returned in each of the last ``weeks`` weeks (Monday first)."""
    local_now = worktime.local(now or utcnow())
    monday = (local_now - timedelta(days=local_now.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    starts = [monday - timedelta(weeks=i) for i in reversed(range(weeks))]

    def week_of(moment: datetime) -> int | None:
        local = worktime.local(moment)
        index = next((i for i in reversed(range(weeks)) if local >= starts[i]), None)
        return index if index is not None and local < starts[index] + timedelta(weeks=1) else None

    taken, published, returned = Counter[int](), Counter[int](), Counter[int]()
    for (received,) in session.execute(select(Document.received_at).where(Document.received_at >= starts[0])):
        index = week_of(received)
        if index is not None:
            taken[index] += 1
    events = session.execute(select(AuditEvent.action, AuditEvent.at).where(
        AuditEvent.at >= starts[0], AuditEvent.action.in_([Action.PUBLISH.value, Action.RETURN.value])))
    for action, at in events:
        index = week_of(at)
        if index is not None:
            (published if action == Action.PUBLISH.value else returned)[index] += 1
    return [Week(starts[i], taken[i], published[i], returned[i]) for i in range(weeks)]


@dataclass(frozen=True, slots=True)
class UnitCounts:
    unit: str | None
    taken_in: int
    published: int
    returned: int


def by_unit(session: Session, worktime: WorkingTime, weeks: int = 8, now: datetime | None = None) -> list[UnitCounts]:
    """Per providing unit, over the same weeks as :func:`weekly`: documents taken in, published, returned."""
    start = weekly(session, worktime, weeks, now)[0].starts
    unit_of = dict(session.execute(select(Document.id, Document.unit)).all())
    taken, published, returned = Counter[str | None](), Counter[str | None](), Counter[str | None]()
    for unit, received in session.execute(select(Document.unit, Document.received_at)):
        if worktime.local(received) >= start:
            taken[unit] += 1
    for action, document_id in session.execute(select(AuditEvent.action, AuditEvent.document_id).where(
            AuditEvent.at >= start, AuditEvent.action.in_([Action.PUBLISH.value, Action.RETURN.value]))):
        (published if action == Action.PUBLISH.value else returned)[unit_of.get(document_id)] += 1
    units = sorted(set(taken) | set(published) | set(returned), key=lambda u: (u is None, u or ""))
    return [UnitCounts(u, taken[u], published[u], returned[u]) for u in units]


AGE_BUCKETS = ((4, "dưới 4 giờ"), (8, "4–8 giờ"), (16, "1–2 ngày"), (40, "2–5 ngày"), (None, "trên 5 ngày"))


def ageing(session: Session, worktime: WorkingTime, now: datetime | None = None) -> list[tuple[str, int]]:
    """Open documents by working hours waited (a working day is ``worktime.hours_a_day``)."""
    now = now or utcnow()
    day = worktime.hours_a_day or 8
    counts = [0] * len(AGE_BUCKETS)
    for (received,) in session.execute(select(Document.received_at).where(
            Document.state.in_([s.value for s in OPEN_STATES]))):
        hours = worktime.hours_between(received, now)
        for index, (limit, _) in enumerate(AGE_BUCKETS):
            if limit is None or hours < limit * day / 8:
                counts[index] += 1
                break
    return [(label, counts[i]) for i, (_, label) in enumerate(AGE_BUCKETS)]
