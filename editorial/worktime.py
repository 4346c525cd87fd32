"""Working time (Điều 9: information is provided as soon as it is final): how many working hours a
document has waited, by the board's working week, hours and holidays (settings ``editorial.*``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True, slots=True)
class WorkingTime:
    zone: ZoneInfo
    days: frozenset[int]  # 0 = Monday
    spans: tuple[tuple[time, time], ...]
    holidays: frozenset[date]

    @classmethod
    def from_settings(cls, settings: Any) -> "WorkingTime":
        spans = []
        for span in settings["editorial.working_hours"]:
            start, end = span.split("-")
            spans.append((time.fromisoformat(start), time.fromisoformat(end)))
        return cls(ZoneInfo(settings["editorial.timezone"]),
                   frozenset(_DAYS.index(d) for d in settings["editorial.working_days"]), tuple(spans),
                   frozenset(date.fromisoformat(d) for d in settings["editorial.holidays"]))

    @property
    def hours_a_day(self) -> float:
        return sum(_hours(datetime.combine(date.min, s), datetime.combine(date.min, e)) for s, e in self.spans)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours from ``start`` to ``end`` (0 when end is not later)."""
        start, end = self.local(start), self.local(end)
        if end <= start:
            return 0.0
        total = 0.0
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                for span_start, span_end in self.spans:
                    lo = max(start, datetime.combine(day, span_start, self.zone))
                    hi = min(end, datetime.combine(day, span_end, self.zone))
                    if hi > lo:
                        total += _hours(lo, hi)
            day += timedelta(days=1)
        return total

    def local(self, moment: datetime) -> datetime:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return aware.astimezone(self.zone)

    def shown(self, moment: datetime | None) -> str:
        """A time as the board reads it: local, day first."""
        return self.local(moment).strftime("%d/%m/%Y %H:%M") if moment else "—"


def _hours(lo: datetime, hi: datetime) -> float:
    return (hi - lo).total_seconds() / 3600
