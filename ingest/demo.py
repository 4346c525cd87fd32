"""Demonstration data for ``make run``: a few generated documents taken in through the pipeline."""

from __future__ import annotations

from dataclasses import replace

from .pipeline import Pipeline
from .samples import SampleDocument, build_docx, build_odt
from .settings import Settings

DECISION = SampleDocument()
LETTER = SampleDocument(
    number="Số: 1234/SXD-QLXD",
    place_date="Kon Tum, ngày 05 tháng 3 năm 2024",
    doc_type=None,
    subject="V/v hướng dẫn thực hiện cấp giấy phép xây dựng trên địa bàn tỉnh",
    body=("Kính gửi: Ủy ban nhân dân các huyện, thành phố.",
          "Sở Xây dựng hướng dẫn việc cấp giấy phép xây dựng như sau."),
    recipients=("Như trên;", "Công bố trên Trang TTĐT SXD;", "Lưu: VT, QLXD."),
    signer_authority="KT. GIÁM ĐỐC", signer_title="PHÓ GIÁM ĐỐC", signer_name="Trần Thị Bình",
)
OLD_PLAN = replace(SampleDocument(
    number="Số: 15/KH-SXD", place_date="Kon Tum, ngày 10 tháng 01 năm 2002", doc_type="KẾ HOẠCH",
    subject="Kiểm tra chất lượng công trình xây dựng năm 2002",
    body=("Thực hiện chỉ đạo của UBND tỉnh, Sở Xây dựng lập kế hoạch kiểm tra.",),
    signer_authority=None, signer_title="GIÁM ĐỐC", signer_name="Lê Văn Cường",
)).in_legacy("TCVN3")



def demo_files() -> list[tuple[str, bytes]]:
    good = build_docx(DECISION)
    return [
        ("166-QD-SXD.docx", good),
        ("1234-SXD-QLXD.odt", build_odt(LETTER)),
        ("15-KH-SXD-TCVN3.docx", build_docx(OLD_PLAN)),
        ("bi-hong.docx", good[: len(good) // 3]),  # cut short in transfer: shows quarantine
    ]


def load_demo(settings: Settings) -> int:
    created = 0
    with Pipeline.from_settings(settings) as pipeline:
        for name, data in demo_files():
            created += pipeline.ingest_bytes(data, name, source="demo", source_key=name).created
    return created
