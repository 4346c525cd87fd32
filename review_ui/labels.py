"""Vietnamese labels for the codes the ledger stores: item states and event names."""

from __future__ import annotations

ITEM_STATES = {
    "stored": "Đã lưu bản gốc", "parsed": "Đã đọc", "queued": "Đã đưa lên bàn biên tập", "skipped": "Không đưa vào",
    "duplicate": "Trùng lặp", "failed": "Lỗi tạm thời, sẽ đọc lại", "quarantined": "Cách ly (không đọc được)",
}
ITEM_EVENTS = {
    "stored": "Lưu bản gốc", "read": "Đọc văn bản", "queued": "Đưa lên bàn biên tập", "skipped": "Không đưa vào",
    "duplicate": "Trùng lặp", "failed": "Lỗi tạm thời", "quarantined": "Cách ly", "retry": "Đọc lại",
    "retry requested": "Yêu cầu đọc lại",
    "queued by hand": "Thành viên Tổ Biên tập đưa vào hàng chờ", "take-down requested": "Yêu cầu gỡ khỏi Trang TTĐT",
}
SOURCE_KINDS = {"folder": "Thư mục xuất của iOffice", "imap": "Hộp thư (IMAP)"}
FORMATS = {"pdf": "PDF", "docx": "Word (DOCX)", "odt": "ODT", "doc": "Word cũ (DOC)", "edxml": "Gói tin edXML",
           "email": "Thư điện tử", "zip": "Tệp nén ZIP", "image": "Ảnh quét", "text": "Văn bản thuần",
           "ods": "Bảng tính ODS", "odp": "Trình chiếu ODP"}


def item_state(state: str) -> str:
    return ITEM_STATES.get(state, state)


def item_event(event: str) -> str:
    return ITEM_EVENTS.get(event, event)


def source_kind(kind: str) -> str:
    return SOURCE_KINDS.get(kind, kind)


def file_format(fmt: str | None) -> str:
    return FORMATS.get(fmt or "", fmt or "—")
