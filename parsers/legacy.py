"""TCVN3 (ABC) and VNI text turned into Unicode NFC (Quy chế Điều 5.2, TCVN 6909:2001).

Legacy text reaches us as Unicode strings whose characters are the Latin-1 code points of the old
bytes (``QuyÕt ®Þnh`` for TCVN3, ``Quyeát ñònh`` for VNI), because Word, LibreOffice and PDF
extractors read those bytes as Windows-1252/Latin-1. Conversion therefore works on strings.

- TCVN3 is one byte per letter. It has no upper-case toned letters: capitals are drawn by the
  ``.VnTimeH``-style fonts at the lower-case code points, so text in such a font is upper-cased.
- VNI is a base letter followed by a mark byte; decoding takes the longest match.

Tables: ``shared/reference/vietnamese-text-and-libraries.md`` §2.2–2.3 (Unikey's, checked against
glibc's TCVN5712-1 charmap).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Literal

Encoding = Literal["TCVN3", "VNI"]

# TCVN3 byte (as a Latin-1 character) -> Unicode letter.
_TCVN3_BYTES = (
    "A1=Ă A2=Â A3=Ê A4=Ô A5=Ơ A6=Ư A7=Đ A8=ă A9=â AA=ê AB=ô AC=ơ AD=ư AE=đ B5=à B6=ả B7=ã B8=á "
    "B9=ạ BB=ằ BC=ẳ BD=ẵ BE=ắ C6=ặ C7=ầ C8=ẩ C9=ẫ CA=ấ CB=ậ CC=è CE=ẻ CF=ẽ D0=é D1=ẹ D2=ề D3=ể "
    "D4=ễ D5=ế D6=ệ D7=ì D8=ỉ DC=ĩ DD=í DE=ị DF=ò E1=ỏ E2=õ E3=ó E4=ọ E5=ồ E6=ổ E7=ỗ E8=ố E9=ộ "
    "EA=ờ EB=ở EC=ỡ ED=ớ EE=ợ EF=ù F1=ủ F2=ũ F3=ú F4=ụ F5=ừ F6=ử F7=ữ F8=ứ F9=ự FA=ỳ FB=ỷ FC=ỹ "
    "FD=ý FE=ỵ"
)
TCVN3_DECODE: dict[str, str] = {
    chr(int(code, 16)): letter for code, letter in (pair.split("=") for pair in _TCVN3_BYTES.split())
}
TCVN3_ENCODE: dict[str, str] = {letter: byte for byte, letter in TCVN3_DECODE.items()}
_TCVN3_TABLE = str.maketrans(TCVN3_DECODE)

# VNI: tones as mark bytes (lower-case mark, upper-case mark).
_TONES = {"\u0301": ("ù", "Ù"), "\u0300": ("ø", "Ø"), "\u0309": ("û", "Û"), "\u0303": ("õ", "Õ"),
          "\u0323": ("ï", "Ï")}
# circumflex and breve combine with the tone into one mark byte; index by tone ('' = none).
_CIRCUMFLEX = {"": ("â", "Â"), "\u0301": ("á", "Á"), "\u0300": ("à", "À"), "\u0309": ("å", "Å"),
               "\u0303": ("ã", "Ã"), "\u0323": ("ä", "Ä")}
_BREVE = {"": ("ê", "Ê"), "\u0301": ("é", "É"), "\u0300": ("è", "È"), "\u0309": ("ú", "Ú"),
          "\u0303": ("ü", "Ü"), "\u0323": ("ë", "Ë")}
# letters VNI writes as one byte
_VNI_SINGLE = {"đ": "ñ", "Đ": "Ñ", "ơ": "ô", "Ơ": "Ô", "ư": "ö", "Ư": "Ö", "í": "í", "Í": "Í",
               "ì": "ì", "Ì": "Ì", "ỉ": "æ", "Ỉ": "Æ", "ĩ": "ó", "Ĩ": "Ó", "ị": "ò", "Ị": "Ò",
               "ỵ": "î", "Ỵ": "Î"}

VOWELS = "aăâeêioôơuưy"
VIETNAMESE_LETTERS: tuple[str, ...] = tuple(
    unicodedata.normalize("NFC", base + tone)
    for base in VOWELS
    for tone in ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
) + ("đ",)
ALL_LETTERS: tuple[str, ...] = VIETNAMESE_LETTERS + tuple(c.upper() for c in VIETNAMESE_LETTERS)
#: the 134 letters (67 lower, 67 upper) that carry a Vietnamese diacritic
DIACRITIC_LETTERS: tuple[str, ...] = tuple(c for c in ALL_LETTERS if not c.isascii())
_TONE_MARKS = set(_TONES)


def _split(letter: str) -> tuple[str, str, str]:
    """(ASCII base, vowel sign, tone) of a Vietnamese letter."""
    decomposed = unicodedata.normalize("NFD", letter)
    base, marks = decomposed[0], decomposed[1:]
    sign = "".join(m for m in marks if m in "\u0302\u0306\u031b")
    tone = "".join(m for m in marks if m in _TONE_MARKS)
    return base, sign, tone


def _vni_encode_letter(letter: str) -> str:
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    base, sign, tone = _split(letter)
    upper = base.isupper()
    if sign == "\u031b":  # horn: ơ/ư are single bytes that take a tone mark
        horned = unicodedata.normalize("NFC", base + "\u031b")
        return _VNI_SINGLE[horned] + (_TONES[tone][upper] if tone else "")
    if sign == "\u0302":
        return base + _CIRCUMFLEX[tone][upper]
    if sign == "\u0306":
        return base + _BREVE[tone][upper]
    return base + (_TONES[tone][upper] if tone else "")


VNI_ENCODE: dict[str, str] = {letter: _vni_encode_letter(letter) for letter in ALL_LETTERS}
VNI_DECODE: dict[str, str] = {code: letter for letter, code in VNI_ENCODE.items() if len(code) > 1
                              or code != letter}
# Mixed-case sequences (upper base with lower mark) happen in hand-typed text; decode by the base.
for _letter, _code in list(VNI_ENCODE.items()):
    if len(_code) == 2:
        _swapped = _code[0] + (_code[1].lower() if _code[1].isupper() else _code[1].upper())
        VNI_DECODE.setdefault(_swapped, _letter)
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_DECODE, key=len, reverse=True)))


def decode_tcvn3(text: str, *, upper: bool = False) -> str:
    converted = text.translate(_TCVN3_TABLE)
    return unicodedata.normalize("NFC", converted.upper() if upper else converted)


def decode_vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: VNI_DECODE[m.group(0)], text))


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 characters; capitals with tone marks become their lower-case byte."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch])
        elif ch.lower() in TCVN3_ENCODE and ch.lower() != ch and ch not in "ĂÂÊÔƠƯĐ":
            out.append(TCVN3_ENCODE[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def encode_vni(text: str) -> str:
    return "".join(VNI_ENCODE.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# --- detection ------------------------------------------------------------------------------------

def encoding_of_font(font: str | None) -> tuple[Encoding | None, bool]:
    """(encoding, upper-case font) for a font name: ``.VnTimeH`` -> ("TCVN3", True)."""
    if not font:
        return None, False
    name = font.strip().split(",")[0].strip().lstrip("+")
    name = name.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", name) else name  # PDF subset prefix
    lowered = name.lower()
    if lowered.startswith(".vn") or lowered.startswith("vn") and not lowered.startswith("vni"):
        core = re.sub(r"[-,]?(bold|italic|bolditalic|regular)$", "", name, flags=re.I)
        return "TCVN3", core.endswith("H")
    if re.match(r"^vni[- _]", lowered):
        return "VNI", False
    return None, False


_UNICODE_VIETNAMESE = re.compile("[\u0102\u0103\u0110\u0111\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_HIGH_LATIN1 = re.compile("[\u00a0-\u00ff]")
# a word: Latin and Vietnamese letters plus the Latin-1 symbols that legacy encodings use as letters
# (¬ = ơ, soft hyphen = ư); written as ranges, as a category class ("[^\W\d_]") is slower to match
_WORD = re.compile(r"[A-Za-z\u00a1-\u02ff\u1e00-\u1eff]+")
_VIETNAMESE_SET = frozenset(ALL_LETTERS)
_FOREIGN = frozenset(chr(c) for c in range(0xA0, 0x100)) - _VIETNAMESE_SET
_INITIALS = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
_NUCLEI = (r"(?:uyê|uya|uyu|iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|"
           r"oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|ưa|ưi|ưu|ươ|uy|yê|[aăâeêioôơuưy])")
_SYLLABLE = re.compile(rf"^{_INITIALS}{_NUCLEI}(?:ch|ng|nh|[cmnpt])?$")


@functools.lru_cache(maxsize=65536)
def _is_good(word: str) -> bool:
    return len(word) == 1 or _is_syllable(word)


@functools.lru_cache(maxsize=65536)
def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in decomposed if c in _TONE_MARKS) > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    return bool(_SYLLABLE.match(toneless))


def _score(converted: str) -> float:
    """Share of the words that carry Vietnamese letters and are well-formed syllables."""
    words = [w for w in _WORD.findall(converted) if not w.isascii()]
    if not words:
        return 0.0
    good = sum(1 for w in words if _is_syllable(w) and not _FOREIGN.intersection(w))
    return good / len(words)


def syllable_quality(text: str, sample: int = 1500) -> float | None:
    """Share of the words that are well-formed Vietnamese syllables (or one-letter tokens) in the
    first ``sample`` characters (about 250 words: enough to tell text from garble);
    ``None`` for text without accented letters, where the measure means nothing."""
    if text.isascii() or not any(c.isalpha() and not c.isascii() for c in text):
        return None
    words = _WORD.findall(text[:sample])
    if not words:
        return None
    return sum(map(_is_good, words)) / len(words)


def detect(text: str) -> Encoding | None:
    """Guess the legacy encoding of text that has no font information; ``None`` for Unicode."""
    if _UNICODE_VIETNAMESE.search(text):
        return None
    if len(_HIGH_LATIN1.findall(text)) < 3:
        return None
    before = _score(text)
    scores = {"TCVN3": _score(decode_tcvn3(text)), "VNI": _score(decode_vni(text))}
    best = max(scores, key=lambda k: (scores[k], k == "TCVN3"))
    if scores[best] >= 0.6 and scores[best] > before + 0.2:
        return best  # type: ignore[return-value]
    return None


def convert(text: str, encoding: Encoding, *, upper: bool = False) -> str:
    if encoding == "TCVN3":
        return decode_tcvn3(text, upper=upper)
    converted = decode_vni(text)
    return converted.upper() if upper else converted


def is_legacy_candidate(text: str) -> bool:
    """Text that could be legacy bytes: nothing beyond Latin-1, and some Latin-1 letters."""
    return all(ord(c) < 0x100 for c in text) and bool(_HIGH_LATIN1.search(text))
