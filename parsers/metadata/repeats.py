"""A scan's subject checked against the document's own body, as a clerk reads a smudged word where
the document says it again: the body repeats a decision's subject ("Bãi bỏ toàn bộ Quyết định
số …" in Điều 1) and keeps using the acronyms of a letter's subject ("thuế TNDN")."""

from __future__ import annotations

import re

from .doctypes import fold

_ACRONYM = re.compile(r"(?<!\w)[A-ZĐ]{2,}\d*(?!\w)")


def correct_acronyms(subject: str, text: str, unsure: set[str]) -> str:
    """An acronym OCR was unsure of in the subject ("thuế ITNIN", confidence 0.34) that the rest of
    the document never uses, put right to the one acronym the document uses again and again that is
    at most two letters off ("TNDN"), as a clerk reads a smudged word from the body."""
    counts: dict[str, int] = {}
    for found in _ACRONYM.findall(text):
        counts[found] = counts.get(found, 0) + 1

    def put_right(match: re.Match[str]) -> str:
        word = match.group(0)
        if word not in unsure or counts.get(word, 0) > 1:
            return word
        near = [a for a, n in counts.items() if n >= 3 and len(a) >= 3 and _distance(a, word) <= 2]
        return near[0] if len(near) == 1 else word

    return _ACRONYM.sub(put_right, subject)


def _distance(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


_WORD = re.compile(r"\S+")
_ANCHOR = 5  # words that must open and close the repeat as they open and close the subject


def repeated_subject(subject: str, text: str) -> str | None:
    """The body's repeat of an OCR'd subject into which a stamp printed across it put words of its
    own ("… năm 2010 ảo hs BIỆN TỪ Chính Phủ) Tam la Thủ tướng …"): a run of the text that opens
    and closes with the subject's first and last five words, is shorter than the subject, and is
    not the subject itself (of runs ending together, the innermost: a heading "Bãi bỏ toàn bộ Quyết
    định" may open the paragraph that repeats it); of several, the one that opens as the subject
    does ("Bãi bỏ", not a sentence's "bãi bỏ") and shares most of its words. None when there is no
    such run."""
    words = _WORD.findall(subject)
    if len(words) < 2 * _ANCHOR + 1:
        return None
    head = [fold(w).rstrip(".;,") for w in words[:_ANCHOR]]
    tail = [fold(w).rstrip(".;,") for w in words[-_ANCHOR:]]
    body = _WORD.findall(text)
    folded = [fold(w).rstrip(".;,") for w in body]
    known = set(words)
    found: dict[int, tuple[tuple[bool, int], str]] = {}  # by where the run ends: the innermost run
    for start in range(len(body) - _ANCHOR):
        if folded[start:start + _ANCHOR] != head:
            continue
        for end in range(start + 2 * _ANCHOR, min(len(body), start + len(words) - 1) + 1):
            if folded[end - _ANCHOR:end] == tail:
                run = body[start:end]
                repeat = " ".join(run).rstrip(".;,")
                if len(repeat) >= 0.7 * len(subject):
                    found[end] = ((run[0][0] == words[0][0], sum(w in known for w in run)), repeat)
                break
    return max(found.values())[1] if found else None


_MORE = 3  # words a stamp may have hidden at the head of a subject


def subject_named_in_body(subject: str, text: str, doc_type: str | None) -> str | None:
    """A scan's subject whose first words a stamp covered ("lẫn thi hành … gia đình": it opens in
    lower case, where a subject opens with a capital), from the body's preamble, which names the
    document by its type and its subject ("… ban hành Thông tư liên tịch hướng dẫn thi hành …"):
    the words after the type name up to the subject's last five, when they end with every word
    OCR read after its first (a fragment, and no word of the body's run: that run is the subject
    itself) and add at most three. None when the body has no such run."""
    words = _WORD.findall(subject)
    if not doc_type or len(words) < _ANCHOR + 1 or not words[0][:1].islower():
        return None
    named = fold(doc_type).split()
    read = [fold(w).rstrip(".;,") for w in words[1:]]
    body = _WORD.findall(text)
    folded = [fold(w).rstrip(".;,") for w in body]
    for at in range(len(body) - len(named)):
        if folded[at:at + len(named)] != named:
            continue
        start = at + len(named)
        for end in range(start + len(words) - 1, min(len(body), start + len(words) + _MORE) + 1):
            if folded[end - len(read):end] == read and folded[end - len(read) - 1] != fold(words[0]):
                run = " ".join(body[start:end]).rstrip(".;,")
                return run[:1].upper() + run[1:]
    return None
