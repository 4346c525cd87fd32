"""OCR slips in capitalised names of bodies and posts, put right by their unaccented form.

Tesseract often gets a diacritic wrong ("THỨ TRƯƠNG", "GIÁM ĐÓC", "LÂM ĐÒNG"). Single words
collide once accents are dropped (THỨ/THỦ, ĐỒNG/ĐỘNG), phrases rarely do: a run of words whose
unaccented form is that of a known title or body name is replaced by the phrase, longest first.
Only the issuing-body, title and authority lines of OCR'd documents are corrected."""

from __future__ import annotations

import re

from .doctypes import fold

PHRASES = """
PHÓ THỦ TƯỚNG|THỦ TƯỚNG|THỦ TƯỚNG CHÍNH PHỦ|THỨ TRƯỞNG|BỘ TRƯỞNG|PHÓ GIÁM ĐỐC|GIÁM ĐỐC|PHÓ CHỦ TỊCH|CHỦ TỊCH
|PHÓ CHÁNH VĂN PHÒNG|CHÁNH VĂN PHÒNG|CỤC TRƯỞNG|PHÓ CỤC TRƯỞNG|VỤ TRƯỞNG|PHÓ VỤ TRƯỞNG|VIỆN TRƯỞNG
|PHÓ VIỆN TRƯỞNG|CHÁNH ÁN|PHÓ CHÁNH ÁN|TỔ TRƯỞNG|TRƯỞNG BAN|PHÓ TRƯỞNG BAN|THƯỜNG TRỰC|CHỦ NHIỆM
|ỦY BAN NHÂN DÂN|UBND TỈNH|HỘI ĐỒNG NHÂN DÂN|CHÍNH PHỦ|VĂN PHÒNG|BỘ CÔNG AN|CÔNG AN TỈNH|BỘ NỘI VỤ
|BỘ TÀI CHÍNH|BỘ TƯ PHÁP|BỘ XÂY DỰNG|BỘ GIÁO DỤC VÀ ĐÀO TẠO|SỞ XÂY DỰNG|SỞ NỘI VỤ|CỤC THUẾ
|TÒA ÁN NHÂN DÂN TỐI CAO|VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO|BAN CHẤP HÀNH TRUNG ƯƠNG|ĐẢNG CỘNG SẢN VIỆT NAM
|LÂM ĐỒNG|KON TUM|BÌNH THUẬN|HẢI DƯƠNG|PHÚ THỌ|HÀ NỘI|TỈNH|THÀNH PHỐ|KT.|TM.|TL.|TUQ.
"""
_CANONICAL: dict[tuple[str, ...], list[str]] = {}
for _phrase in (p.strip() for p in PHRASES.replace("\n", "").split("|") if p.strip()):
    _words = _phrase.split()
    _CANONICAL[tuple(fold(w) for w in _words)] = _words
_LONGEST = max(len(k) for k in _CANONICAL)


def correct(text: str | None) -> str | None:
    """A capitalised line with known phrases put right and punctuation noise at its ends dropped."""
    if not text:
        return text
    words = re.sub(r"^[\W_]+|[\W_]+$(?<![.)])", "", text).split()
    folded = [fold(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            canonical = _CANONICAL.get(tuple(folded[i:i + size]))
            if canonical and all(w.isupper() or not w.isalpha() for w in words[i:i + size]):
                out += canonical
                i += size
                break
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


# Fixed phrases of Nơi nhận lists, in the case they are usually printed
RECIPIENT_PHRASES = (
    "Như trên", "Như Điều", "để báo cáo", "để b/c", "để biết", "để thực hiện", "để phối hợp", "để theo dõi",
    "để chỉ đạo", "Cổng thông tin điện tử", "Cổng TTĐT", "Lưu", "Bộ trưởng", "Thứ trưởng", "Các Thứ trưởng",
    "Văn phòng Chính phủ", "Chính phủ", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc",
)
_MIXED: dict[tuple[str, ...], list[str]] = {tuple(fold(w) for w in p.split()): p.split() for p in RECIPIENT_PHRASES}
_MIXED_LONGEST = max(len(k) for k in _MIXED)


def _same_case(model: str, word: str) -> str:
    return model[:1].upper() + model[1:] if word[:1].isupper() else model[:1].lower() + model[1:]


def correct_phrases(text: str) -> str:
    """A recipient entry with the fixed phrases put right, keeping the case of each first letter:
    "Nhu trên" -> "Như trên", "(đê báo cáo)" -> "(để báo cáo)"."""
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


def deputy_title(authority: str | None) -> str | None:
    """The title of a deputy signing "KT." for the head (NĐ 30): KT. BỘ TRƯỞNG -> THỨ TRƯỞNG."""
    if not authority:
        return None
    last = authority.split(" / ")[-1].strip()
    match = re.match(r"^K/?T\.?\s+(.+)$", last)
    if not match:
        return None
    head = match.group(1).strip()
    return "THỨ TRƯỞNG" if head.startswith("BỘ TRƯỞNG") else f"PHÓ {head}"


def is_known_title(title: str | None) -> bool:
    return bool(title) and tuple(fold(w) for w in title.split()) in _CANONICAL
