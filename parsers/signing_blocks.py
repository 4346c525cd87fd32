"""Side-by-side signature blocks of a joint document (Thông tư liên tịch, Nghị quyết liên tịch).

Nghị định 30 gives each issuing body of a joint document a signature block of its own, side by
side above the Nơi nhận list, each opening with a signing prefix on one row ("KT. BỘ TRƯỞNG
KT. VIỆN TRƯỞNG   KT. CHÁNH ÁN"); under it each block has its body, its title, the signature and
seal, and the name, centred in its column. OCR cuts the blocks out by these columns and the
metadata reader reads each block by them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Sequence

from .base import RECIPIENTS_LABEL, Box, Line

if TYPE_CHECKING:
    from .base import Word

_PREFIX = re.compile(r"^(KT|TM|TL|TUQ)\s*\.", re.IGNORECASE)  # "KT.", "KT.CHÁNHÁN" (glued)
_ABOVE_LABEL = 0.35  # the prefix row stands within this share of the page above "Nơi nhận"
_LEVEL = 3.0  # points between the tops of lines on one row


def columns(line: "Line") -> list[float]:
    """The centres of the blocks whose prefixes open ``line``; empty for fewer than two prefixes."""
    starts = [i for i, word in enumerate(line.words) if _PREFIX.match(word.text)]
    if len(starts) < 2:
        return []
    ends = starts[1:] + [len(line.words)]
    return [(line.words[a].box[0] + line.words[b - 1].box[2]) / 2 for a, b in zip(starts, ends)]


def prefix_row(lines: Sequence["Line"], page_height: float) -> tuple["Line", "Line"] | None:
    """(the row of signing prefixes, the "Nơi nhận" label under it) on a page with joint blocks;
    the row joins the lines that stand on it (a PDF's text layer gives each block's line apart)."""
    label = next((line for line in lines if RECIPIENTS_LABEL.search(line.text)), None)
    if label is None:
        return None
    above = [line for line in lines if label.box[1] - page_height * _ABOVE_LABEL <= line.box[1] < label.box[1]]
    rows = [row for row in map(lambda line: _row(line, above), above) if columns(row)]
    return (max(rows, key=lambda row: row.box[1]), label) if rows else None


def _row(line: "Line", lines: Sequence["Line"]) -> "Line":
    """``line`` with the words of every line that stands at the same height, left to right."""
    level = [other for other in lines if abs(other.box[1] - line.box[1]) <= _LEVEL]
    words = sorted((w for other in level for w in other.words), key=lambda w: w.box[0])
    if not words:
        return line
    top, bottom = min(other.box[1] for other in level), max(other.box[3] for other in level)
    return Line(" ".join(w.text for w in words), (words[0].box[0], top, words[-1].box[2], bottom), words)


def nearest(word: "Word", centres: Sequence[float]) -> int:
    """The block a word belongs to: the one whose centre is nearest the word's."""
    middle = (word.box[0] + word.box[2]) / 2
    return min(range(len(centres)), key=lambda i: abs(centres[i] - middle))


def cut_outs(lines: Sequence["Line"], width: float, height: float) -> tuple[list[float], list[Box]]:
    """(the blocks' centres, the boxes to cut each block out by): from the prefix row down to the
    "Nơi nhận" label; the body and title lines are wider than the prefix, so each box reaches a
    little past the midpoint to its neighbours (what it catches of theirs is dropped by
    :func:`own_words`). Nothing for a page without joint blocks."""
    found = prefix_row(lines, height)
    if found is None:
        return [], []
    row, label = found
    centres = columns(row)
    margin = width * 0.04
    bounds = [0.0] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [width]
    return centres, [(max(0.0, bounds[i] - margin), row.box[1] - 4, min(width, bounds[i + 1] + margin),
                      label.box[1] - 2) for i in range(len(centres))]


def own_words(read: list["Line"], centres: Sequence[float], index: int) -> list["Line"]:
    """The lines read from block ``index``'s cut-out (boxes on the page) with only the words nearest
    its own centre: the edges of its neighbours' lines are theirs."""
    out = []
    for line in read:
        words = [w for w in line.words if nearest(w, centres) == index]
        if words:
            out.append(replace(line, text=" ".join(w.text for w in words), words=words,
                               box=(words[0].box[0], min(w.box[1] for w in words), words[-1].box[2],
                                    max(w.box[3] for w in words))))
    return out
