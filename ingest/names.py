"""A file name as people are shown it: what a sender wrote can hold a NUL (which PostgreSQL
refuses in text), control characters, a right-to-left override that makes "hồ-sơ‮fdp.exe" show
as "hồ-sơexe.pdf", or a thousand characters. The display name drops control, bidirectional and
zero-width characters and is capped, keeping the extension; the name as received is kept beside
it, escaped, in the item's history."""

from __future__ import annotations

import unicodedata

MAX_NAME = 200
_INVISIBLE = {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def display_name(received: str) -> str:
    kept = "".join(" " if c.isspace() else c for c in unicodedata.normalize("NFC", received)
                   if ord(c) not in _INVISIBLE and (c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Co")))
    kept = " ".join(kept.split()).strip(" .")
    if len(kept) > MAX_NAME:
        stem, dot, extension = kept.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            kept = stem[:MAX_NAME - len(extension) - 2].rstrip() + "…." + extension
        else:
            kept = kept[:MAX_NAME - 1].rstrip() + "…"
    return kept or "tep-khong-ten"


def as_received(received: str) -> str:
    """The name exactly as received, with what text cannot hold written as escapes (\\x00, \\u202e)."""
    return "".join(c if c.isprintable() and ord(c) not in _INVISIBLE else c.encode("unicode_escape").decode("ascii")
                   for c in received)
