"""How sure a value read by OCR can be, from the evidence on the page.

The layout gives every value a base confidence (a table, positions, plain text; OCR lowers it).
On a scan that is not enough: a value read from words Tesseract was unsure of, or holding a word
that is no Vietnamese syllable and no acronym ("Phứớc", "TỈNÑH", "Hân ch"), is as likely wrong as
right, and the review desk must show it as unsure. :func:`weigh` marks such values below
:data:`UNSURE`, and keeps a value read cleanly at the OCR base, so that the editor's attention
goes where the errors are.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterable

from .doctypes import fold
from .vocabulary import is_syllable

if TYPE_CHECKING:
    from ..base import Line, Parsed
    from . import Field, Metadata

UNSURE = 0.6  # a value the desk must check: below 0.7, the desk's "unsure" mark
DOUBTFUL_WORD = 0.75  # Tesseract's confidence in a word below which a value built on it is in doubt
_TEXT_FIELDS = ("issuer", "parent_issuer", "place", "subject", "signer_name", "signer_title", "signer_authority")
_LINE_KINDS = {"line": None, "signature_line": "signature", "subject_line": "subject", "recipients_line": "recipients"}
_WORD = re.compile(r"[^\W\d_]+")


def unknown_words(text: str) -> list[str]:
    """The words of a value that are neither a Vietnamese syllable nor an acronym (capitals or
    capitals and small letters without a tone mark: "UBND", "TTr", "PGĐ") nor a letter alone."""
    return [word for word in _WORD.findall(text)
            if len(word) > 1 and not is_syllable(word.lower()) and not _acronym(word)]  # "Q.", "b/c": letters alone


def _acronym(word: str) -> bool:
    if len(word) < 2 or not word[0].isupper():
        return False
    marked = re.search(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", word.lower())
    return not marked and sum(c.isupper() for c in word) >= max(2, len(word) - 1)


def _out_of_shape(key: str, text: str) -> bool:
    """A value unlike any value of its field: a mark no such value holds ("XÂY DỰNG _ Pleiku"),
    a post or body opening in a small letter ("i KT. CỤC TRƯỞNG"), a title holding a signing
    prefix, a place of issue in capitals or of more than five words."""
    if re.search(r"[_|~^`\\{}\[\]<>=*#@]", text) or (text[:1].islower() and key != "subject"):
        return True
    if key == "signer_title" and re.search(r"\b(KT|TM|TL|TUQ)\s*\.", text):
        return True
    return key == "place" and (text.isupper() or len(text.split()) > 5)


def _words_of(parsed: "Parsed", where: dict[str, Any]) -> list[Any]:
    """The OCR'd words of the line a value was found on."""
    page_no = where.get("page")
    if not isinstance(page_no, int) or not 1 <= page_no <= len(parsed.pages):
        return []
    page = parsed.pages[page_no - 1]
    for key, reread in _LINE_KINDS.items():
        index = where.get(key)
        if isinstance(index, int):
            lines: list["Line"] = page.lines if reread is None else page.reread.get(reread, [])
            return list(lines[index].words) if 0 <= index < len(lines) else []
    return []


def _least_sure(words: Iterable[Any], value: str) -> float | None:
    """Tesseract's lowest confidence in the words of the line that are part of the value."""
    tokens = set(_WORD.findall(value.lower())) | set(re.findall(r"\d+", value))
    known = [w.confidence for w in words if w.confidence is not None
             and (set(_WORD.findall(w.text.lower())) | set(re.findall(r"\d+", w.text))) & tokens]
    return min(known) if known else None


def _doubt(field: "Field", key: str, parsed: "Parsed") -> str | None:
    """Why an OCR'd value is in doubt, or None."""
    value = field.value
    texts = [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if key in _TEXT_FIELDS or key == "recipients":
        strange = [w for text in texts for w in unknown_words(text)]
        if strange:
            return "unknown_words"
    if key in _TEXT_FIELDS and _out_of_shape(key, texts[0]):
        return "out_of_shape"
    if key == "recipients" and not any(fold(text).lstrip(" -").startswith("luu") for text in texts):
        return "list_not_closed"  # Nghị định 30 closes every list with "Lưu": its end was not read
    if key == "number" and field.found and "second_reading" in field.found:
        return None  # the second OCR engine read the digits again
    places = (field.found or {}).get("entries") or [field.found or {}]
    least = min((sure for where in places if (sure := _least_sure(_words_of(parsed, where), " ".join(texts))) is not None),
                default=None)
    if least is not None and least < DOUBTFUL_WORD:
        return "unsure_words"
    return None


def weigh(meta: "Metadata", parsed: "Parsed") -> None:
    """Mark below :data:`UNSURE` every value of a scan that rests on doubtful words, saying why
    under ``found["doubt"]``."""
    if parsed.text_source != "ocr":
        return
    for key, field in meta.fields.items():
        if field.value in (None, [], True, False) or field.confidence is None or key in ("secrecy", "urgency"):
            continue
        reason = _doubt(field, key, parsed)
        if reason is not None and field.confidence >= UNSURE:
            field.confidence = UNSURE
            field.found = {**(field.found or {}), "doubt": reason}
