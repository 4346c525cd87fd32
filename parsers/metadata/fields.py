"""Field readers over a :class:`View`: each returns (value, located line or None)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from .dates import PlaceDate, read_place_date
from .doctypes import CONG_VAN, fold, type_from_heading, type_from_number
from .numbers import Number, read_number, read_symbol_only
from .second import merge_name
from ..second_reading import name_line, name_word
from .view import UNREADABLE, Located, View, is_rule
from .vocabulary import begins_with_post, is_known_title

if TYPE_CHECKING:
    from ..base import Page

Hit = tuple[object, Located | None]

_CONTINUES_WITH = ("tinh ", "thanh pho", "huyen ", "quan ", "xa ", "phuong ", "ve ", "va ", "cua ", "nhan dan",
                   "trung uong")
_ENDS_OPEN = (" ve", " va", " cua", " cac", " nha nuoc", " -", " –")
# the words a body's name begins with (folded): a header line that begins otherwise is the rest of
# the name above it, wrapped by the narrow column ("SỞ LAO ĐỘNG - THƯƠNG" / "BINH VÀ XÃ HỘI")
_BODY_KINDS = tuple(f"{kind} " for kind in (
    "bo", "so", "phong", "cuc", "chi cuc", "tong cuc", "vu", "vien", "ban", "uy ban", "ubnd", "hdnd", "hoi dong",
    "van phong", "thanh tra", "trung tam", "truong", "benh vien", "cong ty", "tong cong ty", "doan", "hoi",
    "dang uy", "dang bo", "tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "mat tran", "toa an", "kho bac",
    "ngan hang", "bao hiem", "cong an", "bo chi huy", "bo tu lenh", "quan khu", "lien doan", "lien minh",
    "chinh phu", "quoc hoi", "hoc vien", "dai hoc", "nha xuat ban", "to", "chi nhanh", "cang vu", "kiem toan",
    "dai", "bao", "tap chi", "quy", "hop tac xa", "lien hiep", "vien kiem sat", "ctv", "ubmttq", "thong tan xa",
    "tong lien doan", "chi bo", "khoi", "cum", "nha", "xi nghiep", "doanh nghiep"))
# who signs for whom (NĐ 30 Phụ lục I): thay mặt, ký thay, thừa lệnh, thừa ủy quyền. "Q." (quyền, an
# acting head) standing alone is part of the title ("Q. GIÁM ĐỐC"; "TL. BỘ TRƯỞNG" / "Q. CHÁNH VĂN
# PHÒNG")
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|K/T|T/M|T/L)\s*[.:]?\s+\S", re.IGNORECASE)
_ACTING = re.compile(r"^Q\s*\.\s*\S")  # over a title of its own ("Q. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC") it is the authority
_RANKS = ("Đại tướng", "Thượng tướng", "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá",
          "Thiếu tá", "Đại úy", "PGS.TS.", "PGS. TS.", "GS.TS.", "TS.", "ThS.")
_NOT_NAME = re.compile(r"(đã\s*ký|ký\s*bởi|thời\s*gian|email|@|\d|http|www|\(|\)|:)", re.IGNORECASE)
_SUBJECT_STOP = re.compile(r"^(Căn\s*cứ|Kính\s*gửi|Thực\s*hiện|Theo\s+đề\s+nghị|Điều\s+\d|Thời\s*gian|Địa\s*điểm"
                           r"|Thành\s*phần|Chương\s+[IVX\d]|Hôm\s+nay)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[-–—+•*]\s*")


def is_upper(text: str) -> bool:
    letters = upper = 0
    for c in text:
        if c.isalpha():
            letters += 1
            upper += c.isupper()
    return letters >= 2 and upper >= 0.85 * letters


def clean(text: str) -> str:
    return " ".join(text.split())  # (str.split and re's \s take the same characters for spaces)


# --- header -------------------------------------------------------------------------------------

def _with_next(lines: list[Located]) -> Iterable[tuple[str, Located]]:
    """Each line, then each line joined with the next: a blank number or day can push the rest of
    'Số:   /BNV-CCHC' or 'Hà Nội, ngày   tháng   năm 2025' onto a line of its own."""
    for located in lines:
        yield located.text, located
    for located, following in zip(lines, lines[1:]):
        yield f"{located.text} {following.text}", located


def number(view: View) -> tuple[Number | None, Located | None]:
    for read in (read_number, read_symbol_only):
        for lines in (view.header_left, view.lines[:30]):
            for text, located in _with_next(lines):
                found = read(text)
                if found:
                    return found, located
    return None, None


def place_date(view: View) -> tuple[PlaceDate | None, Located | None]:
    for lines in (view.header_right, view.header_left, view.lines[:40]):
        for text, located in _with_next(lines):
            found = read_place_date(text)
            if found:
                return found, located
    return None, None


def issuers(view: View, number_line: Located | None, joint: int = 0) -> tuple[Hit, Hit]:
    """((issuer, where), (parent issuer, where)) from the header's left column above the number;
    for a joint document (``joint`` bodies, "TTLT-TANDTC-VKSNDTC-BTP"), its last ``joint`` bodies
    joined with "; "."""
    lines: list[Located] = []
    for located in view.header_left:
        if (located is number_line or read_number(located.text) or located.text.startswith(("V/v", "Về việc"))
                or type_from_heading(located.text) or read_place_date(located.text)
                or re.match(r"^[S§$][ốôo6]\s*[:.]", located.text)):
            break
        text = clean(located.text.strip("-_ "))
        if is_rule(located.text) or not text or not is_upper(text) or re.search(r"C[ỘO]NG\s*H[ÒO]A", text):
            continue
        lines.append(Located(text, located.where, located.bold))
    if not lines:
        return (None, None), (None, None)
    groups: list[list[Located]] = [[lines[0]]]
    for prev, located in zip(lines, lines[1:]):
        if fold(located.text).startswith(_CONTINUES_WITH) or fold(prev.text).endswith(_ENDS_OPEN) \
                or not _begins_body(located.text):
            groups[-1].append(located)
        else:
            groups.append([located])
    if joint >= 2 and len(groups) >= joint:
        bodies = groups[-joint:]
        parent = [l for g in groups[:-joint] for l in g]
        return (("; ".join(_join(g) for g in bodies), bodies[0][0]),
                ((_join(parent), parent[0]) if parent else (None, None)))
    weights = {l.bold for l in lines}
    if weights == {True, False} and lines[0].bold is False:
        parent = [l for l in lines if not l.bold]
        issuer = [l for l in lines if l.bold]
        return ((_join(issuer), issuer[0]), (_join(parent), parent[0]))
    if weights == {True}:
        return (_join(lines), lines[0]), (None, None)
    issuer = groups[-1]
    parent = [l for g in groups[:-1] for l in g]
    return (_join(issuer), issuer[0]), ((_join(parent), parent[0]) if parent else (None, None))


# kinds that are also the tail of other names ("MÔI TRƯỜNG", "XÃ HỘI", "TỔ"): a line beginning with
# one begins a body only with at least two more words ("TRƯỜNG ĐẠI HỌC ...", "TỔ CÔNG TÁC ...")
_AMBIGUOUS_KINDS = ("truong ", "to ", "dai ", "bao ", "quy ", "nha ", "khoi ", "cum ", "hoi ", "doan ", "ban ")


def _begins_body(text: str) -> bool:
    """Whether a header line begins a body's name (else it is the wrapped rest of the one above)."""
    folded = fold(clean(text)) + " "
    words = folded.split()
    if len(words) < 2 or not folded.startswith(_BODY_KINDS):
        return False
    return not folded.startswith(_AMBIGUOUS_KINDS) or len(words) >= 3


def _join(lines: Iterable[Located]) -> str:
    return clean(" ".join(l.text for l in lines))


def type_and_subject(view: View, found_number: Number | None) -> tuple[Hit, Hit]:
    """((doc_type, where), (subject, where))."""
    for index, located in enumerate(view.lines[:60]):
        heading = type_from_heading(located.text, any_case=index < 6)
        if heading is None or located.text.rstrip().endswith(":"):
            continue
        name, rest = heading
        if rest:
            return (name, located), (clean(rest), located)
        return (name, located), _subject_after(view.lines, index + 1)
    for located in view.header_left + view.lines[:40]:
        in_header = located in view.header_left
        if re.match(r"^\s*(V/v|Về\s+việc|V/V)\b", located.text) or in_header and _ABOUT_AS_READ.match(located.text):
            lines = view.header_left if in_header else view.lines
            first = Located(_ABOUT_AS_READ.sub("V/v", located.text), located.where, located.bold, located.confidence)
            lines = [first if l is located else l for l in lines]
            return (CONG_VAN, located), (_tidy(_continued(lines, first)), located)
    inferred = type_from_number(found_number.notation if found_number else None)
    return (inferred, None), (None, None)


_OVERLAY = re.compile(r"cong thong tin|ky boi|thoi gian ky|sao y|^den\b|^so den", re.IGNORECASE)


def _subject_after(lines: list[Located], start: int) -> Hit:
    picked: list[Located] = []
    for located in lines[start:start + 8]:
        text = clean(located.text)
        if _OVERLAY.search(fold(text)) or (located.confidence is not None and located.confidence < UNREADABLE):
            continue  # an e-portal or incoming-register stamp printed over the page, read as noise
        if not text or is_rule(text) or _SUBJECT_STOP.match(text):
            break
        if picked and (is_upper(text) != is_upper(picked[0].text) and not case_neutral(text)
                       or (located.bold is not None and picked[0].bold is not None and located.bold != picked[0].bold)
                       or re.match(r"^Ngày\s+\d", text) or len(text) > 220):
            break
        if text.endswith(":") and picked:
            break
        picked.append(located)
    if not picked:
        return None, None
    return _tidy(" ".join(l.text.strip(" _-") for l in picked)), picked[0]


def _tidy(subject: str) -> str:
    return re.sub(r"\s+([.,;])$", "", clean(subject))


# "V/v" as OCR reads it in small print: "Ví", "V/w", "VĂ" (the slash and the v run together)
_ABOUT_AS_READ = re.compile(r"^(?:V\s?/\s?[vVwWy]|V[íiyYĂă])(?=\s)")


def reread_subject(page: "Page") -> Hit:
    """A công văn's subject from the block under its number read again on its own
    (``Page.reread["subject"]``), for a scan whose page reading lost it (small or light print): the
    block's lines from one opening with "V/v" (also as OCR reads it, "Ví tham gia") or "Về việc"."""
    lines = [Located(clean(line.text), {"page": page.number, "subject_line": index})
             for index, line in enumerate(page.reread.get("subject", [])) if clean(line.text)]
    first = next((l for l in lines if _ABOUT_AS_READ.match(l.text) or re.match(r"^Về\s+việc\b", l.text)), None)
    if first is None:
        return None, None
    first.text = _ABOUT_AS_READ.sub("V/v", first.text)
    return _tidy(_continued(lines, first)), first


_SPECKS_BEFORE_LOWER = re.compile(r"^[-_~]*_[-_~]*\s*(?=[a-zà-ỹđ])")


_CASE_NEUTRAL = re.compile(r"^(?:[IVXLC]+|[\w./-]*\d[\w./-]*)(?:[\s,;]+(?:[IVXLC]+|[\w./-]*\d[\w./-]*))*[.,;)]?$")


def case_neutral(text: str) -> bool:
    """A wrapped line with no case of its own: a Roman numeral or codes with digits ("quý" / "III",
    "năm" / "2024", "số" / "12/QĐ-UBND"), which continue a lower-case subject."""
    return bool(_CASE_NEUTRAL.match(clean(text)))


def _continued(lines: list[Located], first: Located) -> str:
    start = next(i for i, l in enumerate(lines) if l is first)
    parts = [first.text]
    previous = first
    for located in lines[start + 1:start + 5]:
        text = clean(located.text)
        if _SPECKS_BEFORE_LOWER.match(text) and not parts[-1].rstrip().endswith((".", ";", ":")):
            text = _SPECKS_BEFORE_LOWER.sub("", text)  # "-_ đến năm 2030": a speck, not a bullet
        if (not text or is_rule(text) or _SUBJECT_STOP.match(text) or read_place_date(text)
                or (is_upper(text) and not case_neutral(text)) or text.startswith(("-", "Kính"))
                or not _adjacent(previous, located)):
            break
        parts.append(text)
        previous = located
    return clean(" ".join(parts))


def _adjacent(upper: Located, lower: Located) -> bool:
    """On a page, the next line of one block lies within two line heights of the previous one."""
    top, bottom = upper.where.get("y"), lower.where.get("y")
    return top is None or bottom is None or 0 <= bottom - top <= 32


# --- signature block ------------------------------------------------------------------------------

def is_name(text: str) -> bool:
    """A person's name as printed under a signature: two to six words, each a capital and small
    letters (a rank before it aside)."""
    text = strip_rank(text)
    words = text.split()
    if not 2 <= len(words) <= 6 or _NOT_NAME.search(text) or is_upper(text):
        return False
    return all(name_word(w) for w in words)


def strip_rank(text: str) -> str:
    text = clean(text)
    for rank in _RANKS:
        if text.lower().startswith(rank.lower() + " "):
            return text[len(rank):].strip()
    return text


def approval_signer(view: View) -> tuple[Hit, Hit, Hit] | None:
    """The signer of a phiếu trình: the slip lists its approvers side by side, each a title, a
    dated line and a name; the drafting specialist and the department head are in normal case,
    the office's leadership that presents the slip in capitals. The post it is presented to
    ("CHỦ TỊCH UBND TỈNH") has no name under it."""
    lines = [l for l in view.lines if clean(l.text)][-40:]  # the approvals close the slip
    for index, located in enumerate(lines):
        text = clean(located.text)
        if not is_upper(text) or ":" in text or _AUTHORITY.match(text):
            continue
        for following in lines[index + 1:index + 8]:
            if is_upper(clean(following.text)):
                break  # the next approver's title before any name
            if is_name(following.text):
                return (strip_rank(following.text), following), (text, located), (None, None)
    return None


def signer(view: View) -> tuple[Hit, Hit, Hit]:
    """((name, where), (title, where), (authority, where)). Without a name (lost under a seal in a
    scan) the authority and title are still read."""
    column = view.footer_right or view.lines[-30:]
    lines = [l for l in column if clean(l.text) and not is_rule(l.text)]
    name_at = next((i for i in range(len(lines) - 1, -1, -1) if is_name(_strip_noise(lines[i].text))), None)
    block = lines[:name_at] if name_at is not None else lines
    authority = [l for l in block if is_upper(l.text) and _AUTHORITY.match(_strip_noise(clean(l.text)))]
    acting = next((i for i, l in enumerate(block) if is_upper(l.text) and _ACTING.match(_strip_noise(clean(l.text)))
                   and not _AUTHORITY.match(_strip_noise(clean(l.text)))), None)
    if acting is not None and any(is_upper(l.text) and not _NOT_NAME.search(l.text) and begins_with_post(clean(l.text))
                                  for l in block[acting + 1:]):  # "Q. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC"; not a wrap
        authority = sorted(authority + [block[acting]], key=block.index)
    title: Located | None = None
    authority_text = None
    if authority:
        start, end = lines.index(authority[0]), lines.index(authority[-1])
        rest = [l for l in block[end + 1:] if is_upper(l.text) and not _NOT_NAME.search(l.text)]
        post = next((i for i, l in enumerate(rest) if begins_with_post(clean(l.text))), 0)
        # an authority that wrapped ("KT. TRƯỞNG PHÒNG QUẢN LÝ" / "XÂY DỰNG") runs on to the line
        # that begins the signer's own post
        authority_text = _join_authority([l for l in lines[start:end + 1] if is_upper(l.text)] + rest[:post])
        titles = rest[post:]
        if titles:
            title = Located(_join(titles), titles[0].where, titles[0].bold)
    elif name_at is not None:
        title = _title_above(block)
    else:
        title = next((l for l in reversed(block) if is_known_title(_strip_noise(l.text))), None)
    name = lines[name_at] if name_at is not None else None
    return (((strip_rank(_strip_noise(name.text)), name) if name else (None, None)),
            ((clean(_strip_noise(title.text)), title) if title else (None, None)),
            ((authority_text, authority[0]) if authority_text else (None, None)))


def reread_name(pages: "list[Page]") -> Hit:
    """The signer's name from the signature block read again on its own (``Page.reread["signature"]``),
    for a scan whose page reading lost it under a seal: a name-like line right of the page's middle."""
    for page in pages:
        for index, line in enumerate(page.reread.get("signature", [])):
            if (line.box[0] + line.box[2]) / 2 > page.width * 0.55 and is_name(line.text):
                return strip_rank(line.text), Located(line.text, {"page": page.number, "signature_line": index})
    return _merged_name(pages)


def _merged_name(pages: "list[Page]") -> Hit:
    """A name whose first word Tesseract garbled ("m=TTân Duy Đông"), merged with the second OCR
    engine's reading of the same line ("Tran Duy Dong" -> "Trần Duy Đông", ``second.merge_name``)."""
    for page in pages:
        garbled = name_line(page.reread.get("signature", []))
        if garbled is None:
            continue
        top, bottom = garbled.box[1], garbled.box[3]
        for read in page.second_reading:
            if min(bottom, read.box[3]) - max(top, read.box[1]) > 0.5 * (bottom - top):
                name = merge_name(garbled.text, read.text)
                if name:
                    return name, Located(garbled.text, {"page": page.number,
                                                        "signature_line": page.reread["signature"].index(garbled),
                                                        "read_as": garbled.text, "second_reading": read.text})
    return None, None


def _strip_noise(text: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", text)


def _title_above(lines: list[Located]) -> Located | None:
    """The title directly above the name: the top of the run of capitals there, skipping notes
    such as "(Đã ký)"; or, without capitals, a short plain line ("Người lập biên bản")."""
    run: list[Located] = []
    for located in reversed(lines):
        text = clean(located.text)
        if is_upper(text) and not _NOT_NAME.search(text) and not _BULLET.match(located.text):
            run.insert(0, located)
        elif _NOT_NAME.search(text) and not run:
            continue  # a note between title and name
        elif run:
            break
        else:
            plain = len(text) < 40 and not _BULLET.match(located.text) and not text.endswith((".", ":", ";"))
            return located if plain else None
    return run[0] if run else None


def _join_authority(lines: list[Located]) -> str:
    """'TL. CHỦ TỊCH' + 'KT. CHÁNH VĂN PHÒNG' -> 'TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG'; a title that
    wraps onto a line without a prefix is joined with a space."""
    parts: list[str] = []
    for located in lines:
        text = clean(located.text)
        if _AUTHORITY.match(text) or _ACTING.match(text) or not parts:
            parts.append(text)
        else:
            parts[-1] += " " + text
    return " / ".join(parts)


# --- recipients ---------------------------------------------------------------------------------

_LIST_END = re.compile(r"[\w)]\.$")
_SPECK_BULLET = re.compile(r"^\s*[:=~_.,·'`ˆ°]{1,2}(?:\s*[-–—])?\s+")  # a dash as OCR reads it: ": UBND", ".- Sở"


def _bullet(text: str) -> re.Match[str] | None:
    """The dash opening a Nơi nhận entry: printed, or read by OCR as a speck before a capital."""
    found = _BULLET.match(text)
    if found is None:
        found = _SPECK_BULLET.match(text)
        if found is not None and not text[found.end():found.end() + 1].isupper():
            return None
    return found


def _entries(lines: list[Located], first: str) -> list[tuple[str, Located]]:
    entries: list[tuple[str, Located]] = []
    if first.strip():
        entries.append((first, lines[0]))
    for located in lines[1:]:
        text = clean(located.text)
        if not text or is_rule(text):
            continue
        if entries and _LIST_END.search(entries[-1][0].rstrip()):
            break  # the list ends with "- Lưu: VT, ... ." (not with a speck OCR read as ". ")
        bullet = _bullet(text)
        if bullet is not None:
            entries.append((text[bullet.end():], located))
        elif entries and not text.isdigit():
            entries[-1] = (entries[-1][0] + " " + text, entries[-1][1])
        else:
            break
    return [(e.strip().rstrip(";.,:").strip(), l) for e, l in entries if e.strip().rstrip(";.,:").strip()]


_LABEL_START = re.compile(r"^[\W_]*N[ơo]i\s*nh[ậa]n\s*:?\s*", re.IGNORECASE)  # a speck before it: "_ Nơi nhận:"


def recipients(view: View) -> tuple[list[tuple[str, Located]], Located | None]:
    column = view.footer_left or view.lines
    starts = [i for i, l in enumerate(column) if _LABEL_START.match(l.text)]
    if not starts:
        return [], None
    start = starts[0]
    head = _LABEL_START.sub("", column[start].text)
    block = column[start:]
    if view.footer_left:
        return _entries(block, _BULLET.sub("", head)), column[start]
    taken = [block[0]]
    for located in block[1:]:
        if not _bullet(located.text) and taken and not _bullet(taken[-1].text) and len(taken) > 1:
            break
        taken.append(located)
    return _entries(taken, _BULLET.sub("", head)), column[start]


def reread_recipients(pages: "list[Page]") -> tuple[list[tuple[str, Located]], Located | None]:
    """The Nơi nhận list from the block read again on its own (``Page.reread["recipients"]``), for
    a scan whose page reading garbled its label: the entries after the label the block reading found."""
    for page in pages:
        lines = [Located(line.text, {"page": page.number, "recipients_line": index})
                 for index, line in enumerate(page.reread.get("recipients", []))]
        start = next((i for i, l in enumerate(lines) if _LABEL_START.match(l.text)), None)
        if start is not None:
            head = _LABEL_START.sub("", lines[start].text)
            return _entries(lines[start:], _BULLET.sub("", head)), lines[start]
    return [], None


_TO = re.compile(r"^\s*Kính\s*gửi\s*:?\s*(.*)$", re.IGNORECASE)


def addressees(view: View) -> tuple[list[tuple[str, Located]], Located | None]:
    for index, located in enumerate(view.lines[:80]):
        match = _TO.match(located.text)
        if not match:
            continue
        block = [located]
        for following in view.lines[index + 1:index + 20]:
            if not _BULLET.match(following.text):
                break
            block.append(following)
        return _entries(block, _BULLET.sub("", match.group(1))), located
    return [], None


# --- marks --------------------------------------------------------------------------------------

SECRECY = {"mat": "Mật", "toi mat": "Tối mật", "tuyet mat": "Tuyệt mật"}
SECRECY_UNKNOWN = "Chưa rõ"  # a stamp-like mark no one could read: a person must say whether it is secret
URGENCY = {"khan": "Khẩn", "thuong khan": "Thượng khẩn", "hoa toc": "Hỏa tốc"}


_NOT_LETTER = re.compile(r"[^a-z ]")


def marks(view: View) -> tuple[Hit, Hit]:
    """The secrecy and the urgency stamp: each a line or cell that is only the mark ('MẬT', 'HỎA
    TỐC'), never a word in a sentence; the first of each kind, in one pass over the top lines."""
    found: dict[int, Hit] = {}
    for located in view.header_left + view.header_right + view.lines[:25]:
        key = " ".join(_NOT_LETTER.sub("", fold(located.text)).split())
        for kind, table in enumerate((SECRECY, URGENCY)):
            if kind not in found and key in table and is_upper(located.text):
                found[kind] = (table[key], located)
        if len(found) == 2:
            break
    return found.get(0, (None, None)), found.get(1, (None, None))


_REGISTER_STAMP = re.compile(r"\b(den|so den|ngay|chuyen|luu ho so)\b")  # an incoming-register stamp ("ĐẾN")


def unread_marks(page: "Page", read: list[Located]) -> list[tuple[float, float, float, float]]:
    """The stamp-like marks of a scanned first page (``Page.marks``) that no stamp read on it
    accounts for: none of its words read as a secrecy or urgency mark lies in the mark, nor the words
    of an incoming-register stamp."""
    boxes = [page.lines[l.where["line"]].box for l in read
             if l.where.get("page") == page.number and isinstance(l.where.get("line"), int)
             and l.where["line"] < len(page.lines)]
    words = [w.box for line in page.lines for w in line.words if _REGISTER_STAMP.search(fold(w.text))]
    return [mark for mark in page.marks if not any(_overlap(mark, box) for box in boxes + words)]


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > -4 and min(a[3], b[3]) - max(a[1], b[1]) > -4
