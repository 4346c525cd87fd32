"""Suggest the website category of Quy chế 166 Điều 6 from the document's type and text."""

from __future__ import annotations

import re
from typing import Any

from .doctypes import CATEGORIES, fold

_NORMATIVE = ("Luật", "Nghị định", "Thông tư", "Thông tư liên tịch", "Pháp lệnh", "Văn bản hợp nhất")
_RULES: tuple[tuple[int, str, str], ...] = (
    (7, r"thu tuc hanh chinh|cai cach hanh chinh|dich vu cong|mot cua", "it concerns administrative procedures or reform"),
    (5, r"hoi nghi|hoi thao|tap huan|boi duong", "it concerns a conference, workshop or training"),
    (3, r"\bdu an\b|cong trinh|dau tu xay dung|quy hoach", "it concerns a project"),
    (6, r"\bdang\b|dang bo|chi bo|cong doan|doan thanh nien|hoi cuu chien binh|phu nu", "it concerns Party or union work"),
    (8, r"lich cong tac|lich lam viec", "it is a work schedule"),
    (1, r"chuc nang, nhiem vu|co cau to chuc|gioi thieu", "it describes the organisation"),
    (9, r"danh ba|so dien thoai|dia chi thu dien tu", "it is a directory"),
)


def _category(number: int, reason: str) -> dict[str, Any]:
    return {"number": number, "category": CATEGORIES[number - 1], "reason": reason}


def suggest(doc_type: str | None, number: str | None, subject: str | None, issuer: str | None,
            text: str) -> dict[str, Any]:
    """A proposal an editor can change: {number (1-10), category, reason}."""
    if doc_type in _NORMATIVE or (number and re.search(r"/(19|20)\d\d/", number)):
        return _category(2, f"a legal-normative document ({doc_type or number})")
    haystack = fold(" ".join(x for x in (subject, issuer) if x))
    for index, pattern, reason in _RULES:
        if re.search(pattern, haystack):
            return _category(index, reason)
    if doc_type == "Giấy mời":
        return _category(5, "an invitation to a meeting")
    if doc_type:
        return _category(8, f"a {doc_type.lower()} on management and direction")
    if re.search(r"thu tuc hanh chinh", fold(text[:3000])):
        return _category(7, "its text concerns administrative procedures")
    return _category(10, "no more specific category applies")
