"""edXML packages (QCVN 102:2016 and the older e-doc.vn SOAP dialect).

Elements are matched by local name, case-insensitively, so both namespaces, prefixed or not, read
the same. The XML parser resolves no entities, loads no DTD and touches no network. The header
becomes ``Parsed.edxml`` (structured data, the authoritative metadata of the package); attachments
are decoded from base64, unzipped when the payload is a ZIP (the user-facing name is then taken
from ``AttachmentName``), and returned for recursive reading. Status packages are recognised as
such (``edxml["kind"] == "status"``), and ``BussinessDocType`` is exposed (0 new, 1 revoke,
2 update, 3 replace). Notes: ``shared/reference/edxml-and-nd30.md`` §1.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import io
import re
import zipfile
from datetime import datetime
from typing import Any, Iterable

from lxml import etree

from .base import Attachment, BaseParser, Parsed, nfc
from .errors import CorruptFile, LimitExceeded
from .limits import check_zip, member_name, read_member, refuse_dangerous_xml

QCVN_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
EDOC_NS = "http://www.e-doc.vn/Schema/"
BUSINESS_TYPES = {0: "new", 1: "revoke", 2: "update", 3: "replace"}
_DATE_FORMATS = ("%Y/%m/%d", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, recover=True, remove_comments=True)


def _local(element: Any) -> str:
    """Local name, lower-cased; also for ``prefix:name`` tags left by recovery from unbound prefixes."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def _children(element: Any, name: str) -> list[Any]:
    name = name.lower()
    return [c for c in element if _local(c) == name]


def _child(element: Any, name: str) -> Any | None:
    found = _children(element, name)
    return found[0] if found else None


def _find(element: Any, name: str) -> Any | None:
    name = name.lower()
    for node in element.iter():
        if _local(node) == name:
            return node
    return None


def _text(element: Any | None, name: str | None = None) -> str | None:
    if element is not None and name is not None:
        element = _child(element, name)
    if element is None:
        return None
    value = nfc("".join(element.itertext()).strip())
    return value or None


def parse_date(value: str | None) -> str | None:
    """``yyyy/MM/dd`` or ``dd/MM/yyyy`` (time part ignored) as an ISO date; ``None`` if unreadable."""
    if not value:
        return None
    day = value.strip().split(" ")[0].split("T")[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(day, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _organ(element: Any | None) -> dict[str, str | None] | None:
    if element is None:
        return None
    keys = ("OrganId", "OrganName", "OrganizationInCharge", "OrganAdd", "Email", "Telephone", "Fax", "Website")
    return {_snake(k): _text(element, k) for k in keys}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


class EdxmlParser(BaseParser):
    format = "edxml"
    mime = "application/edxml+xml"
    open_format = True

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        lowered = head.lower()
        if b"e-doc.vn/schema" in lowered and b"multipart/related" in lowered:
            return 95
        if b"<" not in head[:1024]:
            return None
        if b"qcvn_102_2016" in lowered or b"e-doc.vn/schema" in lowered or b"<edxml" in lowered:
            return 95
        if b"messageheader" in lowered:
            return 60
        return None

    def parse(self, data: bytes, name: str) -> Parsed:
        parts: dict[str, tuple[bytes, str | None]] = {}
        xml = data
        warnings: list[str] = []
        if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            start = data.find(b"<?xml", 0, 1024)
            if start > 0 and b"multipart/related" not in data[:start].lower():
                warnings.append(f"bỏ qua {start} byte thừa trước khai báo XML")
                xml = data[start:]
            else:
                xml, parts = _split_mime(data, name)
        refuse_dangerous_xml(xml, name)
        parser = _safe_parser()
        try:
            root = etree.fromstring(xml, parser)
        except etree.XMLSyntaxError as exc:
            raise CorruptFile("không phải XML đọc được", name=name, detail=str(exc)) from exc
        if root is None:
            raise CorruptFile("không phải XML đọc được (tài liệu rỗng)", name=name)
        result = self.result(text_source="edxml", warnings=warnings)
        if len(parser.error_log):
            result.warnings.append("XML không đúng cú pháp; đã đọc phần khôi phục được")
        header = _find(root, "MessageHeader")
        if header is None:
            raise CorruptFile("không có MessageHeader: không phải gói tin edXML", name=name)
        namespace = etree.QName(root).namespace or ""
        result.edxml = read_header(root, header)
        result.edxml["dialect"] = "e-doc.vn" if "e-doc.vn" in namespace or "soap" in namespace.lower() else "qcvn102"
        result.properties = {"dialect": result.edxml["dialect"], "kind": result.edxml["kind"]}
        result.text = header_text(result.edxml)
        result.attachments = list(self._attachments(root, parts, name, result.warnings))
        return result

    def _attachments(self, root: Any, parts: dict[str, tuple[bytes, str | None]], name: str,
                     warnings: list[str]) -> Iterable[Attachment]:
        manifest_names = {}
        for ref in root.iter():
            if _local(ref) == "reference":
                cid = _text(ref, "ContentId") or ref.get("{http://www.w3.org/1999/xlink}href")
                if cid:
                    manifest_names[_cid(cid)] = _text(ref, "AttachmentName")
        for node in root.iter():
            if _local(node) != "attachment" or _child(node, "ContentTransferEncoded") is None and _child(
                    node, "ContentId") is None:
                continue
            cid = _cid(_text(node, "ContentId") or "")
            label = _text(node, "AttachmentName") or manifest_names.get(cid) or cid or "attachment"
            encoded = _text(node, "ContentTransferEncoded")
            if encoded is None and cid in parts:
                payload = parts[cid][0]
            else:
                payload = self._decode(encoded or "", label, warnings)
                if payload is None:
                    continue
            yield from self._unpack(payload, label, _text(node, "ContentType"), _text(node, "Description"),
                                    name)
        for cid, (payload, ctype) in parts.items():
            if cid in manifest_names and not any(_cid(_text(n, "ContentId") or "") == cid
                                                 for n in root.iter() if _local(n) == "attachment"):
                yield from self._unpack(payload, manifest_names[cid] or cid, ctype, None, name)

    def _decode(self, encoded: str, label: str, warnings: list[str]) -> bytes | None:
        compact = re.sub(r"\s+", "", encoded)
        if len(compact) * 3 // 4 > self.ctx.limits.max_unpacked_bytes:
            raise LimitExceeded(f"tệp đính kèm “{label}” vượt giới hạn dung lượng giải nén")
        try:
            return base64.b64decode(compact, validate=True)
        except (binascii.Error, ValueError):
            warnings.append(f"tệp đính kèm “{label}”: nội dung không phải base64 (tệp mẫu hoặc bị hỏng), bỏ qua")
            return None

    def _unpack(self, payload: bytes, label: str, content_type: str | None, description: str | None,
                name: str) -> Iterable[Attachment]:
        if payload.startswith(b"PK\x03\x04"):
            archive = check_zip(payload, self.ctx.limits, f"{name}: {label}", sizes=False)
            if _is_office_zip(archive):  # a document: checked as a file of its own when it is read
                yield Attachment(label, payload, content_type, description)
                return
            archive = check_zip(payload, self.ctx.limits, f"{name}: {label}")  # an archive of files: unpacked here
            members = [i for i in archive.infolist() if not i.is_dir()]
            for info in members:
                inner = read_member(archive, info, self.ctx.limits, name)
                yield Attachment(label if len(members) == 1 else member_name(info), inner,
                                 content_type, description)
            return
        yield Attachment(label, payload, content_type, description)


def _is_office_zip(archive: zipfile.ZipFile) -> bool:
    names = set(archive.namelist())
    return "mimetype" in names or "[Content_Types].xml" in names


def _cid(value: str) -> str:
    return value.strip().removeprefix("cid:").strip("<>")


def _split_mime(data: bytes, name: str) -> tuple[bytes, dict[str, tuple[bytes, str | None]]]:
    """A SOAP-with-attachments message: the XML root part and the other parts by Content-ID."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    xml: bytes | None = None
    parts: dict[str, tuple[bytes, str | None]] = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        payload = part.get_payload(decode=True) or b""
        if xml is None and part.get_content_type() in ("text/xml", "application/xml", "application/soap+xml"):
            xml = payload
        else:
            parts[_cid(part.get("Content-ID", "") or "")] = (payload, part.get_content_type())
    if xml is None:
        raise CorruptFile("gói MIME không có phần XML", name=name)
    return xml, parts


def read_header(root: Any, header: Any) -> dict[str, Any]:
    code = _child(header, "Code")
    number = None
    if code is not None and _child(code, "CodeNumber") is not None:
        parts = [_text(code, "CodeNumber"), _text(code, "CodeNotation")]
        number = "/".join(p for p in parts if p) or None
    promulgation = _child(header, "PromulgationInfo")
    doctype = _child(header, "DocumentType")
    signer = _child(header, "SignerInfo")
    other = _child(header, "OtherInfo")
    business = _find(root, "Bussiness")
    business = business if business is not None else _find(root, "Business")
    status_code = _text(header, "StatusCode")
    info: dict[str, Any] = {
        "kind": "status" if status_code is not None else "document",
        "document_id": _text(header, "DocumentId"),
        "from": _organ(_child(header, "From")),
        "to": [_organ(t) for t in _children(header, "To")],
        "number": number,
        "code_number": _text(code, "CodeNumber") if code is not None else None,
        "code_notation": _text(code, "CodeNotation") if code is not None else None,
        "place": _text(promulgation, "Place") if promulgation is not None else None,
        "promulgation_date_raw": _text(promulgation, "PromulgationDate") if promulgation is not None else None,
        "type": _int(_text(doctype, "Type")) if doctype is not None else None,
        "type_detail": _int(_text(doctype, "TypeDetail")) if doctype is not None else None,
        "type_name": _text(doctype, "TypeName") if doctype is not None else None,
        "subject": _text(header, "Subject"),
        "content": _text(header, "Content"),
        "signer": None if signer is None else {
            "competence": _text(signer, "Competence"), "position": _text(signer, "Position"),
            "full_name": _text(signer, "FullName")},
        "due_date": parse_date(_text(header, "DueDate")),
        "to_places": [p for p in (_text(x) for t in _children(header, "ToPlaces") for x in _children(t, "Place")) if p],
        "other_info": None if other is None else {
            "priority": _int(_text(other, "Priority")),
            "sphere_of_promulgation": _text(other, "SphereOfPromulgation"),
            "typer_notation": _text(other, "TyperNotation"),
            "promulgation_amount": _int(_text(other, "PromulgationAmount")),
            "page_amount": _int(_text(other, "PageAmount")),
            "appendixes": [a for a in (_text(x) for x in _children(other, "Appendixes")
                                                  for x in x) if a]},
        "steering_type": _int(_text(header, "SteeringType")),
        "response_for": [r for r in (_response(x) for x in _children(header, "ResponseFor")) if r],
        "business": _business(business),
        "status": None if status_code is None else {
            "code": status_code, "description": _text(header, "Description"),
            "timestamp": _text(header, "Timestamp"),
            "staff": _text(_child(header, "StaffInfo"), "Staff") if _child(header, "StaffInfo") is not None else None},
        "trace": [{"organ_id": _text(t, "OrganId"), "timestamp": _text(t, "Timestamp")}
                  for t in root.iter() if _local(t) == "traceheader"],
    }
    info["promulgation_date"] = parse_date(info["promulgation_date_raw"])
    return info


def _response(node: Any) -> dict[str, str | None] | None:
    found = {"organ_id": _text(node, "OrganId"), "code": _text(node, "Code"),
             "promulgation_date": parse_date(_text(node, "PromulgationDate")),
             "document_id": _text(node, "DocumentId")}
    return found if any(found.values()) else None


def _business(node: Any | None) -> dict[str, Any] | None:
    if node is None:
        return None
    doc_type = _int(_text(node, "BussinessDocType") or _text(node, "BusinessDocType"))
    return {
        "doc_type": doc_type,
        "operation": BUSINESS_TYPES.get(doc_type) if doc_type is not None else None,
        "reason": _text(node, "BussinessDocReason") or _text(node, "BusinessDocReason"),
        "document_id": _text(node, "DocumentId"),
        "paper": _int(_text(node, "Paper")),
        "replaces": [d for d in (_text(r, "DocumentId") for r in node.iter() if _local(r) == "replacementinfo") if d],
    }


def header_text(info: dict[str, Any]) -> str:
    """A readable summary of the header, the text of the package itself."""
    lines = []
    sender = (info.get("from") or {}).get("organ_name")
    for label, value in (("Cơ quan ban hành", sender), ("Số, ký hiệu", info["number"]),
                         ("Loại văn bản", info["type_name"]), ("Nơi ban hành", info["place"]),
                         ("Ngày ban hành", info["promulgation_date"]), ("Trích yếu", info["subject"]),
                         ("Nội dung", info["content"])):
        if value:
            lines.append(f"{label}: {value}")
    signer = info.get("signer") or {}
    if any(signer.values()):
        lines.append("Người ký: " + ", ".join(v for v in (signer["competence"], signer["position"],
                                                         signer["full_name"]) if v))
    if info["to_places"]:
        lines.append("Nơi nhận: " + "; ".join(info["to_places"]))
    if info["status"]:
        lines.append(f"Trạng thái: {info['status']['code']} {info['status']['description'] or ''}".rstrip())
    return nfc("\n".join(lines))
