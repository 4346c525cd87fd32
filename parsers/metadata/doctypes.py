"""Document types of Nghị định 30/2020 (Điều 7, Phụ lục III) and the legal-normative types, with
their abbreviations in numbers, and the website categories of Quy chế 166 Điều 6."""

from __future__ import annotations

import re

import unicodedata

# (name, abbreviation); the abbreviations keep their mixed case (QyĐ, CTr, TTr, TrS)
TYPES: tuple[tuple[str, str], ...] = (
    ("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Quy chế", "QC"), ("Quy định", "QyĐ"),
    ("Thông cáo", "TC"), ("Thông báo", "TB"), ("Hướng dẫn", "HD"), ("Chương trình", "CTr"),
    ("Kế hoạch", "KH"), ("Phương án", "PA"), ("Đề án", "ĐA"), ("Dự án", "DA"), ("Báo cáo", "BC"),
    ("Biên bản", "BB"), ("Tờ trình", "TTr"), ("Hợp đồng", "HĐ"), ("Công điện", "CĐ"),
    ("Bản ghi nhớ", "BGN"), ("Bản thỏa thuận", "BTT"), ("Giấy ủy quyền", "GUQ"), ("Giấy mời", "GM"),
    ("Giấy giới thiệu", "GGT"), ("Giấy nghỉ phép", "GNP"), ("Phiếu gửi", "PG"), ("Phiếu chuyển", "PC"),
    ("Phiếu báo", "PB"), ("Phiếu trình", "PT"),
    # legal-normative documents (văn bản quy phạm pháp luật)
    ("Luật", "QH"), ("Nghị định", "NĐ"), ("Thông tư liên tịch", "TTLT"), ("Thông tư", "TT"),
    ("Pháp lệnh", "PL"), ("Văn bản hợp nhất", "VBHN"),
)
BY_ABBREVIATION = {abbr.upper(): name for name, abbr in TYPES}
NAMES = tuple(sorted((name for name, _ in TYPES), key=len, reverse=True))
CONG_VAN = "Công văn"


def _fold_slowly(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


# every letter with marks in the Latin, Greek, Cyrillic and Vietnamese blocks, to its bare letter
_FOLD_TABLE = {code: _fold_slowly(chr(code)) for block in ((0x80, 0x250), (0x300, 0x370), (0x370, 0x530),
                                                           (0x1E00, 0x1F00))
               for code in range(*block) if _fold_slowly(chr(code)) != chr(code)}


def fold(text: str) -> str:
    """Lower case, no diacritics, đ -> d: for matching, never for display."""
    return text.translate(_FOLD_TABLE).lower()


FOLDED_NAMES = {fold(name): name for name in NAMES}
_BY_FIRST_WORD: dict[str, list[tuple[str, str]]] = {}  # a name's first word -> (folded name, name), longest first
for _key, _name in sorted(FOLDED_NAMES.items(), key=lambda kv: len(kv[0]), reverse=True):
    _BY_FIRST_WORD.setdefault(_key.split(" ", 1)[0], []).append((_key, _name))


_MARK_BEFORE = re.compile(r"(?:thuong khan|hoa toc|khan|tuyet mat|toi mat|mat)\s+(?=\S)")


def type_from_heading(line: str, *, any_case: bool = False) -> tuple[str, str] | None:
    """('Quyết định', rest) when a line starts with a type name in capitals, e.g. 'BIÊN BẢN HỌP';
    with ``any_case`` (the first lines of a document) also 'Biên bản họp nhóm'."""
    stripped = line.strip().lstrip(":;,.'\"`_-–—~|! ")  # OCR leaves punctuation before the heading
    if stripped.isupper():
        stripped = stripped.rstrip(".,;:'`|!_~- ")  # and specks after one in capitals: "BÁO CÁO.", "TỜ TRÌNH _"
    if not stripped or (stripped != stripped.upper() and not (any_case and len(stripped) < 120
                                                               and not stripped.endswith("."))):
        return None
    folded = fold(stripped)
    mark = _MARK_BEFORE.match(folded) if stripped.isupper() else None
    if mark is not None:  # a stamp beside the heading read onto its line: "MẬT THÔNG BÁO"
        stripped, folded = stripped[mark.end():], folded[mark.end():]
    for skip in (0, 1):  # one stray letter glued to the heading: ",OQUYẾT ĐỊNH"
        rest = folded[skip:]
        for key, name in _BY_FIRST_WORD.get(rest.split(" ", 1)[0], ()):
            if rest == key or rest.startswith(key + " "):
                return name, stripped[skip + len(key):].strip()
        if len(stripped) < 4 or not stripped[0].isalpha():
            break
    return None


def type_from_number(notation: str | None) -> str | None:
    """The type named by a number's symbol: 'QĐ-SXD' -> Quyết định; 'SXD-QLXD' -> Công văn."""
    if not notation:
        return None
    groups = [g for g in notation.replace("/", "-").split("-") if g and not g.isdigit()]
    if not groups:
        return None
    if groups[0].upper() in BY_ABBREVIATION:
        return BY_ABBREVIATION[groups[0].upper()]
    if notation.split("/")[-1].upper().startswith("QH"):
        return "Luật"
    return CONG_VAN


# Quy chế 166/QĐ-SXD, Điều 6: the ten categories of the website
CATEGORIES: tuple[str, ...] = (
    "Giới thiệu chung",
    "Văn bản quy phạm pháp luật và văn bản liên quan đến ngành Xây dựng",
    "Dự án",
    "Tin tức, sự kiện",
    "Hội nghị, hội thảo, tập huấn",
    "Hoạt động Đảng, đoàn thể",
    "Cải cách hành chính",
    "Lịch công tác, văn bản quản lý điều hành",
    "Danh bạ",
    "Thông tin khác",
)
