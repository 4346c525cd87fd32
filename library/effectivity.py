"""Whether a document is in force as of a date (hiệu lực), from what is known and nothing more:
its effective date, and the date a published document that replaces or revokes it took effect.
Without an effective date the answer is "not known", never "in force"."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, or_

from .models import LibraryEntry


class Status(StrEnum):
    IN_FORCE = "con-hieu-luc"
    NOT_YET = "chua-co-hieu-luc"
    ENDED = "het-hieu-luc"
    UNKNOWN = "chua-xac-dinh"


LABELS = {Status.IN_FORCE: "Còn hiệu lực", Status.NOT_YET: "Chưa có hiệu lực", Status.ENDED: "Hết hiệu lực",
          Status.UNKNOWN: "Chưa xác định hiệu lực"}


def status(effective_on: date | None, ended_on: date | None, as_of: date) -> Status:
    if ended_on is not None and ended_on <= as_of:
        return Status.ENDED
    if effective_on is None:
        return Status.UNKNOWN
    return Status.NOT_YET if effective_on > as_of else Status.IN_FORCE


def condition(wanted: Status, as_of: date) -> ColumnElement[bool]:
    """The same rule as :func:`status`, as a condition on library entries."""
    e = LibraryEntry
    if wanted is Status.ENDED:
        return and_(e.ended_on.is_not(None), e.ended_on <= as_of)
    running = or_(e.ended_on.is_(None), e.ended_on > as_of)
    return and_(running, {Status.UNKNOWN: e.effective_on.is_(None), Status.NOT_YET: e.effective_on > as_of,
                          Status.IN_FORCE: e.effective_on <= as_of}[wanted])
