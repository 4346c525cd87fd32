"""The number's digits and the date read by the second OCR engine (``parsers.second_reading``),
weighed against Tesseract's reading of the same lines.

The second engine reads digits written by hand or stamped far better, but no Vietnamese marks
("QD" for "QĐ", "ngay" for "ngày"). So from its reading only the digits are taken, and the symbol
when Tesseract's is no symbol at all: "Số: 2/J “€TI-CS" (Tesseract) and "So: 2191" "/CT-CS"
(second engine) give 2191/CT-CS; "Số: Ở32/QĐ-TTg" and "S6:932QD-TTg" give 932/QĐ-TTg.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..base import Line
from .dates import read_place_date
from .doctypes import fold
from .numbers import Number, read_number
from .vocabulary import surname_for

_DAY_WORD = re.compile(r"ng[aà]y", re.IGNORECASE)  # where the place-date line's pieces begin

# digits as the engine reads them: "568g" is 5689, "219l" is 2191; a letter counts only inside digits
_DIGIT_LOOKALIKES = str.maketrans({"g": "9", "l": "1", "I": "1", "O": "0", "o": "0"})
# "Số:" as read without marks ("So:", "S6:", "S6298" for "Số 298"), then the digits
_DIGITS = re.compile(r"^\W{0,3}S[ốôóòoồổ6éơở0]?\s*[:;.]?\s*(?P<n>\d[\dglIOo]{0,5})(?=\s*/|\s*$|[A-Z]{2})")
_PLAUSIBLE_SYMBOL = re.compile(r"^[A-ZĐ][A-Za-zĐđ]{1,}(?:-[A-Za-zĐđ0-9&.]{2,})*$")


@dataclass(frozen=True, slots=True)
class Reconciled:
    number: str | None
    read_as: str | None  # Tesseract's number, when the second engine's digits replaced it
    second_text: str | None  # what the second engine read on the number line


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Pieces of text on the same row (boxes overlapping vertically), each row left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.box[1]):
        for row in rows:
            top, bottom = row[0].box[1], row[0].box[3]
            overlap = min(bottom, line.box[3]) - max(top, line.box[1])
            if overlap > 0.5 * min(bottom - top, line.box[3] - line.box[1]):
                row.append(line)
                break
        else:
            rows.append([line])
    return [sorted(row, key=lambda ln: ln.box[0]) for row in rows]


def read_digits(lines: list[Line]) -> tuple[str, Number | None, str] | None:
    """(digits, the whole number where it parses, the text read) of the number line's second reading."""
    for row in _rows(lines):
        for index, piece in enumerate(row):
            match = _DIGITS.match(piece.text)
            if not match:
                continue
            digits = match.group("n").translate(_DIGIT_LOOKALIKES)
            if not digits.isdigit():
                continue
            # the symbol may be a piece of its own ("So: 2191" "/CT-CS"); the date follows on the right
            head = piece.text.replace(match.group("n"), digits, 1)
            for other in [None, *row[index + 1:]]:
                if other is not None and _DAY_WORD.search(other.text):
                    break
                whole = read_number(head if other is None else f"{head} {other.text}")
                if whole is not None:
                    return digits, whole, piece.text if other is None else f"{piece.text} {other.text}"
            return digits, None, piece.text
    return None


def read_date(lines: list[Line]) -> tuple[date, str] | None:
    """(issue date, the text read) of the place-date line's second reading, the pieces of a row
    joined from the one with "ngay" on."""
    for row in _rows(lines):
        start = next((i for i, p in enumerate(row) if _DAY_WORD.search(p.text)), None)
        if start is None:
            continue
        text = " ".join(p.text for p in row[start:])
        found = read_place_date(text)
        if found and found.issued_on:
            return found.issued_on, text
    return None


def reconcile(first: Number | None, lines: list[Line]) -> Reconciled:
    """The number to keep: the second engine's digits (with Tesseract's symbol, which has the marks)
    where they were read; Tesseract's number otherwise."""
    kept = first.number if first else None
    second = read_digits(lines)
    if second is None:
        return Reconciled(kept, None, None)
    digits, whole, text = second
    notation = first.notation if first else None
    if notation is None or not _PLAUSIBLE_SYMBOL.match(notation):
        if whole is None or not whole.notation:
            return Reconciled(kept, None, text)
        notation = whole.notation
    year = _year(first) or _year(whole)
    number = f"{digits}/{year}/{notation}" if year else f"{digits}/{notation}"
    if first is not None and first.party_type:
        number = f"{digits}-{first.party_type}/{notation}"
    if number == kept:
        return Reconciled(kept, None, text)
    return Reconciled(number, kept, text)


def _year(number: Number | None) -> str | None:
    if number is None or not number.number:
        match = re.search(r"/((?:19|20)\d\d)/", number.raw) if number else None
        return match.group(1) if match else None
    parts = number.number.split("/")
    return parts[1] if len(parts) == 3 and re.fullmatch(r"(?:19|20)\d\d", parts[1]) else None


def merge_name(first: str, second: str) -> str | None:
    """A signer's name from Tesseract's reading with a garbled first word ("m=TTân Duy Đông") and
    the second engine's, without marks ("Tran Duy Dong"): word by word from the end, Tesseract's
    word where both agree but for the marks, and the first word, which the second engine read
    alone, written as the one surname it can be ("Trần"). None where they disagree otherwise, or
    where Tesseract read more words ("Nanh⁄Zñ¡ Tuyết Mai" against "Tuyet Mai")."""
    ours, theirs = first.split(), second.split()
    if (not 2 <= len(theirs) <= 5 or not all(w[:1].isupper() and w.isalpha() for w in theirs)
            or len(ours) > len(theirs)):
        return None  # (a word of Tesseract's the second engine did not read: the name is not whole)
    out: list[str] = []
    for back in range(1, len(theirs) + 1):
        word = theirs[-back]
        mine = ours[-back] if back <= len(ours) else ""
        if fold(mine) == fold(word):
            out.insert(0, mine)
        elif back == len(theirs) and (surname := surname_for(word)):
            out.insert(0, surname)
        else:
            return None
    return " ".join(out)
