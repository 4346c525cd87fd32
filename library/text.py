"""Search text, as the library indexes and queries it: words cut and folded in Python, the same
for SQLite and PostgreSQL (neither database folds Vietnamese right: SQLite keeps đ, PostgreSQL's
``unaccent`` cannot be used in an index).

Every word is kept in two forms: *folded* (lower case, no diacritics, đ -> d), which a query typed
without diacritics matches, and *exact* (lower case, NFC), which a query typed with them matches.
A document number also gets a *number key*, its letters and digits only, folded ("166/QĐ-SXD" ->
"166qdsxd"), so "166 qd sxd", "166/QD-SXD" and "166QĐSXD" all find it.
"""

from __future__ import annotations

import re
import unicodedata

from parsers.metadata.doctypes import fold

_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 16_000  # words of a body indexed (PostgreSQL keeps positions up to 16,383)


def words(text: str | None) -> list[str]:
    """The words of a text, lower case, NFC, in order."""
    if not text:
        return []
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def folded(text: str | None) -> str:
    return fold(unicodedata.normalize("NFC", text or ""))


def has_marks(text: str) -> bool:
    """True when the text was typed with Vietnamese letters (then it is matched exactly)."""
    return any(ord(c) > 127 for c in text)


def number_key(number: str | None) -> str:
    """"Số: 166/QĐ-SXD" -> "166qdsxd": the letters and digits of a number, folded."""
    if not number:
        return ""
    number = re.sub(r"^\s*s[ốo]\s*:?\s*", "", number, flags=re.IGNORECASE)
    return "".join(_WORD.findall(folded(number)))


def looks_like_number(key: str) -> bool:
    """A number key has digits and letters ("166qdsxd"); a bare year or word is not one."""
    return bool(re.search(r"\d", key)) and bool(re.search(r"[a-z]", key)) and len(key) >= 3


def slug(text: str | None, limit: int = 80) -> str:
    """"Ban hành Quy chế Trang TTĐT" -> "ban-hanh-quy-che-trang-ttdt" (for a readable link)."""
    joined = "-".join(_WORD.findall(folded(text or "")))
    return joined[:limit].rstrip("-") or "van-ban"


FILTER_KINDS = {"doc_type": "t", "issuer": "i", "signer": "s", "year": "y", "category": "c"}


def filter_word(key: str, value: object) -> str:
    """("year", 2024) -> "_y_2024"; ("doc_type", "Quyết định") -> "_t_quyet_dinh": a word only a
    filter asks for (typed words never hold "_")."""
    return f"_{FILTER_KINDS[key]}_" + "_".join(_WORD.findall(folded(str(value))))
