"""Text of a PDF page rebuilt from character positions.

PDFium returns characters in content-stream order. That is the reading order for most files, but
not when a producer writes some glyphs in a separate text object (a fallback font for the
Vietnamese letters it lacks, say): those letters then come at the end of the line, "T NH ... Ỉ".
For such pages, and for the word boxes of the header and signature block, characters are placed by
their boxes: grouped into lines by baseline, sorted left to right, split into segments at wide gaps
(the two columns of the header), with spaces where the gap between letters is a space wide.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from statistics import median
from typing import Any

import pypdfium2.raw as pdfium_c
import pypdfium2_raw.bindings as pdfium_bindings

from .base import Line, Word, nfc


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float


# The per-character calls without ctypes' argument conversion (the bindings' ``argtypes`` cost more
# than PDFium's own work on each call): the same library, its functions looked up afresh, called
# with the text page's pointer, an int and ``byref`` doubles.
_PDFIUM = ctypes.CDLL(pdfium_bindings._libs["pdfium"]._name)
_GET_BOX, _GET_ORIGIN, _IS_GENERATED = (
    _PDFIUM.FPDFText_GetCharBox, _PDFIUM.FPDFText_GetCharOrigin, _PDFIUM.FPDFText_IsGenerated)


def pdfium_chars(textpage: Any, height: float) -> list[_Char]:
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    codes = (ctypes.c_ushort * (2 * count + 2))()  # room for surrogate pairs, whatever PDFium writes
    if pdfium_c.FPDFText_GetText(raw, 0, count, codes) != count + 1:
        # PDFium left characters out of the text or wrote pairs: units no longer match indices
        codes = [pdfium_c.FPDFText_GetUnicode(raw, index) for index in range(count)]  # type: ignore[assignment]
    left, right, bottom, top, ox, oy = values = [ctypes.c_double() for _ in range(6)]
    box_refs = [ctypes.byref(value) for value in values[:4]]
    origin_refs = [ctypes.byref(value) for value in values[4:]]
    get_box, get_origin, is_generated = _GET_BOX, _GET_ORIGIN, _IS_GENERATED
    chars = []
    append = chars.append
    for index in range(count):
        code = codes[index]
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        letter = chr(code)
        if letter.isspace():  # PDFium adds spaces and line breaks of its own
            if code != 0x20 or is_generated(raw, index) == 1:
                continue
        get_box(raw, index, *box_refs)
        x0, x1, low, high = left.value, right.value, bottom.value, top.value
        if x1 <= x0 and high <= low:
            continue
        get_origin(raw, index, *origin_refs)
        append(_Char(letter, x0, height - high, x1, height - low, height - oy.value))
    return chars


def pdfplumber_chars(page: Any, convert: Any) -> list[_Char]:
    """Characters of a pdfplumber page, each run of one font passed through ``convert(text, font)``
    (legacy decoding); a run that changes length is spread evenly over its boxes."""
    source = [c for c in page.chars if c["text"].strip()]
    chars: list[_Char] = []
    start = 0
    while start < len(source):
        end = start
        font = source[start].get("fontname")
        while end < len(source) and source[end].get("fontname") == font and (
                end == start or abs(source[end]["bottom"] - source[end - 1]["bottom"]) < 2):
            end += 1
        run = source[start:end]
        text = convert("".join(c["text"] for c in run), font)
        if len(text) == len(run):
            pieces = list(zip(text, run))
        else:  # VNI base+mark pairs became one letter: share the run's span
            pieces = [(t, run[min(i * len(run) // max(len(text), 1), len(run) - 1)]) for i, t in enumerate(text)]
        for letter, c in pieces:
            chars.append(_Char(letter, c["x0"], c["top"], c["x1"], c["bottom"], c["bottom"]))
        start = end
    if len(chars) > 1:  # merge boxes of letters that share one source character
        merged = [chars[0]]
        for c in chars[1:]:
            last = merged[-1]
            if (c.x0, c.top) == (last.x0, last.top):
                last.text += c.text
            else:
                merged.append(c)
        chars = merged
    return chars


def positional_rows(chars: list[_Char]) -> list[list[Line]]:
    """Rows of text top to bottom, each a list of segments (columns) left to right, with words."""
    printed = [c.bottom - c.top for c in chars if c.text.strip()]
    if not printed:
        return []  # spaces only: no text on the page
    size = median(printed) or 1.0
    chars.sort(key=_by_baseline)
    rows: list[list[_Char]] = []
    tolerance = size * 0.35
    row: list[_Char] | None = None
    row_baseline = 0.0
    for char in chars:
        if row is not None and abs(char.baseline - row_baseline) <= tolerance:
            row.append(char)
        elif row is None and char.text == " ":
            continue
        else:
            row = [char]
            row_baseline = char.baseline
            rows.append(row)
    out: list[list[Line]] = []
    column_gap, word_gap = size * 2.5, size * 0.28
    for row in rows:
        row.sort(key=_by_x)
        first, last = 0, len(row)
        while last > first and row[last - 1].text == " ":
            last -= 1
        while first < last and row[first].text == " ":
            first += 1
        if first == last:
            continue
        words = []
        segment_start = first
        for at in range(first + 1, last):
            if row[at].x0 - row[at - 1].x1 > column_gap:
                line = _line(row, segment_start, at, word_gap)
                if line is not None:
                    words.append(line)
                segment_start = at
        line = _line(row, segment_start, last, word_gap)
        if line is not None:  # a gap of spaces alone is no segment
            words.append(line)
        if words:
            out.append(words)
    return out


def _by_baseline(char: _Char) -> tuple[float, float]:
    return char.baseline, char.x0


def _by_x(char: _Char) -> tuple[float, bool]:
    return char.x0, char.text == " "


def _line(row: list[_Char], start: int, end: int, gap: float) -> Line | None:
    """The segment ``row[start:end]`` split into words at space characters and at gaps a space
    wide (None: spaces only)."""
    built: list[Word] = []
    letters: list[str] = []
    x0 = top = x1 = bottom = 0.0
    prev_x1 = 0.0
    for index in range(start, end):
        char = row[index]
        if char.text == " " or (letters and char.x0 - prev_x1 > gap):
            if letters:
                built.append(Word(nfc("".join(letters)), (x0, top, x1, bottom)))
                letters = []
            if char.text == " ":
                continue
        if letters:
            if char.x0 < x0:
                x0 = char.x0
            if char.top < top:
                top = char.top
            if char.x1 > x1:
                x1 = char.x1
            if char.bottom > bottom:
                bottom = char.bottom
        else:
            x0, top, x1, bottom = char.x0, char.top, char.x1, char.bottom
        letters.append(char.text)
        prev_x1 = char.x1
    if letters:
        built.append(Word(nfc("".join(letters)), (x0, top, x1, bottom)))
    if not built:
        return None
    box = (min(w.box[0] for w in built), min(w.box[1] for w in built),
           max(w.box[2] for w in built), max(w.box[3] for w in built))
    return Line(" ".join(w.text for w in built), box, built)


def rows_text(rows: list[list[Line]]) -> str:
    """Page text: one row a line, column segments on one row joined by a wide space."""
    return "\n".join("  ".join(segment.text for segment in row) for row in rows)


def stamp_char(text: str, box: tuple[float, float, float, float], chars: list[_Char]) -> _Char:
    """Text read from a stamp (a signature widget) as one piece placed on the row it fills in:
    its baseline is that of the page's characters level with it."""
    x0, top, x1, bottom = box
    middle = (top + bottom) / 2
    level = [c for c in chars if c.top <= middle <= c.bottom and c.text != " "]
    baseline = min(level, key=lambda c: min(abs(c.x0 - x1), abs(c.x1 - x0))).baseline if level else bottom
    return _Char(text, x0, top, x1, bottom, baseline)
