"""edXML packages (QCVN 102:2016): header as data, attachments unpacked, status packages and
lifecycle operations recognised, nothing resolved from outside the file."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from parsers.reading import read

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def package(*, body: bytes = b"Noi dung", name: str = "cong-van.txt", zipped: bool = False,
            business: int | None = None, date: str = "2023/12/26", doctype: str = "") -> bytes:
    payload = body
    if zipped:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("5c70a2fe-uuid.PDF", body)
        payload = out.getvalue()
    encoded = base64.b64encode(payload).decode()
    business_xml = (f"<edXML:Bussiness><edXML:BussinessDocType>{business}</edXML:BussinessDocType>"
                    "<edXML:BussinessDocReason>Thay thế văn bản sai sót</edXML:BussinessDocReason>"
                    "<edXML:ReplacementInfoList><edXML:ReplacementInfo><edXML:DocumentId>old-1</edXML:DocumentId>"
                    "</edXML:ReplacementInfo></edXML:ReplacementInfoList></edXML:Bussiness>") if business is not None else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>{doctype}
<edXML xmlns="{NS}"><edXML:edXMLEnvelope xmlns:edXML="{NS}"><edXML:edXMLHeader><edXML:MessageHeader>
<edXML:From><edXML:OrganId>000.00.31.H36</edXML:OrganId><edXML:OrganName>Sở Xây dựng tỉnh Kon Tum</edXML:OrganName></edXML:From>
<edXML:To><edXML:OrganId>000.00.00.H36</edXML:OrganId><edXML:OrganName>UBND tỉnh Kon Tum</edXML:OrganName></edXML:To>
<edXML:DocumentId>doc-166</edXML:DocumentId>
<edXML:Code><edXML:CodeNumber>166</edXML:CodeNumber><edXML:CodeNotation>QĐ-SXD</edXML:CodeNotation></edXML:Code>
<edXML:PromulgationInfo><edXML:Place>Kon Tum</edXML:Place><edXML:PromulgationDate>{date}</edXML:PromulgationDate></edXML:PromulgationInfo>
<edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>Quyết định</edXML:TypeName></edXML:DocumentType>
<edXML:Subject>Ban hành Quy chế Trang thông tin điện tử</edXML:Subject>
<edXML:SignerInfo><edXML:Competence>KT. GIÁM ĐỐC</edXML:Competence><edXML:Position>PHÓ GIÁM ĐỐC</edXML:Position><edXML:FullName>Nguyễn Văn An</edXML:FullName></edXML:SignerInfo>
<edXML:ToPlaces><edXML:Place>Công bố trên Trang TTĐT SXD</edXML:Place></edXML:ToPlaces>
{business_xml}
</edXML:MessageHeader></edXML:edXMLHeader>
<edXML:edXMLBody><edXML:edXMLManifest version="1.0"><edXML:Reference><edXML:ContentId>cid:a1</edXML:ContentId>
<edXML:AttachmentName>{name}</edXML:AttachmentName></edXML:Reference></edXML:edXMLManifest></edXML:edXMLBody>
</edXML:edXMLEnvelope>
<AttachmentEncoded><Attachment><ContentId>cid:a1</ContentId><AttachmentName>{name}</AttachmentName>
<ContentType>application/pdf</ContentType>
<edXML:ContentTransferEncoded xmlns:edXML="{NS}">{encoded}</edXML:ContentTransferEncoded></Attachment></AttachmentEncoded>
</edXML>""".encode()


def test_the_header_is_structured_data(ctx, registry):
    parsed = read(package(), "goi-tin.edxml", ctx, registry).parsed
    header = parsed.edxml
    assert parsed.format == "edxml" and parsed.text_source == "edxml"
    assert header["kind"] == "document" and header["number"] == "166/QĐ-SXD"
    assert header["promulgation_date"] == "2023-12-26" and header["place"] == "Kon Tum"
    assert header["from"]["organ_name"] == "Sở Xây dựng tỉnh Kon Tum"
    assert header["signer"] == {"competence": "KT. GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC", "full_name": "Nguyễn Văn An"}
    assert header["to_places"] == ["Công bố trên Trang TTĐT SXD"]


def test_dates_written_day_first_are_read(ctx, registry):
    assert read(package(date="26/12/2023 08:30:00"), "p", ctx, registry).parsed.edxml["promulgation_date"] == "2023-12-26"


def test_a_zipped_payload_is_unpacked_and_named_after_attachment_name(pdf_from_docx, ctx, registry):
    reading = read(package(body=pdf_from_docx, name="166-QD-SXD.pdf", zipped=True), "p", ctx, registry)
    [attachment] = reading.attachments
    assert attachment.name == "166-QD-SXD.pdf"
    assert attachment.parsed.format == "pdf" and "SỞ XÂY DỰNG" in attachment.parsed.text


@pytest.mark.parametrize("code, operation", [(0, "new"), (1, "revoke"), (2, "update"), (3, "replace")])
def test_business_doc_type_is_exposed(code, operation, ctx, registry):
    business = read(package(business=code), "p", ctx, registry).parsed.edxml["business"]
    assert (business["doc_type"], business["operation"]) == (code, operation)
    assert business["replaces"] == ["old-1"]


def test_a_package_declaring_entities_is_refused_and_nothing_is_resolved(ctx, registry, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    doctype = f'<!DOCTYPE edXML [<!ENTITY leak SYSTEM "file://{secret}">]>'
    data = package(doctype=doctype).replace(b"Ban h\xc3\xa0nh Quy", b"&leak; Ban h\xc3\xa0nh Quy")
    reading = read(data, "xxe.edxml", ctx, registry)
    assert reading.parsed is None and "TOP-SECRET" not in str(reading.error)
    assert "khai báo DTD hoặc thực thể XML" in str(reading.error) and "nghi là tệp độc hại" in str(reading.error)


def test_the_older_soap_dialect_with_mime_attachments_is_read(ctx, registry):
    envelope = """<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:edXML="http://www.e-doc.vn/Schema/" xmlns:xlink="http://www.w3.org/1999/xlink">
<SOAP-ENV:Header><edXML:MessageHeader><edXML:From><edXML:OrganName>Sở Xây dựng</edXML:OrganName></edXML:From>
<edXML:Code><edXML:CodeNumber>12</edXML:CodeNumber><edXML:CodeNotation>SXD-VP</edXML:CodeNotation></edXML:Code>
<edXML:Subject>V/v báo cáo</edXML:Subject></edXML:MessageHeader></SOAP-ENV:Header>
<SOAP-ENV:Body><edXML:Manifest><edXML:Reference xlink:href="cid:part1" xlink:type="text/plain">
<edXML:AttachmentName>bao-cao.txt</edXML:AttachmentName></edXML:Reference></edXML:Manifest></SOAP-ENV:Body>
</SOAP-ENV:Envelope>"""
    mime = (b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="B"; type="text/xml"\r\n\r\n'
            b"--B\r\nContent-Type: text/xml; charset=UTF-8\r\n\r\n" + envelope.encode() + b"\r\n"
            b"--B\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-ID: <part1>\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode("Báo cáo tháng".encode()) + b"\r\n--B--\r\n")
    reading = read(mime, "old.edxml", ctx, registry)
    assert reading.parsed.edxml["dialect"] == "e-doc.vn" and reading.parsed.edxml["number"] == "12/SXD-VP"
    [attachment] = reading.attachments
    assert attachment.name == "bao-cao.txt" and attachment.parsed.text == "Báo cáo tháng"


def test_every_kit_package_reads_and_status_packages_are_told_apart(corpus, ctx, registry):
    files = sorted(p for p in (corpus / "edxml").iterdir() if p.name != "README.md")
    assert len(files) >= 29
    for path in files:
        reading = read(path.read_bytes(), path.name, ctx, registry)
        assert reading.error is None, f"{path.name}: {reading.error}"
        header = reading.parsed.edxml
        assert header["kind"] == ("status" if "_status" in path.name else "document"), path.name
        if header["kind"] == "status":
            assert header["status"]["code"] and not reading.attachments
    replacement = read((corpus / "edxml" / "all4u1089_truclienthong-example__resources_edoc_replacement.edxml")
                       .read_bytes(), "r", ctx, registry).parsed.edxml
    assert replacement["business"]["operation"] == "replace"
    assert replacement["number"] == "7816/VPCP-TTĐT" and replacement["promulgation_date"] == "2018-09-28"
