"""The signers of a joint document, one block per issuing body, read column by column
(``parsers.signing_blocks``) or cell by cell: each block's authority (its prefix and post, then
its body), title and name, joined across the blocks with "; " in the order they stand, left to
right.

A scan's blocks are read from their own cut-outs (``Page.reread["signature"]``), since seals and
signatures over them make Tesseract drop them from the page. Its post is read from the letters of
the prefix line ("KT.CHÁNHÁN" is "KT. CHÁNH ÁN"), its body is the issuing body of the header it
is nearest to ("BÔxLU PHÁP" is "BỘ TƯ PHÁP"), a title OCR garbled is the deputy's title the
prefix implies, and a name is given only when every block has one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from .. import signing_blocks
from ..base import Table
from .doctypes import fold
from .fields import is_name, strip_rank
from .phrases import TITLES, phrases
from .view import Located
from .vocabulary import correct, correct_surname, deputy_title, is_known_title

if TYPE_CHECKING:
    from ..base import Line, Parsed

_PREFIX = re.compile(r"^\W*(KT|TM|TL|TUQ)\s*\.\s*", re.IGNORECASE)
_POSTS = sorted(phrases(TITLES), key=len, reverse=True)
_CLOSE = 0.6  # how alike (difflib's ratio of their letters) a line and an issuing body must be


@dataclass(slots=True)
class Signers:
    names: str | None
    titles: str
    authorities: str
    where: Located
    titles_inferred: bool = False  # a title garbled under a seal, given as the prefix implies


def read(parsed: "Parsed", issuers: Sequence[str]) -> Signers | None:
    """The joint signers, from a table whose cells open with signing prefixes (DOCX, ODT, DOC) or
    the first page with a row of two or more of them above "Nơi nhận"; ``issuers`` are the
    header's bodies, which a scan's body lines are matched to."""
    if parsed.blocks:
        return _from_table(parsed.blocks)
    ocr = parsed.text_source == "ocr"
    for page in parsed.pages:
        found = signing_blocks.prefix_row(page.lines, page.height)
        if found is None:
            continue
        row, label = found
        centres = signing_blocks.columns(row)
        lines = (page.reread.get("signature") if ocr else None) or [
            line for line in page.lines if row.box[1] <= line.box[1] < label.box[1]]
        blocks = _blocks(lines, centres)
        read_blocks = [_block(texts, issuers, ocr) for texts in blocks]
        if any(b is None for b in read_blocks):
            return None
        first = next(i for i, line in enumerate(page.lines) if line.words and line.words[0] in row.words)
        return _joined(read_blocks, Located(row.text, {"page": page.number, "line": first}))
    return None


def _from_table(blocks: list) -> Signers | None:
    for index, block in enumerate(blocks):
        if not isinstance(block, Table):
            continue
        for r, row in enumerate(block.rows):
            texts = [[t.strip() for t in cell.text.splitlines() if t.strip()] for cell in row]
            texts = [t for t in texts if t]
            if len(texts) < 2 or not all(_PREFIX.match(t[0]) for t in texts):
                continue
            read_blocks = [_block(t, (), False) for t in texts]
            if any(b is None for b in read_blocks):
                return None
            return _joined(read_blocks, Located(row[0].text, {"table": index, "row": r, "cell": 0}))
    return None


def _joined(read_blocks: list, where: Located) -> Signers:
    names = [b[2] for b in read_blocks]
    return Signers("; ".join(names) if all(names) else None, "; ".join(b[1] for b in read_blocks),
                   "; ".join(b[0] for b in read_blocks), where, any(b[3] for b in read_blocks))


def _blocks(lines: Sequence["Line"], centres: list[float]) -> list[list[str]]:
    """Each block's lines, top to bottom: every line's words put in the block they are nearest."""
    blocks: list[list[str]] = [[] for _ in centres]
    for line in sorted(lines, key=lambda l: l.box[1]):
        parts: list[list[str]] = [[] for _ in centres]
        for word in line.words:
            parts[signing_blocks.nearest(word, centres)].append(word.text)
        for block, words in zip(blocks, parts):
            text = re.sub(r"^[\W_]+|[\W_]+$", "", " ".join(words))
            if text:
                block.append(text)
    return blocks


def _block(texts: list[str], issuers: Sequence[str], ocr: bool) -> tuple[str, str, str | None, bool] | None:
    """(authority, title, name, whether the title was inferred) of one block: its prefix line, its
    body (the lines down to the title), its title and its name; None when it does not open with a
    signing prefix."""
    at = next((i for i, t in enumerate(texts) if _PREFIX.match(t)), None)
    if at is None:
        return None
    prefix = _PREFIX.match(texts[at])
    post = _post(texts[at][prefix.end():]) if ocr else texts[at][prefix.end():].strip()
    if not post:
        return None
    head = f"{prefix.group(1).upper()}. {post}"
    rest = [correct(t) if ocr else t for t in texts[at + 1:]]
    names = [t for t in rest if is_name(t)]
    upper = rest[:rest.index(names[-1])] if names else rest
    titled = next((i for i, t in enumerate(upper) if is_known_title(t)), None)
    if titled is not None:
        body, title = " ".join(upper[:titled]), upper[titled]
    else:  # OCR garbled the title under a seal: the line after the body, as the prefix implies
        body, title = (upper[0] if upper else ""), deputy_title(head) or ""
    if ocr:
        body = _body(body, issuers) or ""
    name = (correct_surname(strip_rank(names[-1])) if ocr else strip_rank(names[-1])) if names else None
    return (f"{head} {body}" if body else head), title, name, titled is None


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", fold(text))


def _post(text: str) -> str | None:
    """The post a prefix line names, read from its letters: "CHÁNHÁN ," -> "CHÁNH ÁN"."""
    letters = _letters(text)
    return next((post for post in _POSTS if letters.startswith(_letters(post))), None)


def _body(text: str, issuers: Sequence[str]) -> str | None:
    """The issuing body a block's body line names: the header's body it is most alike; None when
    it is like none (a title OCR garbled)."""
    scored = [(difflib.SequenceMatcher(None, _letters(text), _letters(issuer)).ratio(), issuer)
              for issuer in issuers]
    best = max(scored, default=(0.0, None))
    return best[1] if best[0] >= _CLOSE else None

