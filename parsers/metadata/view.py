"""A reader-independent view of a document for the metadata extractor.

Nghị định 30 lays the first page out in two columns (issuing body and number on the left; national
title, motto, place and date on the right) and ends with two more (Nơi nhận left, signature right).
The view gives those four columns and every line in reading order, each with where it was found:
from table cells (DOCX, ODT, DOC), from positions (PDF text layer: segments; scans: Tesseract's
word boxes split at wide gaps), or, failing both, from lines split at tabs and wide spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..base import RECIPIENTS_LABEL, Line, Page, Paragraph, Parsed, Table, list_by_last_entry


LONGEST_LINE = 3000  # characters of one line the field rules look at: no header, stamp or signature line is longer


@dataclass(slots=True)
class Located:
    """A line and where it was found. A line longer than :data:`LONGEST_LINE` (a body paragraph of
    megabytes) is cut there: every field rule runs over lines, and none needs more of one."""

    text: str
    where: dict[str, Any]
    bold: bool | None = None
    confidence: float | None = None  # OCR's mean confidence in the line's words
    part_bold: tuple[bool | None, ...] | None = None  # of each piece set apart by tabs or wide spaces

    def __post_init__(self) -> None:
        if len(self.text) > LONGEST_LINE:
            self.text = self.text[:LONGEST_LINE]


@dataclass(slots=True)
class View:
    lines: list[Located] = field(default_factory=list)
    header_left: list[Located] = field(default_factory=list)
    header_right: list[Located] = field(default_factory=list)
    footer_left: list[Located] = field(default_factory=list)
    footer_right: list[Located] = field(default_factory=list)
    layout: str = "text"  # "table", "position" or "text"


_RULE = re.compile(r"^[\s\-_–—=.*~]{3,}$")
_WIDE_GAP = re.compile(r"\t+|\s{3,}")
_NATIONAL = re.compile(r"C[ỘO]NG\s*H[ÒOÓ]A|Độc\s*lập|ĐẢNG\s+CỘNG\s+SẢN", re.IGNORECASE)


def is_rule(text: str) -> bool:
    return bool(_RULE.match(text))


def build(parsed: Parsed) -> View:
    if parsed.blocks:
        return _from_blocks(parsed.blocks)
    if parsed.pages:
        return _from_pages(parsed.pages)
    return _from_text(parsed.text.splitlines(), {"line": 0})


# --- flowing documents --------------------------------------------------------------------------

def _paragraph_lines(paragraph: Paragraph, where: dict[str, Any]) -> list[Located]:
    """A paragraph's lines; a line laid out in columns at tab stops keeps the weight of each piece
    (an issuing body in bold beside the national title, a parent body in normal weight)."""
    text = paragraph.text
    letters = [r for r in paragraph.runs if r.text.strip()]
    bold = all(r.bold for r in letters) if letters else None
    weights: list[bool] = []  # each character's weight, listed only for a line laid out at tab stops
    out, offset = [], 0
    for i, part in enumerate(text.split("\n")):
        if part.strip():
            pieces = None
            if _WIDE_GAP.search(part.strip()):
                weights = weights or [r.bold for r in paragraph.runs for _ in r.text]
                pieces = tuple(_weight(text, weights, offset + m.start(), offset + m.end())
                               for m in re.finditer(r"[^\t ]+(?: {1,2}[^\t ]+)*", part))
            out.append(Located(part.strip(), {**where, "line": i}, bold, part_bold=pieces))
        offset += len(part) + 1
    return out


def _weight(text: str, weights: list[bool], start: int, end: int) -> bool | None:
    bolds = [weights[k] for k in range(start, end) if text[k].isalpha()]
    return all(bolds) if bolds else None


def _cell_lines(cell_blocks: list, where: dict[str, Any]) -> list[Located]:
    out: list[Located] = []
    for index, block in enumerate(cell_blocks):
        if isinstance(block, Table):
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    out += _cell_lines(cell.blocks, {**where, "nested": [index, r, c]})
        else:
            out += _paragraph_lines(block, {**where, "paragraph": index})
    return out


def _from_blocks(blocks: list) -> View:
    view = View(layout="table")
    tables: list[tuple[int, Table]] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Table):
            tables.append((index, block))
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    view.lines += _cell_lines(cell.blocks, {"table": index, "row": r, "cell": c})
        else:
            view.lines += _paragraph_lines(block, {"block": index})
    header = next(((i, t) for i, t in tables[:3] if i < 6 and _NATIONAL.search(t.text)), None)
    if header:
        view.header_left, view.header_right = _columns(header)
    else:
        _split_header_text(view)
    footer = next(((i, t) for i, t in tables if re.search(r"Nơi\s*nhận", t.text, re.IGNORECASE)
                   and (header is None or i != header[0])), None)
    if footer:
        view.footer_left, view.footer_right = _columns(footer)
    else:
        _split_footer_text(view)
    return view


def _columns(found: tuple[int, Table]) -> tuple[list[Located], list[Located]]:
    index, table = found
    left: list[Located] = []
    right: list[Located] = []
    for r, row in enumerate(table.rows):
        cells = [c for c in row if c.text.strip()] or row
        if not cells:
            continue
        left += _cell_lines(row[0].blocks, {"table": index, "row": r, "cell": 0})
        if len(row) > 1:
            for c in range(1, len(row)):
                right += _cell_lines(row[c].blocks, {"table": index, "row": r, "cell": c})
    return left, right


# --- paged documents ----------------------------------------------------------------------------

_NATIONAL_PAIR = re.compile(r"C[ỘO]NG\s+H[ÒOÓ]")
_DAY_WORD = re.compile(r"ng[àa]y", re.IGNORECASE)
_PLACE_STOP = re.compile(r"[\d/:]")


def _right_column_start(words: list) -> int | None:
    """Where the right column begins in a line OCR ran across both: at "CỘNG HÒA" / "ĐẢNG CỘNG
    SẢN", or at the place name before ", ngày"."""
    texts = [w.text for w in words]
    for i in range(1, len(texts) - 1):
        pair = f"{texts[i]} {texts[i + 1]}".upper()
        if _NATIONAL_PAIR.match(pair) or pair.startswith("ĐẢNG CỘNG"):
            return i
    for i in range(1, len(texts) - 1):
        if texts[i].endswith(",") and _DAY_WORD.match(texts[i + 1]) or (
                _DAY_WORD.fullmatch(texts[i + 1]) and texts[i][:1].isupper()):
            start = i
            while start > 0 and texts[start - 1][:1].isupper() and not _PLACE_STOP.search(texts[start - 1]):
                start -= 1
            return start if start > 0 else None
    return None


def _segments(line: Line, width: float) -> list[tuple[str, float, float, float]]:
    """(text, x0, x1, top) pieces of a line split at gaps wider than 5% of the page, and where the
    right column begins inside a piece (OCR runs a row of both columns into one line, each
    column's words at their own height)."""
    if not line.words:
        return [(line.text, line.box[0], line.box[2], line.box[1])]
    pieces: list[list] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:]):
        if word.box[0] - prev.box[2] > width * 0.05:
            pieces.append([])
        pieces[-1].append(word)
    split: list[list] = []
    for piece in pieces:
        at = _right_column_start(piece) or _signature_beside(piece)
        split += [piece[:at], piece[at:]] if at else [piece]
    return [(" ".join(w.text for w in p), p[0].box[0], p[-1].box[2], min(w.box[1] for w in p)) for p in split]


_ENTRY_END = re.compile(r"[;.]$")


def _signature_beside(words: list) -> int | None:
    """Where the signature column begins in a Nơi nhận entry printed too close to it for a gap
    ("- Công bố trên Trang TTĐT SXD; PHÓ TRƯỞNG PHÒNG QUẢN LÝ"): after the entry's closing ";" or
    ".", capitals to the end of the line."""
    if len(words) < 3 or not re.match(r"^[-–+•]", words[0].text):
        return None
    for i in range(1, len(words) - 1):
        if _ENTRY_END.search(words[i].text) and _capitals(" ".join(w.text for w in words[i + 1:])):
            return i + 1
    return None


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _from_pages(pages: list[Page]) -> View:
    view = View(layout="position")
    for page in pages:
        if page.lines:
            for i, line in enumerate(page.lines):
                view.lines.append(Located(_without_noise(line, page), {"page": page.number, "line": i},
                                          confidence=_confidence(line)))
        else:
            for i, text in enumerate(page.text.splitlines()):
                if text.strip():
                    view.lines.append(Located(text.strip(), {"page": page.number, "line": i}))
    first = pages[0]
    if first.lines:
        limit = first.height * 0.4
        for i, line in enumerate(first.lines):
            if line.box[1] > limit:
                continue  # OCR lines come block by block: a speck low on the page can come first
            _place_row(first, i, line, first.width * 0.45, view.header_left, view.header_right)
        if _one_column(view):  # centred lines one under another: the body's name and number come first
            view.header_left, view.header_right = [], []
            _split_header_text(view)
    else:
        _split_header_text(view)
    _footer_from_page(view, pages)
    if not view.footer_left and not view.footer_right:
        _split_footer_text(view)
    return view


def _one_column(view: View) -> bool:
    """Whether the header was printed as one column: lines above the national title, and none of
    them on the left."""
    national = next((l.where["y"] for l in view.header_right if _NATIONAL.search(l.text)), None)
    if national is None:
        return not view.header_left
    above = [l for l in view.header_left + view.header_right if l.where["y"] < national - 4]
    return bool(above) and not any(l.where["y"] <= national + 4 for l in view.header_left)


UNREADABLE = 0.3  # OCR's mean confidence in words below which it read a stamp or a scribble, not print


def _without_noise(line: Line, page: Page) -> str:
    """A scanned line without the pieces at its end, set apart by a wide gap, that OCR could not
    read (a register stamp beside a heading: "THÔNG TƯ LIÊN TỊCH |” Bgy,22/01....")."""
    if page.text_source != "ocr" or len(line.words) < 2:
        return line.text
    words = list(line.words)
    while True:
        cut = next((i for i in range(len(words) - 1, 0, -1)
                    if words[i].box[0] - words[i - 1].box[2] > page.width * 0.05), None)
        tail = words[cut:] if cut else []
        known = [w.confidence for w in tail if w.confidence is not None]
        if not known or sum(known) / len(known) >= UNREADABLE:
            break
        words = words[:cut]
    return line.text if len(words) == len(line.words) else " ".join(w.text for w in words)


def _confidence(line: Line) -> float | None:
    known = [w.confidence for w in line.words if w.confidence is not None]
    return sum(known) / len(known) if known else None


def _place_row(page: Page, index: int, line: Line, middle: float, left: list[Located],
               right: list[Located]) -> None:
    """Put a row's pieces in the left or right column; pieces of one row on one side are one line
    (a blank number or date leaves a wide gap inside "Số:   /BNV-CCHC")."""
    sides: dict[bool, list[tuple[str, float, float]]] = {True: [], False: []}
    for text, x0, x1, top in _segments(line, page.width):
        sides[(x0 + x1) / 2 < middle].append((text, x0, top))
    for is_left, pieces in sides.items():
        if pieces:
            target = left if is_left else right
            target.append(Located(" ".join(t for t, _, _ in pieces),
                                  {"page": page.number, "line": index, "x": round(pieces[0][1]),
                                   "y": round(min(top for _, _, top in pieces))}))


def _footer_from_page(view: View, pages: list[Page]) -> None:
    """The signature block and Nơi nhận from the first page that has them (later ones belong to
    appendices or quoted examples). When OCR garbled the "Nơi nhận:" label, the list is found by
    its last entry, "- Lưu: …", and the bulleted entries above it."""
    for page in pages:
        if not page.lines:
            continue
        starts = [i for i, line in enumerate(page.lines) if RECIPIENTS_LABEL.search(line.text)]
        if starts:
            _place_footer(view, page, min(page.lines[starts[0]].box[1] - 60, _block_top(page, starts[0])))
            if page.number < len(pages):
                _list_carried_over(view, pages[page.number])
            return
    for page in reversed(pages):
        found = list_by_last_entry(page.lines, page.width)
        if found is None:
            continue
        _place_footer(view, page, found[1] - 72)  # the label's line and the block beside it
        return


def _list_carried_over(view: View, following: Page) -> None:
    """The rest of a Nơi nhận list the page break carried onto the next page: when the list does not
    end on its page with a full stop ("- Lưu: VT."), the entries opening the next page continue it,
    and what stands right of them there (the signer's name) continues the signature block."""
    if not view.footer_left or re.search(r"[\w)]\.$", view.footer_left[-1].text.strip()):
        return
    for i, line in enumerate(following.lines[:30]):
        text = line.text.strip()
        located = Located(text, {"page": following.number, "line": i, "x": round(line.box[0]), "y": round(line.box[1])})
        if (line.box[0] + line.box[2]) / 2 > following.width * 0.5:
            view.footer_right.append(located)  # the signature block's end, beside the list's
            continue
        if not re.match(r"^[-–+•]", text):
            break
        view.footer_left.append(located)
        if re.search(r"[\w)]\.$", text):
            break


def _block_top(page: Page, label: int) -> float:
    """The top of a signature block printed above the "Nơi nhận" line, right of the middle: the
    short lines there that end no sentence, at most ten (the label's own top without one)."""
    top = page.lines[label].box[1]
    above = sorted((line for line in page.lines if line.box[3] <= top), key=lambda line: -line.box[1])
    for line in above[:10]:
        text = line.text.strip()
        if ((line.box[0] + line.box[2]) / 2 < page.width * 0.5 or len(text) > 60
                or text.endswith((".", ";", ":", ",", "!")) or _BODY_START.match(text)):
            break
        top = line.box[1]
    return top


def _place_footer(view: View, page: Page, top: float) -> None:
    scribble = _scribble_height(page)
    for i, line in enumerate(page.lines):
        if line.box[3] >= top and not _is_scribble(line, scribble):
            _place_row(page, i, line, page.width * 0.5, view.footer_left, view.footer_right)


def _scribble_height(page: Page) -> float | None:
    """On a scan, twice the height of the page's typical word: a line whose words are taller is a
    signature or a seal that OCR read as letters ("at ni C]" under "- Lưu: VT, C04"), not print."""
    if page.text_source != "ocr":
        return None
    heights = sorted(w.box[3] - w.box[1] for line in page.lines for w in line.words)
    return 2 * heights[len(heights) // 2] if heights else None


def _is_scribble(line: Line, height: float | None) -> bool:
    if height is None or not line.words:
        return False
    heights = sorted(w.box[3] - w.box[1] for w in line.words)
    return heights[len(heights) // 2] > height


# --- plain text -----------------------------------------------------------------------------------

def _from_text(lines: list[str], _where: dict[str, Any]) -> View:
    view = View(lines=[Located(t.strip(), {"line": i}) for i, t in enumerate(lines) if t.strip()])
    _split_header_text(view)
    _split_footer_text(view)
    return view


_RIGHT_START = re.compile(r",\s*ngày|C[ỘO]NG\s*H[ÒO]A|Độc\s*lập|ĐẢNG\s+CỘNG", re.IGNORECASE)
_BODY_START = re.compile(r"^\s*(Kính\s*gửi|Căn\s*cứ|Thực\s*hiện|Điều\s+1)", re.IGNORECASE)


def _split_header_text(view: View) -> None:
    """Header columns from lines split at tabs or wide spaces (no table, no positions): the parts
    from the first that starts the right column (national title, motto, place-date) go right."""
    for located in view.lines[:14]:
        if _BODY_START.match(located.text) or len(located.text) > 160:
            break
        parts = [p.strip() for p in _WIDE_GAP.split(located.text) if p.strip()]
        if len(parts) >= 2:
            split = next((i for i, p in enumerate(parts) if i and _RIGHT_START.search(p)), len(parts) - 1)
            if _RIGHT_START.search(parts[0]):
                split = 0
            if split:
                view.header_left.append(Located(" ".join(parts[:split]), {**located.where, "part": 0},
                                                _pieces_bold(located, 0, split)))
            view.header_right.append(Located(" ".join(parts[split:]), {**located.where, "part": split},
                                             _pieces_bold(located, split, len(parts))))
        elif (_NATIONAL.search(located.text) or re.match(r"^(Độc lập|.*,\s*ngày)", located.text)
              or _continues_national(view.header_right, located.text)):
            view.header_right.append(located)
        else:
            view.header_left.append(located)


def _block_above(lines: list[Located], label: int) -> int:
    """Where the footer begins above the "Nơi nhận" line: at the signature block when it is printed
    above the list ("KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC" / "(Đã ký)" / name, then "Nơi nhận:"), the short
    lines that end no sentence, at most ten; the body's last sentence stops it."""
    start = label
    while start > 0 and label - start < 10:
        text = lines[start - 1].text.strip()
        if len(text) > 60 or text.endswith((".", ";", ":", ",", "!")) or _BODY_START.match(text):
            break
        start -= 1
    return start


def _continues_national(right: list[Located], text: str) -> bool:
    """The right column's line wrapped onto one of its own: the national title's tail ("CỘNG HÒA XÃ
    HỘI CHỦ NGHĨA" / "VIỆT NAM"), or the date's ("Buôn Ma Thuột, ngày 16 tháng 4 năm" / "2024")."""
    if not right:
        return False
    last, text = right[-1].text, text.strip()
    if _NATIONAL.search(last) and not re.search(r"NAM\s*$", last):
        return bool(re.match(r"^(CHỦ\s*NGHĨA\s*)?VI[ỆE]T\s*NAM$", text, re.IGNORECASE))
    return bool(re.search(r",\s*ngày", last, re.IGNORECASE) and not re.search(r"(19|20)\d\d\s*$", last)
                and re.match(r"^((tháng\s*\d{1,2}\s*)?năm\s*)?(19|20)\d\d$", text, re.IGNORECASE))


def _pieces_bold(located: Located, start: int, end: int) -> bool | None:
    """The weight of pieces ``start:end`` of a line in columns (the whole line's without pieces)."""
    pieces = located.part_bold
    if pieces is None or len(pieces) < end:
        return located.bold
    known = [b for b in pieces[start:end] if b is not None]
    return all(known) if known else None


def _split_footer_text(view: View) -> None:
    starts = [i for i, l in enumerate(view.lines) if re.match(r"^\s*N[ơo]i\s*nh[ậa]n", l.text, re.IGNORECASE)]
    if not starts:
        return
    for located in view.lines[_block_above(view.lines, starts[0]):starts[0] + 40]:
        parts = [p.strip() for p in _WIDE_GAP.split(located.text) if p.strip()]
        if len(parts) >= 2:
            view.footer_left.append(Located(parts[0], {**located.where, "part": 0}, _pieces_bold(located, 0, 1)))
            view.footer_right.append(Located(parts[-1], {**located.where, "part": len(parts) - 1},
                                             _pieces_bold(located, len(parts) - 1, len(parts))))
        elif located.text.lstrip().startswith(("-", "–", "+", "•")) or re.match(r"^\s*N[ơo]i", located.text):
            view.footer_left.append(located)
        else:
            view.footer_right.append(located)
