"""Dates of Vietnamese administrative documents: the place-date line and the effective date."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_DAY = r"(?:ngày|ngay|ngảy|ngây)"
_MONTH = r"(?:tháng|thang|thảng)"
_YEAR = r"(?:năm|nam|nãm|nàm|nm)"
_BLANK = r"[\s.…_,]*"
_SLOT = r"[\dIl|\][OD]{1,2}"  # a day or month, with the look-alikes OCR reads for digits
PLACE_DATE = re.compile(
    rf"^\s*(?P<place>[^\d,.]{{2,60}}?)\s*(?P<sep>[,.]?)\s*(?P<day>{_DAY})\s*:?\s*(?P<d>{_SLOT}|{_BLANK})\s*{_MONTH}\s*"
    rf"(?P<m>{_SLOT}|{_BLANK})\s*{_YEAR}\s*(?P<y>\d{{4}})", re.IGNORECASE)
# the same line when a day or month written by hand is unreadable ("ngày đ{ tháng 4Đ"): the place
# still counts, the date is unknown
PLACE_DATE_UNREADABLE = re.compile(
    rf"^\s*(?P<place>[^\d,.]{{2,60}}?)\s*(?P<sep>[,.]?)\s*(?P<day>{_DAY})\s*:?\s*(?P<d>\S{{1,3}})\s*{_MONTH}\s*"
    rf"(?P<m>\S{{1,3}})\s*{_YEAR}\s*(?P<y>\d{{4}})", re.IGNORECASE)
_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1", "]": "1", "O": "0", "D": "0"})
LONG_DATE = re.compile(rf"{_DAY}\s+(\d{{1,2}})\s+{_MONTH}\s+(\d{{1,2}})\s+{_YEAR}\s+(\d{{4}})", re.IGNORECASE)
SHORT_DATE = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")


@dataclass(frozen=True, slots=True)
class PlaceDate:
    place: str
    issued_on: date | None  # None for the blank-day draft form
    raw: str


def make_date(day: str | int, month: str | int, year: str | int) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def _ocr_digits(line: str) -> str:
    """'ngàyl6' -> 'ngày 16', 'thángO3' -> 'tháng 03': letters OCR reads for digits, next to digits."""
    line = _OCR_ONE_AFTER_WORD.sub(r"\1 1", line)
    line = _OCR_ONE_AFTER_DIGIT.sub("1", line)
    return _DIGIT_AFTER_LETTER.sub(" ", line)


_OCR_ONE_AFTER_WORD = re.compile(r"(ngày|tháng)\s*[lI|](?=\d)")
_OCR_ONE_AFTER_DIGIT = re.compile(r"(?<=\d)[lI|](?=[\s\d])")
_DIGIT_AFTER_LETTER = re.compile(r"(?<=[a-zà-ỹ])(?=\d)")


# a sentence of the body that dates what it cites ("Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014"): no place
_NO_PLACE = re.compile(r"^(Căn\s*cứ|Thực\s*hiện|Theo|Tại|Về|Ngày|Luật|Nghị|Quyết|Thông|Chỉ|Công\s*văn|Văn\s*bản|Điều"
                       r"|Kèm|Hôm)\b|(?:\S+\s+){6}\S", re.IGNORECASE)


def read_place_date(line: str) -> PlaceDate | None:
    line = _ocr_digits(line)
    match = PLACE_DATE.search(line) or PLACE_DATE_UNREADABLE.search(line)
    if not match:
        return None
    if not match.group("sep") and not match.group("day").islower():
        return None  # "Chuyên viên  Ngày 07 tháng 10": a dated signature line, not a place and date
    place = re.sub(r"\s+", " ", match.group("place")).strip(" -–,.")
    if (len(place) < 2 or place.lower().startswith(("số", "so ")) or not place[0].isupper() or _NO_PLACE.match(place)
            or re.search(r"\bCăn\s*cứ\b|\bLuật\b|\bQuyết\s*định\b", place)):
        return None
    day, month = match.group("d").strip().translate(_DIGITS), match.group("m").strip().translate(_DIGITS)
    issued = make_date(day, month, match.group("y")) if day.isdigit() and month.isdigit() else None
    return PlaceDate(place, issued, match.group(0))


_EFFECT = r"(?:có|co)\s+hiệu\s+lực(?:\s+thi\s+hành)?"
_SINCE = r"(?:k[ểếêe]\s+)?từ"  # "kể từ", with the tone mark OCR often misreads ("kế từ")
_FROM_SIGNING = re.compile(rf"{_EFFECT}\s+{_SINCE}\s+ngày\s+(?:ký|kí)(?!\s*\d)", re.IGNORECASE)
_AFTER_DAYS = re.compile(rf"{_EFFECT}\s+(?:thi\s+hành\s+)?sau\s+(\d{{1,3}})\s+ngày\s+{_SINCE}\s+ngày\s+(?:ký|kí|ban\s+hành)",
                         re.IGNORECASE)
_FROM_DATE = re.compile(
    rf"{_EFFECT}\s+{_SINCE}\s+(?:ngày\s+)?(?:(\d{{1,2}})\s+tháng\s+(\d{{1,2}})\s+năm\s+(\d{{4}})"
    r"|(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4}))", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Effective:
    on: date | None
    clause: str
    rule: str  # "date", "signing", "after_days"


_SPACES = re.compile(r"\s+")
_EFFECT_WORDS = re.compile(r"hiệu\s+lực", re.IGNORECASE)


def read_effective(text: str, issued_on: date | None) -> Effective | None:
    """The effective date from the last effective-date clause of the text (the final articles,
    not dates of documents cited earlier)."""
    candidates: list[tuple[int, Effective]] = []
    for start, window in _clause_windows(text):
        for match in _FROM_DATE.finditer(window):
            groups = match.groups()
            d, m, y = (groups[0], groups[1], groups[2]) if groups[0] else (groups[3], groups[4], groups[5])
            candidates.append((start + match.start(), Effective(make_date(d, m, y), match.group(0), "date")))
        for match in _FROM_SIGNING.finditer(window):
            candidates.append((start + match.start(), Effective(issued_on, match.group(0), "signing")))
        for match in _AFTER_DAYS.finditer(window):
            on = issued_on + timedelta(days=int(match.group(1))) if issued_on else None
            candidates.append((start + match.start(), Effective(on, match.group(0), "after_days")))
    if not candidates:
        return None
    return max(candidates, key=lambda c: c[0])[1]  # the same clause twice: either copy will do


_SENTENCE_START = re.compile(r"(?:[.;:!?]\s|\n|Điều\s+\d+\s*\.)")
_DOCUMENT_NUMBER = re.compile(r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ]")


def _about_another_document(text: str, at: int) -> bool:
    """Whether the clause at ``at`` gives another document's effectivity: its sentence, before
    "hiệu lực", names a document by number ("Quyết định số 12/QĐ-UBND có hiệu lực từ ...") and
    never says "này" (this one: "Quyết định này có hiệu lực ...")."""
    before = text[max(0, at - 160):at]
    starts = [m.end() for m in _SENTENCE_START.finditer(before)]
    sentence = before[starts[-1]:] if starts else before
    return bool(_DOCUMENT_NUMBER.search(sentence)) and not re.search(r"\bnày\b", sentence)


def _clause_windows(text: str) -> list[tuple[int, str]]:
    """(offset, text with its spaces collapsed) around each "hiệu lực": the clause patterns run
    there, not over a whole long document (a 55-page decree spent most of its metadata time in
    them). Nothing is made of the whole text: no lower-cased or space-collapsed copy, which for a
    20 MB paragraph cost ten times its size."""
    windows = []
    for found in _EFFECT_WORDS.finditer(text):
        if _about_another_document(text, found.start()):
            continue
        start = max(0, found.start() - 12)  # "có " or "co " before it, whatever the spacing
        window = _SPACES.sub(" ", text[start:found.end() + 240])
        at = _EFFECT_WORDS.search(window)
        assert at is not None
        begin = max(0, at.start() - 4)
        windows.append((start + begin, window[begin:at.start() + 120]))  # as far as before: 120 past "hiệu"
    return windows
