"""Số và ký hiệu: '166/QĐ-SXD', '15/2023/QĐ-UBND', '12A/2020/TT-BTC', '36-HD/VPTW' (Party style)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .doctypes import TYPES

# "Số:" with the OCR slips seen in scans (Sô, Sé, S6, S8, So; its S read as "§" or "$") and optional colon or dot
_PREFIX = r"(?:[S§$][ốôóòoồổ6é8][\s.]?|SỐ)\s*[:;.]?"
_SYMBOL = r"[A-Za-zĐđ][A-Za-zĐđ0-9&.]*(?:\s*-\s*[A-Za-zĐđ0-9&.]+)*"
NUMBER = re.compile(
    rf"{_PREFIX}\s*(?P<n>\d{{1,6}}[A-Za-z]?|[.…_\s]*)\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?(?P<sym>{_SYMBOL})")
PARTY = re.compile(rf"{_PREFIX}\s*(?P<n>\d{{1,6}}[A-Za-z]?|[.…_\s]*)\s*-\s*(?P<type>[A-Za-zĐđ]+)\s*/\s*(?P<sym>{_SYMBOL})")


@dataclass(frozen=True, slots=True)
class Number:
    number: str | None  # normalised, None when the number itself is blank (unsigned draft)
    notation: str  # the symbol after the number and year: 'QĐ-SXD'
    raw: str
    party_type: str | None = None


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_number(line: str) -> Number | None:
    """The number on a 'Số: ...' line, or None if the line carries none."""
    party = PARTY.search(line)
    if party and party.start() < 3:
        n = party.group("n").strip(" .…_")
        sym = _compact(party.group("sym")).rstrip(".")
        value = f"{n}-{party.group('type')}/{sym}" if n else None
        return Number(value, sym, party.group(0), party.group("type"))
    match = NUMBER.search(line)
    if not match:
        return None
    n = match.group("n").strip(" .…_")
    sym = _compact(match.group("sym")).rstrip(".")
    year = match.group("year")
    notation = sym
    value = None
    if n:
        value = f"{n}/{year}/{sym}" if year else f"{n}/{sym}"
    return Number(value, notation, match.group(0))


_SYMBOL_ONLY = re.compile(rf"^\s*{_PREFIX}\s*\S{{1,6}}(?:\s+|\s*/\s*)(?P<sym>[A-ZĐ][A-ZĐ0-9]*(?:-[A-Za-zĐđ0-9]+)+)\b")


def read_symbol_only(line: str) -> Number | None:
    """'Số: 4H09 BCA-C04', 'Số:69đ /BCA-C04': a number written by hand and unreadable, but the symbol
    still tells what the document is; the number itself is unknown."""
    match = _SYMBOL_ONLY.search(line)
    return Number(None, match.group("sym"), match.group(0)) if match else None


def joint_issuers(notation: str | None) -> int:
    """How many bodies issue a joint document ("TTLT-TANDTC-VKSNDTC-BTP" -> 3); 0 when not joint."""
    groups = [g for g in (notation or "").split("-") if g]
    if len(groups) < 3 or not groups[0].upper().endswith("LT"):
        return 0
    return len(groups) - 1


# codes of central bodies in number symbols, which OCR misreads letter by letter ("BTP" as "BIP")
BODY_CODES = frozenset((
    "BCA", "BCT", "BGDĐT", "BGTVT", "BKHCN", "BKHĐT", "BLĐTBXH", "BNG", "BNNPTNT", "BNV", "BQP", "BTC", "BTNMT",
    "BTP", "BTTTT", "BVHTTDL", "BXD", "BYT", "KTNN", "NHNN", "TANDTC", "TTCP", "UBDT", "VKSNDTC", "VPCP"))
_LOOKALIKES = {"I": "T1L", "T": "I", "1": "I", "O": "0D", "0": "OD", "D": "0O"}
_TYPE_SYMBOLS = frozenset(abbreviation for _, abbreviation in TYPES)  # as printed: "TTr", "QyĐ"


def correct_symbol(number: str | None) -> str | None:
    """A number read by OCR with one letter of a known body code or type symbol mistaken
    ("…-VKSNDTC-BIP" -> "…-VKSNDTC-BTP", "736/TIr-UBND" -> "736/TTr-UBND"): a group is changed only
    when it is no known code and exactly one look-alike spelling is."""
    if not number or "/" not in number:
        return number
    head, symbol = number.rsplit("/", 1)
    groups = symbol.split("-")
    for index, group in enumerate(groups):
        if group in BODY_CODES or index == 0 and group in _TYPE_SYMBOLS:
            continue
        # the first group is the type (QĐ, TTr) or, in a công văn, the issuer itself
        known = _TYPE_SYMBOLS if index == 0 else BODY_CODES
        variants = {group[:k] + other + group[k + 1:] for k, letter in enumerate(group)
                    for other in _LOOKALIKES.get(letter, "")} & known
        if len(variants) == 1:
            groups[index] = variants.pop()
    return f"{head}/{'-'.join(groups)}"


def normalise(number: str) -> str:
    """A number as stored: no 'Số:', no spaces, case kept."""
    return _compact(re.sub(rf"^{_PREFIX}", "", number.strip()))


_INITIAL_LOOKALIKES = {frozenset(pair) for pair in ("DĐ", "IT", "O0", "I1", "IL")}


def initials(body: str | None) -> str | None:
    """A body's code as Nghị định 30 forms it, from the first letters of its name's words, "và"
    and dashes aside: "SỞ KẾ HOẠCH VÀ ĐẦU TƯ" -> "SKHĐT"."""
    words = [w for w in re.findall(r"[^\W\d_]+", body or "") if w.lower() != "và"]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else None


def match_initials(number: str | None, bodies: list[str | None]) -> str | None:
    """A number whose body code OCR read one look-alike letter off the issuing body's initials
    ("505/TB-SKHDT" for SỞ KẾ HOẠCH VÀ ĐẦU TƯ -> "505/TB-SKHĐT"), put right; else as read."""
    if not number or "/" not in number:
        return number
    head, symbol = number.rsplit("/", 1)
    codes = {c for c in (initials(b) for b in bodies) if c}
    groups = symbol.split("-")
    for index, group in enumerate(groups):
        for code in codes:
            if len(code) == len(group) and code != group:
                apart = [(a, b) for a, b in zip(group, code) if a != b]
                if len(apart) == 1 and frozenset(apart[0]) in _INITIAL_LOOKALIKES:
                    groups[index] = code
    return f"{head}/{'-'.join(groups)}"
