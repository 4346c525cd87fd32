"""Relations between documents (replaces, amends, revokes, guides), as the library shows them.

Suggestions come from the intake — an edXML package that replaces another (BussinessDocType 3) —
and from the document's own clauses ("Quyết định này thay thế Quyết định số 12/2020/QĐ-UBND ngày
05/3/2020", "bãi bỏ …", "sửa đổi, bổ sung …", "hướng dẫn thi hành …"); a legal basis ("Căn cứ …")
names documents without relating to them and is passed over. An editor confirms a suggestion on the
review desk; only confirmed relations, kept with the revision, reach the library.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Iterable, Mapping


class Kind(StrEnum):
    REPLACES = "replaces"
    AMENDS = "amends"
    REVOKES = "revokes"
    GUIDES = "guides"


LABELS = {Kind.REPLACES: "Thay thế", Kind.AMENDS: "Sửa đổi, bổ sung", Kind.REVOKES: "Bãi bỏ",
          Kind.GUIDES: "Hướng dẫn"}
INVERSE_LABELS = {Kind.REPLACES: "Bị thay thế bởi", Kind.AMENDS: "Được sửa đổi, bổ sung bởi",
                  Kind.REVOKES: "Bị bãi bỏ bởi", Kind.GUIDES: "Được hướng dẫn bởi"}
ENDING = (Kind.REPLACES, Kind.REVOKES)  # a relation that ends the target's effect
SOURCE_LABELS = {"edxml": "gói edXML", "text": "nội dung văn bản", "editor": "biên tập viên nhập"}


@dataclass(frozen=True, slots=True)
class Relation:
    kind: Kind
    number: str | None  # the other document's number, as written
    on: date | None  # its issue date, when the clause gives it
    document_id: int | None  # the other document, when it is one of the board's
    label: str  # how the clause names it
    source: str  # "edxml", "text" or "editor"

    def key(self) -> tuple[str, str, str]:
        from .text import number_key

        return (self.kind.value, number_key(self.number) or f"#{self.document_id}", self.on.isoformat() if self.on else "")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"], data["on"] = self.kind.value, self.on.isoformat() if self.on else None
        return data

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> "Relation":
        on = data.get("on")
        return cls(Kind(data["kind"]), data.get("number") or None, date.fromisoformat(on) if on else None,
                   data.get("document_id"), data.get("label") or data.get("number") or "", data.get("source", "editor"))


def load(values: Iterable[Mapping[str, Any]] | None) -> list[Relation]:
    return [Relation.of(v) for v in values or ()]


_TYPES = (r"(?:Nghị quyết|Nghị định|Quyết định|Thông tư liên tịch|Thông tư|Chỉ thị|Luật|Pháp lệnh|Quy chế|"
          r"Quy định|Hướng dẫn|Kế hoạch|Văn bản|Công văn|Thông báo)")
_NUMBER = r"(\d+[\w.]*(?:/[\w.]+)*(?:/|-)[\wĐđ.]+(?:-[\wĐđ.]+)*)"
_DATE = r"(?:\s*,?\s*ngày\s+(\d{1,2})\s*(?:/|-|tháng)\s*(\d{1,2})\s*(?:/|-|năm)\s*(\d{4}))?"
_VERBS = ((Kind.REPLACES, r"thay\s+thế"), (Kind.AMENDS, r"sửa\s+đổi(?:\s*,\s*bổ\s+sung)?|bổ\s+sung"),
          (Kind.REVOKES, r"bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ"), (Kind.GUIDES, r"hướng\s+dẫn(?:\s+thi\s+hành|\s+thực\s+hiện)?"))
_CLAUSES = [(kind, re.compile(rf"(?:{verb})\s+(?:[^.;:\n]{{0,60}}?\s)?(?:của\s+)?({_TYPES}\s+số\s*:?\s*{_NUMBER}{_DATE})",
                              re.IGNORECASE)) for kind, verb in _VERBS]
_PARAGRAPHS = re.compile(r"\n\s*\n|[;.:]\s*\n|\n(?=\s*(?:Căn\s+cứ|Điều|[-–•]|\d+\.)\s)", re.IGNORECASE)
_LEGAL_BASIS = re.compile(r"^\s*(?:[-–•]\s*)?căn\s+cứ\b", re.IGNORECASE)


def from_text(text: str) -> list[Relation]:
    """The relations a document's own clauses state, once each, in the order they come."""
    found: dict[tuple[str, str, str], tuple[int, int, Relation]] = {}
    for at, paragraph in enumerate(_PARAGRAPHS.split(text or "")):
        if _LEGAL_BASIS.match(paragraph):
            continue
        flat = " ".join(paragraph.split())
        for kind, pattern in _CLAUSES:
            for m in pattern.finditer(flat):
                label, number, day, month, year = m.group(1), m.group(2).rstrip("."), m.group(3), m.group(4), m.group(5)
                on = _date(day, month, year)
                relation = Relation(kind, number, on, None, label.strip(" ,.;"), "text")
                found.setdefault(relation.key(), (at, m.start(), relation))
    return [r for _, _, r in sorted(found.values(), key=lambda f: f[:2])]


def _date(day: str | None, month: str | None, year: str | None) -> date | None:
    try:
        return date(int(year), int(month), int(day)) if day and month and year else None
    except ValueError:
        return None


def merged(confirmed: Iterable[Relation], suggested: Iterable[Relation]) -> list[Relation]:
    """Suggestions not yet confirmed (by kind, number and date)."""
    keys = {r.key() for r in confirmed}
    return [r for r in suggested if r.key() not in keys]


def suggested(session, document) -> list[Relation]:  # type: ignore[no-untyped-def]
    """What the intake found for a document of the board: an edXML replacement of another
    package, then the clauses of its text; for an editor to confirm on the desk."""
    from sqlalchemy import select

    from editorial.models import Document
    from ingest.models import ItemLink, LinkKind

    found: list[Relation] = []
    for link in session.scalars(select(ItemLink).where(ItemLink.item_id == document.item_id,
                                                       ItemLink.kind == LinkKind.REPLACES)):
        target = (session.scalar(select(Document).where(Document.item_id == link.target_item_id))
                  if link.target_item_id else None)
        values = target.current_revision.metadata_values if target is not None and target.current_revision else {}
        number = values.get("number")
        label = (f"{values.get('doc_type') or 'Văn bản'} số {number}" if number
                 else f"văn bản có mã edXML {link.target_document_id}")
        found.append(Relation(Kind.REPLACES, number, None, target.id if target is not None else None, label, "edxml"))
    reading = document.item.latest_reading if document.item is not None else None
    found.extend(from_text(reading.text if reading is not None else ""))
    return found


def from_form(values: Iterable[str], kind: str | None, number: str | None, on: str | None) -> list[Relation]:
    """The relations an editor kept on the desk (each posted as its JSON), and one typed in."""
    import json

    out: list[Relation] = []
    try:
        for value in values:
            out.append(Relation.of(json.loads(value)))
        if number and number.strip():
            day = None
            if on and on.strip():
                try:
                    day = date.fromisoformat(on.strip())
                except ValueError:
                    from datetime import datetime

                    day = datetime.strptime(on.strip(), "%d/%m/%Y").date()
            out.append(Relation(Kind(kind or Kind.REPLACES.value), number.strip()[:200], day, None,
                                f"Văn bản số {number.strip()[:200]}", "editor"))
    except (ValueError, KeyError, TypeError):
        from editorial.errors import Refused

        raise Refused("Văn bản liên quan không hợp lệ: cần loại quan hệ, số ký hiệu và ngày theo dạng ngày/tháng/năm.") from None
    unique: dict[tuple[str, str, str], Relation] = {}
    for relation in out:
        unique.setdefault(relation.key(), relation)
    return list(unique.values())
