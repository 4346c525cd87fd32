"""Documents nobody has seen, drawn at random across the Nghị định 30 layout space, with the truth.

:func:`draw` makes one :class:`~ingest.samples.SampleDocument` and the metadata it carries: issuing
bodies of every kind and length (long names wrap in the header's left column, as a 6–7 cm column
does), with or without a parent body; types with their number symbols, công văn with a "V/v"
subject under the number; subjects of one to three lines; signing prefixes (KT., TM., TL., TUQ.,
none; chains such as "TL. BỘ TRƯỞNG" over "KT. CHÁNH VĂN PHÒNG") with the titles that go with them,
acting heads ("Q. GIÁM ĐỐC", a title, not an authority), titles on two lines; effective-date clauses
in every phrasing, and none, with distractor dates from replaced or cited documents; secrecy and
urgency stamps under the number; header and footer as tables, tab-stop rows or stacked lines;
recipients lists. :func:`edxml_package` wraps a document in an edXML envelope whose header names the
sender in normal case, as the exchange systems do; :func:`scanned` renders a printed PDF as a
200-dpi scan with speckles, blur and a slight tilt.
``bench/accuracy.py --generated N --seed S`` scores a fresh set, and tests draw from it with
hypothesis. No rule of the readers may name anything drawn here: it is the target's shape, not a
list to match.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from .samples import SampleDocument

# (parent body or None, issuing body, its code in numbers, the head's title, the deputy's title,
# the collective authority for TM.)
BODIES: tuple[tuple[str | None, str, str, str, str, str | None], ...] = (
    ("UBND TỈNH KON TUM", "SỞ XÂY DỰNG", "SXD", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", None),
    ("UBND TỈNH KON TUM", "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "SLĐTBXH", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", None),
    ("UBND TỈNH GIA LAI", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "STNMT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", None),
    ("UBND TỈNH ĐẮK LẮK", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "SKHĐT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", None),
    ("UBND TỈNH QUẢNG NGÃI", "SỞ GIAO THÔNG VẬN TẢI", "SGTVT", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", None),
    ("BỘ XÂY DỰNG", "CỤC QUẢN LÝ HOẠT ĐỘNG XÂY DỰNG", "HĐXD", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", None),
    ("BỘ XÂY DỰNG", "VỤ KINH TẾ XÂY DỰNG", "KTXD", "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG", None),
    ("UBND HUYỆN ĐĂK HÀ", "PHÒNG KINH TẾ VÀ HẠ TẦNG", "KTHT", "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", None),
    ("UBND THÀNH PHỐ KON TUM", "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG", "BQLDA", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", None),
    ("SỞ XÂY DỰNG TỈNH KON TUM", "TRUNG TÂM QUY HOẠCH VÀ KIỂM ĐỊNH XÂY DỰNG", "TTQH", "GIÁM ĐỐC",
     "PHÓ GIÁM ĐỐC", None),
    ("TỔNG CỤC THUẾ", "CỤC THUẾ TỈNH KON TUM", "CTKTU", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", None),
    ("BỘ TÀI CHÍNH", "KHO BẠC NHÀ NƯỚC", "KBNN", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", None),
    (None, "ỦY BAN NHÂN DÂN TỈNH KON TUM", "UBND", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "ỦY BAN NHÂN DÂN"),
    (None, "ỦY BAN NHÂN DÂN HUYỆN SA THẦY", "UBND", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "ỦY BAN NHÂN DÂN"),
    (None, "BỘ XÂY DỰNG", "BXD", "BỘ TRƯỞNG", "THỨ TRƯỞNG", None),
    ("UBND TỈNH KON TUM", "BAN QUẢN LÝ KHU KINH TẾ", "BQLKKT", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", None),
)
PLACES = ("Kon Tum", "Pleiku", "Hà Nội", "Buôn Ma Thuột", "Quảng Ngãi", "Đăk Hà", "Sa Thầy")
# type as printed, its symbol in numbers
TYPES = (("QUYẾT ĐỊNH", "QĐ"), ("THÔNG BÁO", "TB"), ("KẾ HOẠCH", "KH"), ("BÁO CÁO", "BC"), ("TỜ TRÌNH", "TTr"),
         (None, None))  # None: a công văn
SUBJECTS = (
    "Ban hành Quy chế quản lý, sử dụng và cung cấp thông tin trên Trang thông tin điện tử",
    "Phê duyệt kế hoạch lựa chọn nhà thầu dự án cải tạo, nâng cấp đường giao thông nông thôn",
    "Công bố thủ tục hành chính mới ban hành, sửa đổi, bổ sung trong lĩnh vực xây dựng",
    "Kiện toàn Tổ Biên tập Trang thông tin điện tử",
    "Triển khai thực hiện Chỉ thị về tăng cường công tác quản lý trật tự xây dựng trên địa bàn tỉnh",
    "Kết quả kiểm tra công tác nghiệm thu công trình xây dựng năm 2024",
    "Tổ chức Hội nghị tổng kết công tác năm và triển khai nhiệm vụ năm tiếp theo",
    "Đề nghị cung cấp thông tin về giá vật liệu xây dựng quý III",
    "Hướng dẫn lập và quản lý chi phí đầu tư xây dựng",
    "Giao chỉ tiêu kế hoạch vốn đầu tư công",
    "Thành lập Hội đồng thẩm định báo cáo nghiên cứu khả thi dự án trụ sở làm việc",
    "Chấn chỉnh tình trạng chậm trễ trong giải ngân vốn xây dựng cơ bản",
    "Phân công nhiệm vụ các thành viên Ban Chỉ đạo phòng, chống thiên tai và tìm kiếm cứu nạn",
    "Gia hạn thời gian thực hiện hợp đồng thi công gói thầu số 05",
    "Xếp loại chất lượng đảng viên và tập thể chi bộ năm 2023",
    "Đôn đốc hoàn thành hồ sơ quyết toán các công trình hoàn thành",
    "Tăng cường quản lý nhà nước về giá vật liệu xây dựng và chỉ số giá xây dựng",
    "Mời họp góp ý dự thảo Quy định phân cấp quản lý chất lượng công trình",
    "Điều chỉnh cục bộ quy hoạch chi tiết tỷ lệ 1/500 khu dân cư phía Nam",
    "Cấp giấy phép xây dựng có thời hạn cho hộ gia đình, cá nhân",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "A", "Y")
MIDDLES = ("Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Công", "")
GIVENS = ("An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong", "Quang",
          "Sơn", "Thắng", "Thủy", "Tuấn", "Việt", "Yên", "Khiêm", "Phớc", "Tụng")
RECIPIENTS = ("UBND tỉnh (b/c);", "Giám đốc, các PGĐ Sở;", "Các phòng, đơn vị thuộc Sở;", "Sở Tài chính;",
              "UBND các huyện, thành phố;", "Như trên;", "Như Điều 3;", "Công bố trên Trang TTĐT SXD;")
COLUMN_CHARS = 24  # what the header's left column holds on one line at 13 pt


@dataclass(frozen=True)
class Generated:
    document: SampleDocument
    truth: dict[str, Any]
    layout: dict[str, Any]  # how it was drawn (wrapped issuer, two-line title...), for the report


def wrap(name: str, width: int = COLUMN_CHARS) -> list[str]:
    """A body's name as a narrow column breaks it: whole words, greedily."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _name(rng: random.Random) -> str:
    middle = rng.choice(MIDDLES)
    return " ".join(part for part in (rng.choice(SURNAMES), middle, rng.choice(GIVENS)) if part)


def _date_words(day: date, rng: random.Random) -> str:
    padded = rng.random() < 0.5
    d = f"{day.day:02d}" if padded or day.day < 10 and rng.random() < 0.5 else str(day.day)
    m = f"{day.month:02d}" if padded and day.month < 3 else str(day.month)
    return f"ngày {d} tháng {m} năm {day.year}"


def _signing(rng: random.Random, head: str, deputy: str, collective: str | None) -> tuple[str | None, str, dict]:
    """(authority, title, layout) as the signature block prints them ("KT. X / KT. Y": a chain on two lines)."""
    choice = rng.choice(["head", "deputy", "deputy", "collective", "by-order", "acting", "chain", "mandate"])
    if choice == "head":
        return None, head, {"signing": "head"}
    if choice == "collective" and collective:
        return f"TM. {collective}", rng.choice([head, deputy]), {"signing": "TM"}
    if choice == "by-order":
        return f"TL. {head}", rng.choice(["CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ"]), {"signing": "TL"}
    if choice == "acting":  # an acting head: "Q." is part of the title (NĐ 30 Phụ lục I), no one signs for another
        return None, f"Q. {head}", {"signing": "Q"}
    if choice == "chain":
        office = rng.choice(["CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG QUẢN LÝ XÂY DỰNG"])
        if rng.random() < 0.5:
            return f"TL. {head}", f"Q. {office}", {"signing": "TL-Q"}
        return f"TL. {head} / KT. {office}", f"PHÓ {office}", {"signing": "TL-KT"}
    if choice == "mandate":
        return f"TUQ. {head}", rng.choice(["CHÁNH VĂN PHÒNG", "TRƯỞNG PHÒNG KẾ HOẠCH - TÀI CHÍNH"]), {"signing": "TUQ"}
    return f"KT. {head}", deputy, {"signing": "KT"}


SECRECY_STAMPS = (("MẬT", "Mật"), ("TỐI MẬT", "Tối mật"))
URGENCY_STAMPS = (("KHẨN", "Khẩn"), ("THƯỢNG KHẨN", "Thượng khẩn"), ("HỎA TỐC", "Hỏa tốc"))
LAYOUTS = ("table", "table", "table", "tabs", "tabs", "stacked")


def _stamps(rng: random.Random) -> tuple[tuple[str, ...], str | None, str | None]:
    """(stamps as printed under the number, secrecy, urgency)."""
    secrecy = rng.choice(SECRECY_STAMPS) if rng.random() < 0.12 else None
    urgency = rng.choice(URGENCY_STAMPS) if rng.random() < 0.15 else None
    printed = tuple(mark[0] for mark in (secrecy, urgency) if mark)
    return printed, secrecy[1] if secrecy else None, urgency[1] if urgency else None


def _title_forms(rng: random.Random, title: str, signing: dict) -> tuple[str, str]:
    """(title, as printed): a deputy's title with "THƯỜNG TRỰC", on one line or two."""
    if not title.startswith(("PHÓ CHỦ TỊCH", "THỨ TRƯỞNG", "PHÓ GIÁM ĐỐC")) or rng.random() >= 0.3:
        return title, title
    title += " THƯỜNG TRỰC"
    printed_title = title.replace(" THƯỜNG TRỰC", "\nTHƯỜNG TRỰC") if rng.random() < 0.6 else title
    signing["title_lines"] = printed_title.count("\n") + 1
    return title, printed_title


def _body(rng: random.Random, printed_type: str | None, subject: str, issued: date, code: str,
          issuer: str) -> tuple[tuple[str, ...], date | None, str | None]:
    """(body, effective date, its phrasing): a decision's articles with its own effective-date
    clause in one of five phrasings; any other document's dates of work and another document's
    effectivity, which are no effective date of its own."""
    body = ["Căn cứ Luật Xây dựng ngày 18 tháng 6 năm 2014;",
            f"Căn cứ Quyết định số {rng.randint(1, 999)}/QĐ-UBND ngày {rng.randint(1, 28)} tháng "
            f"{rng.randint(1, 12)} năm {issued.year - 1} của UBND tỉnh;"]
    if printed_type != "QUYẾT ĐỊNH":
        body += [f"Thực hiện văn bản số {rng.randint(1, 999)}/UBND-KT {_date_words(issued - timedelta(days=9), rng)}"
                 " của UBND tỉnh, đơn vị báo cáo như sau:", "1. Nội dung thực hiện trong kỳ.",
                 f"2. Thời gian thực hiện kể từ {_date_words(issued + timedelta(days=rng.randrange(5, 60)), rng)} đến "
                 "hết năm.",  # a date in the body that is no effective date
                 f"3. Quyết định số {rng.randint(1, 999)}/QĐ-UBND có hiệu lực từ "
                 f"{_date_words(issued - timedelta(days=rng.randrange(30, 900)), rng)} vẫn được áp dụng."
                 if rng.random() < 0.3 else "3. Kiến nghị, đề xuất."]
        return tuple(body), None, None
    replaced = issued - timedelta(days=rng.randrange(200, 2000))
    phrasing = rng.choice(["signing", "date", "after", "signing-replaces", "date-replaces"])
    body += ["Theo đề nghị của Chánh Văn phòng.", "QUYẾT ĐỊNH:", f"Điều 1. {subject}."]
    if phrasing.startswith("signing"):
        effective, clause = issued, "Quyết định này có hiệu lực kể từ ngày ký"
    elif phrasing.startswith("date"):
        effective = issued + timedelta(days=rng.randrange(0, 45))
        clause = f"Quyết định này có hiệu lực thi hành kể từ {_date_words(effective, rng)}"
    else:
        days = rng.choice([10, 15, 30])
        effective, clause = issued + timedelta(days=days), f"Quyết định này có hiệu lực sau {days} ngày kể từ ngày ký"
    if phrasing.endswith("replaces"):
        clause += (f" và thay thế Quyết định số {rng.randint(1, 999)}/QĐ-{code} {_date_words(replaced, rng)} "
                   f"của {issuer.title()}")
    body += [f"Điều 2. {clause}.", "Điều 3. Chánh Văn phòng và các đơn vị liên quan chịu trách nhiệm thi hành."]
    return tuple(body), effective, phrasing


def draw(rng: random.Random) -> Generated:
    parent, issuer, code, head, deputy, collective = rng.choice(BODIES)
    if rng.random() < 0.15:
        parent = None
    printed_type, symbol = rng.choice(TYPES)
    number = rng.randint(1, 2999)
    notation = f"{symbol}-{code}" if symbol else f"{code}-{rng.choice(['VP', 'QLXD', 'KHTC', 'TTr'])}"
    issued = date(2020, 1, 1) + timedelta(days=rng.randrange(2400))
    place = rng.choice(PLACES)
    subject = rng.choice(SUBJECTS)
    lines = wrap(subject, 60) if printed_type else wrap("V/v " + subject[0].lower() + subject[1:], 30)
    authority, title, signing = _signing(rng, head, deputy, collective)
    title, printed_title = _title_forms(rng, title, signing)
    notes = rng.choice([(), (), ("(Đã ký)",), ("(Đã ký và đóng dấu)",)])
    name = _name(rng)
    issuer_lines = wrap(issuer)
    layout: dict[str, Any] = {"issuer_lines": len(issuer_lines), **signing, "type": printed_type or "CÔNG VĂN"}
    body, effective, phrasing = _body(rng, printed_type, subject, issued, code, issuer)
    if phrasing:
        layout["effective"] = phrasing
    recipients = tuple(rng.sample(RECIPIENTS, rng.randint(2, 6))) + (rng.choice(["Lưu: VT.", "Lưu: VT, VP."]),)
    stamps, secrecy, urgency = _stamps(rng)
    header_layout, footer_layout = rng.choice(LAYOUTS), rng.choice(LAYOUTS)
    layout.update(header=header_layout, footer=footer_layout, stamps=len(stamps))
    document = SampleDocument(
        parent_issuer=parent, issuer="\n".join(issuer_lines), number=f"Số: {number}/{notation}",
        place_date=f"{place}, {_date_words(issued, rng)}", doc_type=printed_type, subject="\n".join(lines),
        body=body, recipients=recipients, signer_authority=authority, signer_title=printed_title, signer_name=name,
        signature_notes=notes, stamps=stamps, header_layout=header_layout, footer_layout=footer_layout)
    truth = {
        "number": f"{number}/{notation}", "doc_type": (printed_type or "Công văn").capitalize(),
        "issuer": issuer, "parent_issuer": parent, "place": place, "issued_on": issued.isoformat(),
        "subject": subject if printed_type else " ".join(lines), "signer_name": name, "signer_title": title,
        "signer_authority": authority, "recipients": [r.rstrip(";.") for r in recipients],
        "effective_on": effective.isoformat() if effective else None, "secrecy": secrecy, "urgency": urgency,
    }
    return Generated(document, truth, layout)


def generate(count: int, seed: int) -> list[Generated]:
    rng = random.Random(seed)
    return [draw(rng) for _ in range(count)]


def printed(documents: list[Generated], folder: Path, targets: tuple[str, ...] = ("pdf", "doc"), *,
            soffice: str = "soffice", timeout: float = 1800) -> dict[str, list[bytes]]:
    """Each document saved as DOCX, then printed to PDF and saved as Word 97 by LibreOffice (one run
    per target): the bytes per target, in order."""
    from parsers.doc import convert_many_with_libreoffice

    from .samples import build_docx

    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for index, generated in enumerate(documents):
        sources.append(folder / f"d{index:04d}.docx")
        sources[-1].write_bytes(build_docx(generated.document))
    filters = {"pdf": "pdf", "doc": "doc:MS Word 97", "odt": "odt"}
    out = {}
    for target in targets:
        (folder / target).mkdir(exist_ok=True)
        paths = convert_many_with_libreoffice(sources, filters[target], folder / target, soffice=soffice,
                                              timeout=timeout) if sources else []
        out[target] = [path.read_bytes() for path in paths]
    return out


EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
_PLACE_WORDS = ("tỉnh", "huyện", "thành phố", "xã", "phường", "quận", "thị xã")


def normal_case(name: str) -> str:
    """A body's name as the exchange systems write it: "SỞ XÂY DỰNG" -> "Sở xây dựng", the place
    after "tỉnh"/"huyện"/"thành phố" in capitals of its own ("tỉnh Kon Tum")."""
    words = name.lower().split()
    out: list[str] = []
    place = False
    for index, word in enumerate(words):
        if place or index == 0:
            word = word[:1].upper() + word[1:]
        out.append(word)
        pair = " ".join(out[-2:]).lower()
        place = place or word in _PLACE_WORDS or pair in _PLACE_WORDS
    return " ".join(out)


def edxml_package(generated: Generated, attachment: bytes, name: str) -> bytes:
    """The document in an edXML envelope (QCVN 102:2016) as an exchange system sends it: the header
    carries the number, type, subject, signer and recipients; the sender's name is in normal case
    with its place ("Sở xây dựng tỉnh Kon Tum") and no parent body; the attachment is the printed
    document."""
    import base64
    from xml.sax.saxutils import escape

    truth = generated.truth
    number, notation = truth["number"].split("/", 1)
    place_of = (truth["parent_issuer"] or "").split(" TỈNH ")[-1] if " TỈNH " in (truth["parent_issuer"] or "") else ""
    organ = normal_case(truth["issuer"] + (f" tỉnh {place_of}" if place_of and "TỈNH" not in truth["issuer"] else ""))
    priority = {"Khẩn": 1, "Thượng khẩn": 2, "Hỏa tốc": 3}.get(truth["urgency"] or "", 0)
    places = "".join(f"<edXML:Place>{escape(r)}</edXML:Place>" for r in truth["recipients"])
    issued = truth["issued_on"].replace("-", "/")
    header = f"""<edXML:MessageHeader>
<edXML:From><edXML:OrganId>000.00.31.H36</edXML:OrganId><edXML:OrganName>{escape(organ)}</edXML:OrganName></edXML:From>
<edXML:To><edXML:OrganId>000.00.00.H36</edXML:OrganId><edXML:OrganName>Sở Xây dựng tỉnh Kon Tum</edXML:OrganName></edXML:To>
<edXML:DocumentId>{abs(hash(truth['number'])) % 10**9}</edXML:DocumentId>
<edXML:Code><edXML:CodeNumber>{number}</edXML:CodeNumber><edXML:CodeNotation>{escape(notation)}</edXML:CodeNotation></edXML:Code>
<edXML:PromulgationInfo><edXML:Place>{escape(truth['place'])}</edXML:Place><edXML:PromulgationDate>{issued}</edXML:PromulgationDate></edXML:PromulgationInfo>
<edXML:DocumentType><edXML:Type>1</edXML:Type><edXML:TypeName>{escape(truth['doc_type'])}</edXML:TypeName></edXML:DocumentType>
<edXML:Subject>{escape(truth['subject'])}</edXML:Subject>
<edXML:SignerInfo><edXML:Competence>{escape(truth['signer_authority'] or '')}</edXML:Competence><edXML:Position>{escape(truth['signer_title'])}</edXML:Position><edXML:FullName>{escape(truth['signer_name'])}</edXML:FullName></edXML:SignerInfo>
<edXML:ToPlaces>{places}</edXML:ToPlaces>
<edXML:OtherInfo><edXML:Priority>{priority}</edXML:Priority></edXML:OtherInfo>
</edXML:MessageHeader>"""
    content_type = "application/pdf" if name.endswith(".pdf") else "application/octet-stream"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<edXML xmlns="{EDXML_NS}"><edXML:edXMLEnvelope xmlns:edXML="{EDXML_NS}"><edXML:edXMLHeader>{header}</edXML:edXMLHeader>
<edXML:edXMLBody><edXML:edXMLManifest version="1.0"><edXML:Reference><edXML:ContentId>cid:a1</edXML:ContentId>
<edXML:AttachmentName>{escape(name)}</edXML:AttachmentName></edXML:Reference></edXML:edXMLManifest></edXML:edXMLBody>
</edXML:edXMLEnvelope>
<AttachmentEncoded><Attachment><ContentId>cid:a1</ContentId><AttachmentName>{escape(name)}</AttachmentName>
<ContentType>{content_type}</ContentType>
<edXML:ContentTransferEncoded xmlns:edXML="{EDXML_NS}">{base64.b64encode(attachment).decode()}</edXML:ContentTransferEncoded></Attachment></AttachmentEncoded>
</edXML>""".encode()


def scanned(pdf: bytes, *, dpi: int = 200, seed: int = 7, tilt: float = 0.4, stamp: str | None = None,
            faint: bool = False) -> bytes:
    """A printed PDF as a scanner makes it: each page rendered at ``dpi`` in grey, speckled, tilted
    by ``tilt`` degrees and blurred a little, saved as an image-only PDF. With ``stamp`` ("MẬT"),
    the first page is scanned in colour with that mark stamped in red ink in a frame under the
    number, as a clerk stamps a secret document; ``faint``: with too little ink to read."""
    import io

    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    images = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index, page in enumerate(document):
            image = page.render(scale=dpi / 72).to_pil().convert("RGB" if stamp and index == 0 else "L")
            if stamp and index == 0:
                _stamp(image, page, stamp, dpi / 72, faint, rng)
            pixels = image.load()
            ink = (0, 90, 160) if image.mode == "L" else ((0, 0, 0), (90, 90, 90), (160, 160, 160))
            for _ in range(image.width * image.height // 400):
                pixels[rng.randrange(image.width), rng.randrange(image.height)] = rng.choice(ink)
            white = 255 if image.mode == "L" else (255, 255, 255)
            image = image.rotate(tilt, fillcolor=white, resample=Image.BICUBIC).filter(ImageFilter.GaussianBlur(0.5))
            images.append(image)
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out.getvalue()


def _stamp(image: Any, page: Any, text: str, scale: float, faint: bool, rng: random.Random) -> None:
    """A rubber stamp: the mark in a red frame, under the number's line (or high on the left)."""
    from PIL import ImageDraw, ImageFont

    textpage = page.get_textpage()
    try:
        searcher = textpage.search("Số:")
        found = searcher.get_next()
        box = textpage.get_charbox(found[0]) if found else None
    finally:
        textpage.close()
    height = page.get_height()
    x = (box[0] if box else 90) * scale
    y = ((height - box[1]) + 10 if box else 150) * scale  # PDF y grows upwards
    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", int(16 * scale))
    ink = (236, 150, 150) if faint else (200, 20, 30)
    draw = ImageDraw.Draw(image)
    left, top, right, bottom = draw.textbbox((x, y), text, font=font)
    pad = 5 * scale
    draw.rectangle((left - pad, top - pad, right + pad, bottom + pad), outline=ink, width=max(1, int(1.5 * scale)))
    if faint:  # a dry stamp: the letters broken into specks
        for _ in range(int((right - left) * (bottom - top) * 0.02)):
            px, py = rng.uniform(left, right), rng.uniform(top, bottom)
            draw.ellipse((px, py, px + 2 * scale, py + 2 * scale), fill=ink)
    else:
        draw.text((x, y), text, font=font, fill=ink)
