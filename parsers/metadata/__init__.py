"""The official metadata of a document, field by field, each with a confidence and where it was
found, read the way a clerk reads a Nghị định 30 layout.

:func:`extract` works on any reader's :class:`~parsers.base.Parsed`; :func:`extract_reading` also
handles packages: an edXML header is authoritative (its attachment is checked against it and
disagreements become warnings), and a mail's metadata is its main attachment's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from . import confidence, fields, joint as joint_blocks, second, view as views
from .vocabulary import (clean_ocr_entries, correct, correct_about, correct_acronym_letters, correct_phrases,
                         correct_place, correct_purpose, correct_surname, complete_cut_phrase, deputy_title,
                         is_known_title, restore_tones)
from .repeats import correct_acronyms, repeated_subject, subject_named_in_body
from .category import suggest
from .dates import read_effective
from .numbers import correct_symbol, joint_issuers, match_initials
from .doctypes import CONG_VAN, fold
from ..base import PublicationMarkers

if TYPE_CHECKING:
    from ..base import Line, Page, Parsed
    from .numbers import Number
    from ..reading import Reading

KEYS = ("number", "doc_type", "issuer", "parent_issuer", "place", "issued_on", "subject", "signer_name",
        "signer_title", "signer_authority", "recipients", "addressees", "publish_requested", "secrecy", "urgency",
        "effective_on")
DEFAULT_MARKERS = PublicationMarkers()
# OCR slips put right, field by field (``vocabulary``); text layers are never corrected
_OCR_CORRECTIONS = {
    "number": correct_symbol, "issuer": correct, "parent_issuer": correct, "signer_title": correct,
    "signer_authority": correct, "place": correct_place, "signer_name": correct_surname,
    "subject": lambda subject: correct_about(restore_tones(correct_phrases(_without_specks(subject)))),
}


def _without_specks(text: str) -> str:
    """A scanned line without the lone marks OCR made of specks between its words ("năm : 2024"),
    and a quarter's Roman numeral as OCR reads its strokes ("quý IH", "quý Il") put right."""
    text = re.sub(r"\s+", " ", re.sub(r"(?:(?<=\s)|^)[:;|'`~_^¡]+(?=\s|$)", " ", text)).strip()
    return _QUARTER.sub(lambda m: m.group(1) + _strokes(m.group(2)), text)


_QUARTER = re.compile(r"(\b[Qq]u[ýy]\s+)([IlH1|]{1,3}|[IlH1|]?V)\b")


def _strokes(read: str) -> str:
    numeral = read.replace("H", "II").translate(str.maketrans("l1|", "III"))
    return numeral if numeral in ("I", "II", "III", "IV") else read
_LAYOUT_CONFIDENCE = {"table": 0.95, "position": 0.9, "text": 0.7}


@dataclass(slots=True)
class Field:
    """One value, how sure the reading is of it, and where it was found. A value the reader did not
    find (``None``, or an empty list) has no confidence: there is nothing to be sure of."""

    value: Any
    confidence: float | None
    found: dict[str, Any] | None

    def __post_init__(self) -> None:
        if self.value is None or self.value == []:
            self.confidence = None


@dataclass(slots=True)
class Metadata:
    fields: dict[str, Field] = field(default_factory=dict)
    publish_request_entry: str | None = None
    other_portal_entry: str | None = None  # a request to publish on another body's portal: shown, not queued
    category_suggestion: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)

    def value(self, key: str) -> Any:
        return self.fields[key].value if key in self.fields else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in KEYS:
            value = self.value(key)
            out[key] = value.isoformat() if isinstance(value, date) else value
        out["publish_request_entry"] = self.publish_request_entry
        out["other_portal_entry"] = self.other_portal_entry
        out["category_suggestion"] = self.category_suggestion
        out["fields"] = {key: {"confidence": None if f.confidence is None else round(f.confidence, 2), "found": f.found}
                         for key, f in self.fields.items()}
        return out


def _signer(view: "views.View", meta: Metadata, put: Any, doc_type: str | None, parsed: "Parsed",
            joint: int) -> None:
    """Name, title and authority; a phiếu trình's are its presenting leadership's; a joint
    document's, block by block, joined with "; ". A scan's name lost under a seal may be found in
    its signature block read again on its own."""
    ocr = parsed.text_source == "ocr"
    signers = joint_blocks.read(parsed, (meta.value("issuer") or "").split("; ")) if joint >= 2 else None
    if signers is not None:
        put("signer_name", signers.names, signers.where)
        put("signer_title", signers.titles, signers.where, 0.6 if signers.titles_inferred else 0.95)
        put("signer_authority", signers.authorities, signers.where, 0.95)
        if signers.titles_inferred:
            meta.fields["signer_title"].found = {**(meta.fields["signer_title"].found or {}),
                                                 "inferred_from": "signer_authority"}
        return
    approved = fields.approval_signer(view) if doc_type == "Phiếu trình" else None
    (name, name_at), (title, title_at), (authority, authority_at) = approved or fields.signer(view)
    if name is None and ocr:
        name, name_at = fields.reread_name(parsed.pages)
    put("signer_name", name, name_at, 0.9 if name_at is not None and "second_reading" in name_at.where else 1.0)
    put("signer_title", title, title_at, 0.95)
    put("signer_authority", authority, authority_at, 0.95)
    implied = deputy_title(meta.value("signer_authority"))
    if ocr and implied and not is_known_title(meta.value("signer_title")):
        # OCR garbled the title under a seal; "KT." says it is the head's deputy (NĐ 30)
        found = dict(authority_at.where) if authority_at is not None else {}
        meta.fields["signer_title"] = Field(implied, 0.5, {**found, "inferred_from": "signer_authority"})


def _subject_correction(parsed: "Parsed", doc_type: str | None) -> Callable[[str], str]:
    """How a scan's subject is put right: taken from its repeat in the body where a stamp printed
    words into it or covered its first words, then phrases, dropped tone marks and "Về việc" as for
    any OCR'd text, then an acronym OCR was unsure of on the first page, by the one the body keeps
    using."""
    unsure = {w.text for line in (parsed.pages[0].lines if parsed.pages else []) for w in line.words
              if w.confidence is not None and w.confidence < 0.5}

    def correct_subject(subject: str) -> str:
        subject = (repeated_subject(subject, parsed.text) or subject_named_in_body(subject, parsed.text, doc_type)
                   or subject)
        return correct_acronyms(_OCR_CORRECTIONS["subject"](subject), parsed.text, unsure)

    return correct_subject


_SURE = 0.85  # Tesseract's confidence in a word above which its digits stand against the second engine's


def _read_again(meta: Metadata, found_number: "Number | None", lines: "list[Line]", base: float,
                sure: bool) -> None:
    """The number's digits and a date Tesseract could not read or was unsure of, from the second
    OCR engine's reading of the same lines; what Tesseract read stays under ``read_as``. Digits
    Tesseract was ``sure`` of stand, and a disagreement becomes a warning for the editor."""
    checked = second.reconcile(found_number, lines)
    number = meta.fields["number"]
    value = correct_symbol(checked.number)
    if value and value != number.value and number.value and sure:
        meta.warnings.append(f"Số, ký hiệu: OCR đọc “{number.value}”, bộ OCR thứ hai đọc “{checked.second_text}”; "
                             "giữ lần đọc đầu")
    elif value and value != number.value:
        found = {**(number.found or {}), "second_reading": checked.second_text}
        if number.value:
            found["read_as"] = number.value
        meta.fields["number"] = Field(value, round(base * 0.9, 2), found)
    issued = meta.fields["issued_on"]
    if issued.value is None:
        found_date = second.read_date(lines)
        if found_date is not None:
            day, text = found_date
            meta.fields["issued_on"] = Field(day, round(base * 0.9, 2),
                                             {**(issued.found or {}), "second_reading": text})


def _confidence_of_digits(parsed: "Parsed", found: "Number | None", located: Any) -> float | None:
    """OCR's confidence in the word that holds the number's digits ("2605", "Số:522/BCA-V01")."""
    where = located.where if located is not None else {}
    if not found or not found.number or "page" not in where or "line" not in where:
        return None
    digits = re.match(r"\d+", found.number)
    lines = parsed.pages[where["page"] - 1].lines
    if digits is None or where["line"] >= len(lines):
        return None
    return min((w.confidence for w in lines[where["line"]].words
                if digits.group(0) in w.text and w.confidence is not None), default=None)


def _lists(view: "views.View", meta: Metadata, parsed: "Parsed", base: float) -> list[tuple[str, Any]]:
    """Recipients (Nơi nhận) and addressees (Kính gửi), each entry with where it was found;
    OCR'd recipient entries are cleaned and put right, keeping what OCR read; where a scan's page
    reading lost the list's label, the list is taken from its block read again on its own."""
    ocr = parsed.text_source == "ocr"
    entries, recipients_at = fields.recipients(view)
    if ocr and not entries:
        entries, recipients_at = fields.reread_recipients(parsed.pages)
    where = dict(recipients_at.where) if recipients_at else None
    if ocr:
        read_as = [e for e, _ in entries]
        entries = [(_corrected_entry(piece), located) for entry, located in entries
                   for piece in clean_ocr_entries([entry])]
        if [e for e, _ in entries] != read_as:
            where = {**(where or {}), "read_as": read_as}
    if entries:  # each entry's line, for the confidence in what OCR read there
        where = {**(where or {}), "entries": [dict(located.where) for _, located in entries]}
    meta.fields["recipients"] = Field([e for e, _ in entries], round(base if entries else 0.6, 2), where)
    addressed, addressees_at = fields.addressees(view)
    meta.fields["addressees"] = Field([e for e, _ in addressed], round(base if addressed else 0.6, 2),
                                      addressees_at.where if addressees_at else None)
    return entries + addressed


def _corrected_entry(entry: str) -> str:
    """An OCR'd recipient entry put right: phrases, dropped tone marks, a phrase cut one word short,
    the note of purpose, a Q read as "Ọ" in an acronym."""
    return correct_acronym_letters(correct_purpose(complete_cut_phrase(restore_tones(correct_phrases(entry)))))


def extract(parsed: "Parsed", markers: PublicationMarkers = DEFAULT_MARKERS) -> Metadata:
    """Metadata of one document read by any reader (edXML: from its header)."""
    if parsed.edxml is not None:
        return _from_edxml(parsed.edxml, markers)
    view = views.build(parsed)
    base = _LAYOUT_CONFIDENCE[view.layout] * (0.8 if parsed.text_source == "ocr" else 1.0)
    meta = Metadata()
    ocr = parsed.text_source == "ocr"

    corrections = dict(_OCR_CORRECTIONS) if ocr else {}

    def put(key: str, value: Any, located: Any, weight: float = 1.0) -> None:
        where = dict(located.where) if located is not None else None
        if ocr and value and key in corrections:
            corrected = corrections[key](value)
            if corrected != value:  # the editor sees what OCR read and what it was taken for
                where, value, weight = {**(where or {}), "read_as": value}, corrected, weight * 0.9
        confidence = base * weight if value not in (None, []) else (0.6 if where is None else base * 0.7)
        meta.fields[key] = Field(value, round(min(confidence, 1.0), 2), where)

    found_number, number_at = fields.number(view)
    put("number", found_number.number if found_number else None, number_at)
    joint = joint_issuers(found_number.notation if found_number else None)
    (issuer, issuer_at), (parent, parent_at) = fields.issuers(view, number_at, joint)
    put("issuer", issuer, issuer_at)
    put("parent_issuer", parent, parent_at, 0.9)
    if ocr:
        _code_by_initials(meta)
    place_date, date_at = fields.place_date(view)
    put("place", place_date.place if place_date else None, date_at)
    put("issued_on", place_date.issued_on if place_date else None, date_at)
    if ocr and parsed.pages and parsed.pages[0].second_reading:
        _read_again(meta, found_number, parsed.pages[0].second_reading, base,
                    sure=(_confidence_of_digits(parsed, found_number, number_at) or 0) >= _SURE)
    (doc_type, type_at), (subject, subject_at) = fields.type_and_subject(view, found_number)
    if subject is not None and sum(c.isalpha() for c in str(subject)) < 3:
        subject, subject_at = None, None  # a dash or a speck where the subject's line was: none read
    if ocr and subject is None and doc_type == CONG_VAN and parsed.pages:
        subject, subject_at = fields.reread_subject(parsed.pages[0])
    put("doc_type", doc_type, type_at, 1.0 if type_at else 0.8)
    if ocr:
        corrections["subject"] = _subject_correction(parsed, doc_type)
    put("subject", subject, subject_at, 0.9)
    _signer(view, meta, put, doc_type, parsed, joint)
    listed = _lists(view, meta, parsed, base)
    _publish(meta, listed, markers, base)
    _marks(view, meta, put, parsed)
    _mark_after_issuer(meta)
    effective = read_effective(parsed.text, meta.value("issued_on"))
    meta.fields["effective_on"] = Field(
        effective.on if effective else None, round(base * (0.9 if effective else 0.7), 2),
        {"clause": effective.clause} if effective else None)
    meta.category_suggestion = suggest(meta.value("doc_type"), meta.value("number"), meta.value("subject"),
                                       meta.value("issuer"), parsed.text)
    _add_boxes(meta, parsed)
    confidence.weigh(meta, parsed)
    return meta


def _marks(view: "views.View", meta: Metadata, put: Any, parsed: "Parsed") -> None:
    """The secrecy and urgency stamps read; on a scan, a secrecy not known where a stamp-like mark
    stands that no mark read accounts for."""
    (secrecy, secrecy_at), (urgency, urgency_at) = fields.marks(view)
    put("secrecy", secrecy, secrecy_at)
    put("urgency", urgency, urgency_at)
    if parsed.text_source == "ocr" and secrecy is None and parsed.pages:
        _unread_stamp(meta, parsed.pages[0], [at for at in (urgency_at,) if at is not None])


_MARK_TAIL = re.compile(r"[\s\W_]*\b(THƯỢNG\s+KHẨN|HỎA\s+TỐC|HOẢ\s+TỐC|KHẨN|TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)[\s\W_]*$")


def _mark_after_issuer(meta: Metadata) -> None:
    """An urgency or secrecy stamp printed beside the issuing body and read onto its line ("SỞ
    GIAO THÔNG VẬN TẢI THƯỢNG KHẨN"): no body's name ends in a mark, so the mark is taken off the
    issuer (what was read kept under ``read_as``) and read as the mark, where none was read."""
    issuer = meta.fields.get("issuer")
    found = _MARK_TAIL.search(issuer.value) if issuer and isinstance(issuer.value, str) else None
    if issuer is None or found is None or len(issuer.value[:found.start()].split()) < 2:
        return
    where = {**(issuer.found or {}), "read_as": issuer.value}
    meta.fields["issuer"] = Field(issuer.value[:found.start()].strip(), issuer.confidence, where)
    mark = fold(re.sub(r"\s+", " ", found.group(1)))
    key, value = ("urgency", fields.URGENCY[mark]) if mark in fields.URGENCY else ("secrecy", fields.SECRECY[mark])
    if meta.value(key) is None:
        meta.fields[key] = Field(value, round((issuer.confidence or 0) * 0.9, 2), {**(issuer.found or {})})


def _code_by_initials(meta: Metadata) -> None:
    """A scan's number whose body code is one look-alike letter off its issuing body's initials, put
    right (what OCR read kept under ``read_as``, the confidence lowered as for any correction)."""
    number = meta.fields["number"]
    fixed = match_initials(number.value, [meta.value("issuer"), meta.value("parent_issuer")])
    if fixed != number.value:
        meta.fields["number"] = Field(fixed, round((number.confidence or 0) * 0.9, 2),
                                      {**(number.found or {}), "read_as": number.value})


def _unread_stamp(meta: Metadata, page: "Page", read: list[Any]) -> None:
    """Secrecy not known, rather than none, when the scan's header carries a stamp-like mark that
    OCR could not read (recall first: a secret document must never pass as an ordinary one); the
    review desk blocks the document until a person decides."""
    marks = fields.unread_marks(page, read)
    if not marks:
        return
    box = marks[0]
    meta.fields["secrecy"] = Field(fields.SECRECY_UNKNOWN, 0.5, {
        "page": page.number, "mark": [round(v) for v in box],
        "box": [round(box[0] / page.width, 4), round(box[1] / page.height, 4), round(box[2] / page.width, 4),
                round(box[3] / page.height, 4)] if page.width and page.height else None})
    meta.warnings.append("Độ mật: phần đầu bản quét có dấu (mực đỏ hoặc khung dấu) mà chương trình không đọc được; "
                         "cần xem bản quét và xác định văn bản có mật hay không trước khi gửi.")


# where a value was found -> which lines of its page the index counts
_LINE_KINDS = {"line": None, "signature_line": "signature", "subject_line": "subject", "recipients_line": "recipients"}


def _add_boxes(meta: Metadata, parsed: "Parsed") -> None:
    """Each value found on a line of a page keeps that line's box, as fractions of the page
    (x0, top, x1, bottom), so the desk can show it on the page's image; a piece of a two-column
    row keeps its own side."""
    for f in meta.fields.values():
        where = f.found
        if not where or "page" not in where or "box" in where or not 1 <= where["page"] <= len(parsed.pages):
            continue
        page = parsed.pages[where["page"] - 1]
        kind = next((k for k in _LINE_KINDS if isinstance(where.get(k), int)), None)
        lines = page.lines if kind == "line" else page.reread.get(_LINE_KINDS.get(kind or "") or "", [])
        if kind is None or not page.width or not page.height or where[kind] >= len(lines):
            continue
        x0, top, x1, bottom = lines[where[kind]].box
        if "x" in where:  # one side of a header or footer row
            middle = page.width / 2
            x0, x1 = (where["x"], min(x1, middle)) if where["x"] < middle else (max(where["x"], x0), x1)
        f.found = {**where, "box": [round(x0 / page.width, 4), round(top / page.height, 4),
                                    round(x1 / page.width, 4), round(bottom / page.height, 4)]}


def _publish(meta: Metadata, entries: list[tuple[str, Any]], markers: PublicationMarkers, base: float) -> None:
    """Publication on the department's own site is requested by the first entry naming it; an
    entry naming another body's portal is kept apart (shown, not a request to us)."""
    own, other = [fold(p) for p in markers.own], [fold(p) for p in markers.other]
    for entry, located in entries:
        if any(p in fold(entry) for p in own):
            meta.fields["publish_requested"] = Field(True, round(base, 2), located.where)
            meta.publish_request_entry = entry
            return
    meta.fields["publish_requested"] = Field(False, round(base * 0.9, 2), None)
    meta.other_portal_entry = next((entry for entry, _ in entries if any(p in fold(entry) for p in other)), None)


def _from_edxml(header: dict[str, Any], markers: PublicationMarkers) -> Metadata:
    meta = Metadata()
    signer = header.get("signer") or {}
    sender = header.get("from") or {}
    values = {
        "number": (header.get("number"), "Code"), "doc_type": (header.get("type_name"), "DocumentType/TypeName"),
        "issuer": (sender.get("organ_name"), "From/OrganName"), "parent_issuer": (None, None),
        "place": (header.get("place"), "PromulgationInfo/Place"),
        "issued_on": (date.fromisoformat(header["promulgation_date"]) if header.get("promulgation_date") else None,
                      "PromulgationInfo/PromulgationDate"),
        "subject": (header.get("subject"), "Subject"),
        "signer_name": (signer.get("full_name"), "SignerInfo/FullName"),
        "signer_title": (signer.get("position"), "SignerInfo/Position"),
        "signer_authority": (signer.get("competence"), "SignerInfo/Competence"),
        "recipients": (list(header.get("to_places") or []), "ToPlaces/Place"),
        "addressees": ([t.get("organ_name") for t in header.get("to") or [] if t and t.get("organ_name")], "To"),
        "secrecy": (None, None), "urgency": (_edxml_urgency(header), "OtherInfo/Priority"),
        "effective_on": (None, None),
    }
    for key, (value, element) in values.items():
        given = value not in (None, [])
        meta.fields[key] = Field(value, 1.0 if given else None, {"element": element} if element and given else None)
    entries = [(e, views.Located(e, {"element": "ToPlaces/Place"})) for e in values["recipients"][0]]
    _publish(meta, entries, markers, 1.0)
    meta.category_suggestion = suggest(meta.value("doc_type"), meta.value("number"), meta.value("subject"),
                                       meta.value("issuer"), "")
    return meta


def _edxml_urgency(header: dict[str, Any]) -> str | None:
    priority = (header.get("other_info") or {}).get("priority")
    return {1: "Khẩn", 2: "Thượng khẩn", 3: "Hỏa tốc"}.get(priority) if priority else None


_COMPARED = {"number": "Số, ký hiệu", "issued_on": "Ngày ban hành", "subject": "Trích yếu", "doc_type": "Loại văn bản"}


def _same_body(printed: str, organ_name: str) -> bool:
    """Whether the name printed in a document's header and the exchange system's organ name are
    one body: "SỞ XÂY DỰNG" and "Sở Xây dựng tỉnh Kon Tum" (one begins with the other's words)."""
    a, b = (re.sub(r"[^a-z0-9 ]", " ", fold(name)).split() for name in (printed, organ_name))
    return bool(a) and bool(b) and (a == b[:len(a)] or b == a[:len(b)])


def _from_attached(meta: Metadata, child: "Reading") -> None:
    """What an edXML header does not carry, read from its attached document: the parent body, the
    effective date, a secrecy stamp (and an urgency stamp when the header has no priority). The
    issuing body is shown as the document prints it when both name the same body; the header's
    organ name stays under ``found``."""
    theirs = child.metadata
    for key in ("parent_issuer", "effective_on", "secrecy", "urgency"):
        found = theirs.fields.get(key)
        if meta.value(key) in (None, []) and found is not None and found.value not in (None, []):
            meta.fields[key] = Field(found.value, found.confidence, {"attachment": child.name, **(found.found or {})})
    issuer, printed = meta.fields.get("issuer"), theirs.fields.get("issuer")
    if issuer is None or printed is None or not issuer.value or not printed.value:
        return
    if printed.value != issuer.value and _same_body(printed.value, issuer.value):
        meta.fields["issuer"] = Field(printed.value, issuer.confidence,
                                      {**(issuer.found or {}), "organ_name": issuer.value, "attachment": child.name,
                                       "printed": printed.found})


def extract_reading(reading: "Reading", markers: PublicationMarkers = DEFAULT_MARKERS) -> Metadata | None:
    """Metadata of a read file; packages take their header's (edXML) or main attachment's (mail)."""
    parsed = reading.parsed
    if parsed is None:
        return None
    children = [c for c in reading.attachments if c.metadata is not None]
    if parsed.format == "email" and children:
        main = next((c for c in children if c.metadata.value("number") or c.metadata.value("doc_type")), children[0])
        meta = main.metadata
        for f in meta.fields.values():
            if f.found is not None:
                f.found = {"attachment": main.name, **f.found}
        return meta
    meta = extract(parsed, markers)
    if parsed.edxml is not None and parsed.edxml.get("kind") == "document":
        if children:
            _from_attached(meta, children[0])
        for child in children:
            for key in _COMPARED:
                mine, theirs = meta.value(key), child.metadata.value(key)
                if mine and theirs and fold(str(mine)).replace(" ", "") != fold(str(theirs)).replace(" ", ""):
                    meta.warnings.append(f"{_COMPARED[key]}: phần đầu gói edXML ghi “{mine}”, "
                                         f"tệp đính kèm “{child.name}” ghi “{theirs}”")
    return meta
