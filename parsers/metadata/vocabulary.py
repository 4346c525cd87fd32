"""OCR slips in the metadata of scanned documents, put right where the intended words are known.

Tesseract often gets a diacritic wrong ("THỨ TRƯƠNG", "GIÁM ĐÓC", "tô chức"). Single words
collide once accents are dropped (THỨ/THỦ, tô/tổ), phrases rarely do: a run of words whose
unaccented form is that of a known phrase is replaced by the phrase, longest first. Capitalised
lines (issuer, title, authority) are matched against posts and bodies; free text (subject,
recipients) against the administrative phrases of ``phrases.py``; a place against the provinces; a
signer's first name-word against the common surnames. Recipient entries are also cleaned of
specks and split where OCR ran two together. A word that is no Vietnamese word at all because
its tone mark was dropped ("Chuân") gets it back where only one word of Tesseract's own Vietnamese
word list fits. Text-layer documents are never corrected.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from .doctypes import fold
from .phrases import CAPITALISED, COMMON, PLACES, RECIPIENT_PHRASES, SURNAMES, TITLES, phrases

_SPECK_END = re.compile(r"\s+[\u02b0-\u02ff]+$")  # a speck read as a spacing mark: "ĐÀO TẠO ˆ"


def _places_in_capitals() -> str:
    """Places as a header prints them, alone and after the kind of unit ("TỈNH KON TUM", "HUYỆN SA THẦY"):
    a phrase OCR glued ("TỈNHKON TUM") or lost a mark of ("SA THAY") is put right as a whole."""
    kinds = ("", "TỈNH ", "HUYỆN ", "THÀNH PHỐ ", "THỊ XÃ ")
    return "|".join(kind + place for place in phrases(PLACES) for kind in kinds)


def _keyed(block: str) -> dict[tuple[str, ...], list[str]]:
    return {tuple(fold(w) for w in p.split()): p.split() for p in phrases(block)}


# a header or signature line in capitals: its posts, bodies and places, and the common words of
# subjects in capitals ("PHÒNG KINH TẾ VÀ HẠ TẦNG"); the capitalised list wins where both have a phrase
_CANONICAL = {**{k: [w.upper() for w in v] for k, v in _keyed(COMMON).items()},
              **{k: [w.upper() for w in v] for k, v in _keyed(_places_in_capitals()).items()}, **_keyed(CAPITALISED)}
_TITLES = _keyed(TITLES)
_LONGEST_TITLE = max(len(k) for k in _TITLES)
_LONGEST = max(len(k) for k in _CANONICAL)
_GLUED = {"".join(k): v for k, v in _CANONICAL.items() if len(k) > 1}
_LONG_NAMES = {k: v for k, v in _CANONICAL.items() if len(k) >= 5}


_PREFIX_MARK = re.compile(r"^(TM|KT|TL|TUQ)[:;,]$")  # "KT:" for "KT.": OCR took the dot for a colon


def correct(text: str | None) -> str | None:
    """A capitalised line with known phrases put right and noise at its ends dropped; the parts
    of an authority ("TL. CỤC TRƯỞNG / KT. TRƯỞNG BAN") and the bodies of a joint document each
    on their own."""
    if not text:
        return text
    parts = re.split(r"( / |; )", text)  # authorities' levels; the bodies of a joint document
    return "".join(part if i % 2 else _correct_line(part) for i, part in enumerate(parts))


def _correct_line(text: str) -> str:
    words = re.sub(r"^[\W_]+|[\W_]+$(?<![.)])", "", _SPECK_END.sub("", text)).split()
    words = [w for w in words if re.search(r"\w", w) or w in ("-", "–", "&")]  # a lone "|" or "'": a speck
    words = [_PREFIX_MARK.sub(r"\1.", w) for w in words[:1]] + words[1:]
    if len(words) > 1 and re.fullmatch(r"[^\W\d_]{3,}\.", words[-1]):
        words[-1] = words[-1][:-1]  # "HUYỆN SA THẦY.": a speck; "KT.", "TP." keep theirs
    while len(words) > 1 and not any(c.isupper() or c.isdigit() for c in words[-1]):
        words.pop()  # "TL. CỤC TRƯỞNG l": a speck read as a small letter after the capitals
    folded = [fold(w) for w in words]
    capitals = [w.isupper() or not w.isalpha() for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        found = _phrase_at(words, folded, capitals, i)
        if found:
            canonical, used = found
            out += canonical
            i += used
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def _phrase_at(words: list[str], folded: list[str], capitals: list[bool], i: int) -> tuple[list[str], int] | None:
    """(the known phrase, how many read words it replaces) starting at word ``i``: the same
    unaccented words; or words OCR glued together ("BANNHÂN"); or, in a long name (five words or
    more), one word lost to noise ("BỘ GIÁO mg. VÀ ĐÀO TẠO"). ``capitals``: which words are in
    capitals (or not words); only those may be replaced, besides the one noisy word."""
    for size in range(min(_LONGEST, len(words) - i), 0, -1):
        canonical = _CANONICAL.get(tuple(folded[i:i + size]))
        if canonical and all(capitals[i:i + size]):
            return canonical, size
    for size in range(min(3, len(words) - i), 0, -1):
        canonical = _GLUED.get("".join(folded[i:i + size]))
        if canonical and all(capitals[i:i + size]):
            return canonical, size
    for key, canonical in _LONG_NAMES.items():
        read = folded[i:i + len(key)]
        if len(read) != len(key):
            continue
        misses = [k for k, (a, b) in enumerate(zip(read, key)) if a != b]
        if len(misses) == 1 and not words[i + misses[0]].isupper():  # noise, not another word in capitals
            if all(capitals[i + k] for k in range(len(key)) if k != misses[0]):
                return canonical, len(key)
    return None


def _phrase_table(all_phrases: list[str]) -> dict[tuple[str, ...], list[str]]:
    """Unaccented words -> the phrase; a key two phrases share (other than by case) is dropped."""
    table: dict[tuple[str, ...], list[str]] = {}
    ambiguous: set[tuple[str, ...]] = set()
    for phrase in all_phrases:
        key = tuple(fold(w) for w in phrase.split())
        if key in table and [w.lower() for w in table[key]] != phrase.lower().split():
            ambiguous.add(key)
        table.setdefault(key, phrase.split())
    return {k: v for k, v in table.items() if k not in ambiguous}


_MIXED = _phrase_table(list(RECIPIENT_PHRASES) + phrases(COMMON))
_MIXED_LONGEST = max(len(k) for k in _MIXED)
_SURNAMES = {fold(name): name for name in SURNAMES}
# long phrases by all their words but the last: "trực thuộc trung" -> "ương"
_CUT = {key[:-1]: words[-1] for key, words in _MIXED.items() if len(key) >= 4}


def complete_cut_phrase(entry: str) -> str:
    """An OCR'd entry that ends one word short of a long known phrase, its last word lost under a
    stamp or past the margin: "thành phố trực thuộc trung" -> "thành phố trực thuộc trung ương".
    No legitimate entry ends three or more words into such a phrase."""
    tokens = re.findall(r"\w[\w/]*", entry)
    folded = tuple(fold(t) for t in tokens)
    for size in range(min(len(folded), _MIXED_LONGEST - 1), 2, -1):
        last = _CUT.get(folded[-size:])
        if last is not None:
            return f"{entry.rstrip()} {last}"
    return entry


def _same_case(model: str, word: str) -> str:
    return model[:1].upper() + model[1:] if word[:1].isupper() else model[:1].lower() + model[1:]


def correct_phrases(text: str) -> str:
    """OCR'd free text (a recipient entry, a subject) with known phrases put right, keeping the
    case of each first letter: "Nhu trên" -> "Như trên", "(đê báo cáo)" -> "(để báo cáo)",
    "tô chức" -> "tổ chức". Words outside a known phrase are left as read."""
    tokens = re.findall(r"\w[\w/]*|[^\w\s]+|\s+", text)
    words = [i for i, t in enumerate(tokens) if t[:1].isalnum()]
    folded = [fold(tokens[i]) for i in words]
    i = 0
    while i < len(words):
        for size in range(min(_MIXED_LONGEST, len(words) - i), 0, -1):
            canonical = _MIXED.get(tuple(folded[i:i + size]))
            if canonical and all(words[i + k + 1] - words[i + k] <= 2 for k in range(size - 1)):
                for k in range(size):
                    tokens[words[i + k]] = _same_case(canonical[k], tokens[words[i + k]])
                i += size
                break
        else:
            i += 1
    return "".join(tokens)


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def _toneless(word: str) -> str:
    """A word without its tone mark, its letters' own marks kept: "chuẩn" -> "chuân"."""
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONES))


@functools.lru_cache(maxsize=1)
def _words_by_letters() -> tuple[frozenset[str], dict[str, list[str]]]:
    lines = (Path(__file__).with_name("syllables.txt").read_text(encoding="utf-8").splitlines())
    words = frozenset(line for line in lines if line and not line.startswith("#"))
    by_letters: dict[str, list[str]] = {}
    for word in sorted(words):
        by_letters.setdefault(_toneless(word), []).append(word)
    return words, by_letters


def is_syllable(word: str) -> bool:
    """Whether a word (lower case) is a Vietnamese syllable of Tesseract's model."""
    return word in _words_by_letters()[0]


def restore_tones(text: str) -> str:
    """OCR'd words that are no Vietnamese word because their tone mark was dropped, put right where
    one word alone fits: "Chuân chương trình" -> "Chuẩn chương trình", "vôn NSTW" -> "vốn NSTW".
    Known words ("tô", which may be "tổ"), names in capitals and acronyms are left as read."""
    words, by_letters = _words_by_letters()

    def put_back(match: re.Match[str]) -> str:
        word = match.group(0)
        lower = word.lower()
        if lower in words or word.isupper() or _toneless(lower) != lower:
            return word  # a known word, an acronym, or a word with a tone mark (not a dropped one)
        fits = by_letters.get(lower, [])
        if len(fits) != 1:
            return word
        return fits[0].capitalize() if word[0].isupper() else fits[0]

    return re.sub(r"[^\W\d_]{2,}", put_back, text)


_PLACES = {fold(place): place for place in phrases(PLACES)}


def correct_place(place: str | None) -> str | None:
    """A place of issue read with a wrong mark: "Lâm Đông" -> "Lâm Đồng"."""
    return _PLACES.get(fold(place), place) if place else place


def surname_for(word: str) -> str | None:
    """The common surname a word is, marks aside ("Tran" -> "Trần"), or None."""
    return _SURNAMES.get(fold(word))


def correct_surname(name: str | None) -> str | None:
    """A signer's name whose first word is a common surname read without its marks:
    "Nguyên Văn Long" -> "Nguyễn Văn Long". A word that is itself a surname is kept."""
    if not name or len(name.split()) < 2:
        return name
    first, rest = name.split(maxsplit=1)
    if first in SURNAMES or fold(first) not in _SURNAMES:
        return name
    return f"{_SURNAMES[fold(first)]} {rest}"


# a 1 read as a bracket or a bar before a closing bracket ("(Đội ])"), or as I inside a code ("VI80b")
_ONE_IN_BRACKETS = re.compile(r"(?<=\s)[\]|](?=\))|(?<=[A-Z])I(?=\d)")
_ENTRY_BREAK = re.compile(r"\s*;\s*[-–—_~]*\s*")  # "…(để báo cáo); V01, V03…", "…tối cao; _ Viện…"
_NOISE_END = re.compile(r"[\s,;:]+(?:[^\w\s()]+|[\u02b0-\u02ff])$")  # "Bộ Tư pháp, ˆ": specks read as marks


# "Lưu: VT, …": the văn thư's copy is always kept first (NĐ 30, ô 9b); OCR reads its "VT" as "VTF", "VF", "VI"
_ARCHIVE_CLERK = re.compile(r"^(\W*L\w{1,2}\s*[:;.]?\s*)V[TFIl1|]{0,2}(?=[\s,.;]|$)")


_BULLET_READ_AS = re.compile(r"^[=.·•~_]+\s*")  # the dash of an entry read as "=", ".=" or a dot
# "…; _= Lưu: VT": the archive entry run on after a lost line break, its dash read as specks
_ARCHIVE_RUN_ON = re.compile(r";\s*[-–—_~=.·•]*\s*(?=L\w{1,2}\s*[:;.])")


def clean_ocr_entries(entries: list[str]) -> list[str]:
    """Recipient entries of an OCR'd page: entries run together where a line break was lost are
    split at their ";", specks are dropped from the ends, pieces with fewer than three letters
    ("_", "F⁄", "l ù") are dropped, a piece after a ";" must hold two words (a handwritten "Thy 2"
    beside an entry is no recipient), a lone "]" or "|" before a closing bracket and an "I" between
    a capital and a digit are the digit 1, and the "Lưu" entry ends at its full stop (what follows is
    noise) and stands on its own when it ran on after another entry's ";"."""
    out: list[str] = []
    for entry in [part for read in entries for part in _ARCHIVE_RUN_ON.split(read)]:
        entry = _BULLET_READ_AS.sub("", entry.strip())
        if fold(entry).lstrip(" -–+").startswith("luu"):  # the last entry: its ";" is a misread ","
            entry = re.sub(r"^(\W*L\w{1,2})\s*[:;.]\s*", r"\1: ", entry)  # its colon read as ";" or "."
            entry = _ARCHIVE_CLERK.sub(r"\1VT", entry.replace(";", ",")).rstrip(" .")
            entry = re.sub(r",\s*[-–_~]+\s*", ", ", entry)
        for index, piece in enumerate(_ENTRY_BREAK.split(entry)):
            previous = None
            while previous != piece:
                previous, piece = piece, _NOISE_END.sub("", piece).strip()
            piece = piece.strip(" -–—_~=;,:").lstrip(".·- ")  # a speck before the dash: ".- Sở Tài chính"
            if fold(piece).startswith("luu") and ". " in piece:
                piece = piece.split(". ", 1)[0]
            piece = _ONE_IN_BRACKETS.sub("1", piece)
            words = re.findall(r"[^\W\d_]{2,}", piece)
            if sum(c.isalpha() for c in piece) >= 3 and (index == 0 or len(words) >= 2):
                out.append(piece)
    return out


_PURPOSE = re.compile(r"\(\s*(?:đề|đê|dể|đế|để|de)\s+(?!nghị|xuất|án\b)", re.IGNORECASE)  # "(đề b/cáo)"
_ABOUT = re.compile(r"^(?:Và|Vê|Vè|Vẻ|Ve|Vế)\s+việc\b")  # "Và việc công bố…"


_REPORT = re.compile(r"\(để\s+b[/íiec]{1,3}[)}]")  # "(để b/c)", "to report", as OCR reads it: "b/ec)", "bíc}"


# "(b/c)" closing an entry, its c read as "C", "€" or "©", its b as "Đ" ("Đ/c", comrade, opens an entry)
_TO_REPORT = re.compile(r"\(\s*[bĐđ]\s*/\s*[cC€©¢eé]\s*[)}]")


def correct_purpose(entry: str) -> str:
    """A recipient's note of purpose starts with "để" ("(để b/cáo)", "(để th/hiện)"), which OCR
    often reads as "đề"; "(đề nghị …)" and "(đề xuất …)" are left as they are. The common "(để b/c)"
    is put right where OCR read its slash or its bracket as a letter ("(để bíc}", "(để b/ec)"), and
    "(b/c)" where it read the small c as a capital or a currency or copyright sign."""
    return _TO_REPORT.sub("(b/c)", _REPORT.sub("(để b/c)", _PURPOSE.sub("(để ", entry)))


_CONSONANTS = "BCDFGHJKLMNPQRSTVWXZĐ"
_Q_IN_ACRONYM = re.compile(rf"\b(?=[{_CONSONANTS}Ọ]{{3,}}\b)([{_CONSONANTS}]*)Ọ([{_CONSONANTS}]*)\b")


def correct_acronym_letters(text: str) -> str:
    """A Q that OCR read as "Ọ" inside an acronym ("HTỌT" for HTQT, Hợp tác quốc tế): a word of
    capitals whose only vowel is a marked "Ọ" is no Vietnamese word but initials, which carry no
    tone marks ("HỌC" is a word, and is kept)."""
    words, _ = _words_by_letters()
    return _Q_IN_ACRONYM.sub(lambda m: m.group(0) if m.group(0).lower() in words else f"{m.group(1)}Q{m.group(2)}",
                             text)


def correct_about(subject: str) -> str:
    """A subject opening with "Về việc" that OCR read as "Và việc"."""
    return _ABOUT.sub("Về việc", subject)


def deputy_title(authority: str | None) -> str | None:
    """The title of a deputy signing "KT." for the head (NĐ 30): KT. BỘ TRƯỞNG -> THỨ TRƯỞNG,
    KT. TRƯỞNG BAN BAN CHÍNH SÁCH -> PHÓ TRƯỞNG BAN (the head's post, not the body after it)."""
    if not authority:
        return None
    last = authority.split(" / ")[-1].strip()
    match = re.match(r"^K/?T\.?\s+(.+)$", last)
    if not match:
        return None
    head = match.group(1).strip()
    post = _leading_title(head.split()) or head
    return "THỨ TRƯỞNG" if post == "BỘ TRƯỞNG" else f"PHÓ {post}"


def _leading_title(words: list[str]) -> str | None:
    folded = tuple(fold(w) for w in words)
    for size in range(min(len(words), _LONGEST_TITLE), 0, -1):
        if folded[:size] in _TITLES:
            return " ".join(_TITLES[folded[:size]])
    return None


def begins_with_post(text: str) -> bool:
    """Whether a line begins with a known post ("PHÓ TRƯỞNG PHÒNG QUẢN LÝ", "Q. GIÁM ĐỐC"): in a
    signature block, where the signer's title starts under an authority that wrapped."""
    words = re.sub(r"^Q\s*\.\s*", "", text.strip()).split()
    return _leading_title(words) is not None


def is_known_title(title: str | None) -> bool:
    """Whether a title is made of known posts: "PHÓ CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC"."""
    words = (title or "").split()
    while words:
        known = _leading_title(words)
        if known is None:
            return False
        words = words[len(known.split()):]
    return bool(title)
