"""The official metadata of a reading, as rows for the board: value, how sure, where it was found,
and, for a scan, what OCR read before a slip was put right."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

LABELS = {
    "number": "Số, ký hiệu", "doc_type": "Loại văn bản", "issuer": "Cơ quan ban hành",
    "parent_issuer": "Cơ quan chủ quản", "place": "Địa danh", "issued_on": "Ngày ban hành",
    "subject": "Trích yếu", "signer_name": "Người ký", "signer_title": "Chức vụ người ký",
    "signer_authority": "Thẩm quyền ký", "recipients": "Nơi nhận", "addressees": "Kính gửi",
    "publish_requested": "Đề nghị đăng Trang TTĐT", "secrecy": "Độ mật", "urgency": "Độ khẩn",
    "effective_on": "Ngày có hiệu lực",
}
# where a value was found, from the outside in; blocks, rows, cells and lines are counted from 1
_PLACES = (("attachment", "tệp đính kèm {}"), ("page", "trang {}"), ("table", "bảng ở khối {}"),
           ("block", "khối {}"), ("row", "hàng {}"), ("cell", "ô {}"), ("paragraph", "đoạn {}"),
           ("line", "dòng {}"), ("signature_line", "khối chữ ký đọc lại riêng, dòng {}"),
           ("subject_line", "khối dưới số văn bản đọc lại riêng, dòng {}"),
           ("recipients_line", "danh sách Nơi nhận đọc lại riêng, dòng {}"),
           ("element", "phần tử {} của gói edXML"), ("clause", "câu “{}”"))


@dataclass(frozen=True, slots=True)
class FieldRow:
    label: str
    value: str
    confidence: int | None  # percent
    found: str
    read_as: str | None  # what OCR read, when a slip was put right
    inferred: bool  # worked out from another field rather than read
    second_reading: str | None = None  # what the second OCR engine read, when its digits or letters were taken


def metadata_rows(result: dict[str, Any]) -> list[FieldRow]:
    """Rows in the order of Nghị định 30's layout; empty when the reading has no metadata."""
    fields = result.get("fields") or {}
    if not fields:
        return []
    rows = []
    for key, label in LABELS.items():
        info = fields.get(key) or {}
        found = info.get("found") or {}
        confidence = info.get("confidence")
        read_as = found.get("read_as")
        rows.append(FieldRow(label, _shown(result.get(key)), round(confidence * 100) if confidence is not None else None,
                             where_text(found), _shown(read_as) if read_as is not None else None,
                             "inferred_from" in found, found.get("second_reading")))
    return rows


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "—"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


_COUNTED_FROM_ZERO = {"line", "table", "row", "cell", "block", "paragraph", "signature_line", "subject_line",
                      "recipients_line"}


def where_text(found: dict[str, Any]) -> str:
    """'trang 1, dòng 3': numbered from 1 for people (the reading counts lines from 0)."""
    parts = [template.format(found[key] + 1 if key in _COUNTED_FROM_ZERO and isinstance(found[key], int)
                             else found[key])
             for key, template in _PLACES if key in found]
    return ", ".join(parts) if parts else "—"
