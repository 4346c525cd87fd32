"""A library search as the reader asked for it, from the query string of a page or of the API,
checked: a value that cannot be understood is refused with a Vietnamese message (HTTP 400), never
passed on."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Mapping

from library.effectivity import Status
from library.search import MAX_PER_PAGE, PER_PAGE, Filters, SearchRequest, Sort

MAX_QUERY = 300
MAX_PAGE = 10_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class BadSearch(ValueError):
    """A query string the library cannot answer; the message says which value and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean(value: str | None, limit: int = 300) -> str | None:
    """Control and bidirectional characters removed, spaces collapsed, cut to ``limit``."""
    if value is None:
        return None
    value = " ".join(_CONTROL.sub(" ", value).split())[:limit]
    return value or None


def _int(args: Mapping[str, str], key: str, label: str, lo: int, hi: int, default: int | None) -> int | None:
    raw = clean(args.get(key))
    if raw is None:
        return default
    if not raw.isdigit() or not lo <= int(raw) <= hi:
        raise BadSearch(f"{label} “{raw}” không hợp lệ: cần một số từ {lo} đến {hi}.")
    return int(raw)


def as_of_date(raw: str | None) -> date:
    raw = clean(raw)
    if raw is None:
        return date.today()
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw, form).date()
        except ValueError:
            continue
    raise BadSearch(f"Ngày xem hiệu lực “{raw}” không hợp lệ: nhập theo dạng ngày/tháng/năm.")


def search_request(args: Mapping[str, str], *, per_page_allowed: bool = False) -> SearchRequest:
    sort_raw, status_raw = clean(args.get("sort")), clean(args.get("hieu_luc"))
    try:
        sort = Sort(sort_raw) if sort_raw else None
    except ValueError:
        raise BadSearch(f"Cách sắp xếp “{sort_raw}” không có; chọn: {', '.join(s.value for s in Sort)}.") from None
    try:
        status = Status(status_raw) if status_raw else None
    except ValueError:
        raise BadSearch(f"Tình trạng hiệu lực “{status_raw}” không có; chọn: "
                        f"{', '.join(s.value for s in Status)}.") from None
    filters = Filters(doc_type=clean(args.get("loai")), issuer=clean(args.get("co_quan")),
                      signer=clean(args.get("nguoi_ky")), year=_int(args, "nam", "Năm", 1900, 2200, None),
                      category=clean(args.get("chuyen_muc")), effectivity=status)
    per_page = _int(args, "per_page", "Số văn bản mỗi trang", 1, MAX_PER_PAGE, PER_PAGE) if per_page_allowed else PER_PAGE
    return SearchRequest(q=clean(args.get("q"), MAX_QUERY) or "", filters=filters, sort=sort,
                         page=_int(args, "page", "Trang", 1, MAX_PAGE, 1) or 1, per_page=per_page or PER_PAGE,
                         as_of=as_of_date(args.get("ngay")))


def query_args(request: SearchRequest, **changes: object) -> dict[str, object]:
    """The query string that asks for ``request`` again, with ``changes`` (None drops a key)."""
    f = request.filters
    args: dict[str, object] = {"q": request.q or None, "loai": f.doc_type, "co_quan": f.issuer, "nguoi_ky": f.signer,
                               "nam": f.year, "chuyen_muc": f.category,
                               "hieu_luc": f.effectivity.value if f.effectivity else None,
                               "sort": request.sort.value if request.sort else None,
                               "ngay": request.as_of.isoformat() if request.as_of != date.today() else None,
                               "page": request.page if request.page > 1 else None}
    args.update(changes)
    return {k: v for k, v in args.items() if v is not None}


FACET_ARGS = {"doc_type": "loai", "issuer": "co_quan", "signer": "nguoi_ky", "year": "nam", "category": "chuyen_muc",
              "effectivity": "hieu_luc"}
