"""Reading an item again: asked for by a person, done by whichever worker claims it.

A quarantined item (unreadable, or out of attempts) stays so until someone has put right what was
wrong (installed a missing tool, raised a limit) and asks for it to be read again. Asking does not
read: it makes the item due now, and the workers' retry job, on any machine, claims it from the
database and reads it there. A claim is a lease: a worker that dies while reading leaves the item
to be claimed again once the lease runs out, never lost and never read by two at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .errors import ItemNotFound, NotRetryable
from .models import Item, ItemEvent, ItemState

CLAIM_LEASE = timedelta(minutes=15)  # longer than any reading within the limits (OCR pages, timeouts)


def request_retry(session: Session, item_id: int, by: str, now: datetime | None = None) -> Item:
    """Make a quarantined or failed item due now, with its attempts counted afresh, and note who
    asked (``by``: the person's name as the history shows it). The caller commits."""
    item = session.get(Item, item_id)
    if item is None:
        raise ItemNotFound(item_id)
    if item.state not in (ItemState.QUARANTINED, ItemState.FAILED):
        raise NotRetryable(item_id, item.state)
    item.state, item.attempts = ItemState.FAILED, 0
    item.next_retry_at = now or datetime.now(timezone.utc)
    session.add(ItemEvent(item=item, event="retry requested", detail=f"bởi {by}"))
    return item


def due(session: Session, now: datetime) -> list[int]:
    """Failed items whose retry time has come, oldest first."""
    return list(session.scalars(select(Item.id).where(Item.state == ItemState.FAILED, Item.next_retry_at <= now)
                                .order_by(Item.next_retry_at, Item.id)))


def claim(session: Session, item_id: int, now: datetime) -> bool:
    """Take one item due at ``now`` for this worker: its retry time moves a lease ahead of the
    moment of the claim (a round reading many items claims each just before reading it), in one
    conditional update that only one worker can win. Commits."""
    lease_from = max(now, datetime.now(timezone.utc))
    won = session.execute(update(Item).where(Item.id == item_id, Item.state == ItemState.FAILED,
                                             Item.next_retry_at <= now)
                          .values(next_retry_at=lease_from + CLAIM_LEASE)).rowcount == 1
    session.commit()
    return won
