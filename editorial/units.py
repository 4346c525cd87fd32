"""The department's units (Điều 8.5) and what a document says of where it comes from: its
providing unit, inferred from the mail's sender, the issuer, the number's symbol or the "Lưu:"
entry, and whether it is material from outside the department (Điều 8.4)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from ingest.record import ReadingRecord
from parsers.metadata.doctypes import fold


@dataclass(frozen=True, slots=True)
class Unit:
    code: str
    name: str
    emails: tuple[str, ...] = ()
    issuer_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Inferred:
    code: str | None
    why: str | None  # in Vietnamese, shown beside the unit on the desk


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text)).strip()


class Units:
    def __init__(self, units: Iterable[Unit], department_names: Iterable[str] = ()) -> None:
        self.units = tuple(units)
        self._by_code = {u.code: u for u in self.units}
        self._department = {_key(n) for n in department_names}

    @classmethod
    def from_settings(cls, settings: Any) -> "Units":
        units = [Unit(u["code"], u["name"], tuple(u.get("emails") or ()), tuple(u.get("issuer_names") or ()))
                 for u in settings.units]
        return cls(units, settings["editorial.department_names"])

    def get(self, code: str | None) -> Unit | None:
        return self._by_code.get(code or "")

    def name_of(self, code: str | None) -> str:
        unit = self.get(code)
        return unit.name if unit else (code or "—")

    def infer(self, record: ReadingRecord, sender: str | None = None) -> Inferred:
        """The providing unit, by the first sign that names one."""
        if sender:
            address = sender.lower()
            for unit in self.units:
                if any(e.lower() in address for e in unit.emails):
                    return Inferred(unit.code, f"địa chỉ gửi thư {sender}")
        issuer = _key(record.issuer or "")
        for unit in self.units:
            if issuer and any(_key(n) == issuer for n in unit.issuer_names):
                return Inferred(unit.code, f"cơ quan ban hành “{record.issuer}”")
        symbol = (record.number or "").split("/", 1)[-1]
        for part in re.split(r"[-–]", symbol)[1:]:
            unit = self._by_fold(part)
            if unit is not None:
                return Inferred(unit.code, f"ký hiệu văn bản “{record.number}”")
        for entry in record.value("recipients") or []:
            match = re.match(r"\s*L[ưu]u\s*:?(.*)", entry, re.IGNORECASE)
            if match:
                for part in re.split(r"[,;.]", match.group(1)):
                    unit = self._by_fold(part)
                    if unit is not None:
                        return Inferred(unit.code, f"mục “{entry.strip()}” ở Nơi nhận")
        return Inferred(None, None)

    def is_outside(self, record: ReadingRecord) -> bool:
        """Issued by a body that is neither the department nor one of its units."""
        issuer = _key(record.issuer or "")
        if not issuer:
            return False  # not read: the member says so on the desk
        ours = self._department | {_key(n) for u in self.units for n in u.issuer_names}
        return issuer not in ours

    def _by_fold(self, text: str) -> Unit | None:
        wanted = _key(text)
        return next((u for u in self.units if _key(u.code) == wanted), None) if wanted else None
