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

from .base import Line, Word, nfc


@dataclass(slots=True)
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float


def pdfium_chars(textpage: Any, height: float) -> list[_Char]:
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    codes = (ctypes.c_ushort * (2 * count + 2))()  # room for surrogate pairs, whatever PDFium writes
    if pdfium_c.FPDFText_GetText(raw, 0, count, codes) != count + 1:
        # PDFium left characters out of the text or wrote pairs: units no longer match indices
        codes = [pdfium_c.FPDFText_GetUnicode(raw, index) for index in range(count)]  # type: ignore[assignment]
    left, right, bottom, top, ox, oy = (ctypes.c_double() for _ in range(6))
    get_box, get_origin = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetCharOrigin
    chars = []
    for index in range(count):
        code = codes[index]
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        if code < 0x80 and chr(code).isspace():  # PDFium adds spaces and line breaks of its own
            if code != 0x20 or pdfium_c.FPDFText_IsGenerated(raw, index) == 1:
                continue
        elif chr(code).isspace():
            continue
        get_box(raw, index, left, right, bottom, top)
        if right.value <= left.value and top.value <= bottom.value:
            continue
        get_origin(raw, index, ox, oy)
        chars.append(_Char(chr(code), left.value, height - top.value, right.value, height - bottom.value,
                           height - oy.value))
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
    chars.sort(key=lambda c: (c.baseline, c.x0))
    rows: list[list[_Char]] = []
    for char in chars:
        if char.text == " " and not rows:
            continue
        if rows and abs(char.baseline - rows[-1][0].baseline) <= size * 0.35:
            rows[-1].append(char)
        else:
            rows.append([char])
    out: list[list[Line]] = []
    for row in rows:
        row = sorted(row, key=lambda c: (c.x0, c.text == " "))
        while row and row[-1].text == " ":
            row.pop()
        while row and row[0].text == " ":
            row.pop(0)
        if not row:
            continue
        segments: list[Line] = []
        segment: list[_Char] = [row[0]]
        for prev, char in zip(row, row[1:]):
            if char.x0 - prev.x1 > size * 2.5:
                segments.append(_line(segment, size))
                segment = []
            segment.append(char)
        segments.append(_line(segment, size))
        words = [line for line in segments if line is not None]  # a gap of spaces alone is no segment
        if words:
            out.append(words)
    return out


def _line(chars: list[_Char], size: float) -> Line | None:
    """A segment split into words at space characters and at gaps a space wide (None: spaces only)."""
    gap = size * 0.28
    built: list[Word] = []
    letters: list[str] = []
    x0 = top = x1 = bottom = 0.0
    prev: _Char | None = None
    for char in chars:
        if char.text == " " or (letters and prev is not None and char.x0 - prev.x1 > gap):
            if letters:
                built.append(Word(nfc("".join(letters)), (x0, top, x1, bottom)))
                letters = []
            if char.text == " ":
                continue
        if letters:
            x0, top, x1, bottom = min(x0, char.x0), min(top, char.top), max(x1, char.x1), max(bottom, char.bottom)
        else:
            x0, top, x1, bottom = char.x0, char.top, char.x1, char.bottom
        letters.append(char.text)
        prev = char
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
