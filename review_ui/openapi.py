"""The OpenAPI 3.0 description of the library's API (``/api/openapi.json``)."""

from __future__ import annotations

from library.effectivity import Status
from library.search import MAX_PER_PAGE, PER_PAGE, Sort

from .search_args import MAX_PAGE, MAX_QUERY

_NULLABLE_STRING = {"type": "string", "nullable": True}
_NULLABLE_DATE = {"type": "string", "format": "date", "nullable": True}


def _param(name: str, description: str, schema: dict) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


_AS_OF = _param("ngay", "Ngày xem hiệu lực (YYYY-MM-DD); mặc định hôm nay.", {"type": "string", "format": "date"})
_SUMMARY = {
    "type": "object",
    "required": ["id", "number", "type", "issuer", "signer", "issued_on", "effective_on", "ended_on", "category",
                 "subject", "url", "api_url", "published_at", "effectivity"],
    "properties": {
        "id": {"type": "integer"}, "number": _NULLABLE_STRING, "type": _NULLABLE_STRING, "issuer": _NULLABLE_STRING,
        "signer": _NULLABLE_STRING, "issued_on": _NULLABLE_DATE, "effective_on": _NULLABLE_DATE,
        "ended_on": _NULLABLE_DATE, "category": _NULLABLE_STRING, "subject": _NULLABLE_STRING,
        "url": {"type": "string"}, "api_url": {"type": "string"}, "published_at": {"type": "string", "format": "date-time"},
        "effectivity": {"type": "string", "enum": [s.value for s in Status]},
    },
}
_FACET = {"type": "array", "items": {"type": "object", "required": ["value", "count"],
                                     "properties": {"value": {}, "count": {"type": "integer"}}}}
_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["status", "message"],
    "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}}
_ERROR_RESPONSE = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}

DESCRIPTION = {
    "openapi": "3.0.3",
    "info": {"title": "API văn bản – Sở Xây dựng tỉnh Kon Tum", "version": "1.0.0",
             "description": "Văn bản đã công bố trên Trang thông tin điện tử Sở Xây dựng: tìm kiếm (có dấu hoặc "
                            "không dấu), lọc, và thuộc tính từng văn bản. Chỉ đọc."},
    "servers": [{"url": "/"}],
    "paths": {
        "/api/v1/documents": {"get": {
            "operationId": "listDocuments", "summary": "Tìm kiếm và liệt kê văn bản đã công bố",
            "parameters": [
                _param("q", "Từ khóa, \"cụm từ\" hoặc số ký hiệu.", {"type": "string", "maxLength": MAX_QUERY}),
                _param("loai", "Loại văn bản, ví dụ Quyết định.", {"type": "string"}),
                _param("co_quan", "Cơ quan ban hành.", {"type": "string"}),
                _param("nguoi_ky", "Người ký.", {"type": "string"}),
                _param("nam", "Năm ban hành.", {"type": "integer", "minimum": 1900, "maximum": 2200}),
                _param("chuyen_muc", "Chuyên mục (Quy chế Điều 6).", {"type": "string"}),
                _param("hieu_luc", "Tình trạng hiệu lực tại ngày xem.", {"type": "string", "enum": [s.value for s in Status]}),
                _AS_OF,
                _param("sort", "Sắp xếp; mặc định: liên quan nhất khi có từ khóa, mới nhất khi không.",
                       {"type": "string", "enum": [s.value for s in Sort]}),
                _param("page", "Trang kết quả.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}),
                _param("per_page", "Số văn bản mỗi trang.",
                       {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": PER_PAGE}),
            ],
            "responses": {
                "200": {"description": "Một trang kết quả", "content": {"application/json": {"schema": {
                    "type": "object",
                    "required": ["total", "total_exact", "page", "per_page", "pages", "as_of", "items", "facets"],
                    "properties": {"total": {"type": "integer", "description": "Đếm tối đa tới 1.000."},
                                   "total_exact": {"type": "boolean",
                                                   "description": "false: có hơn `total` văn bản khớp; số đếm ở "
                                                                  "facets tính trên `total` văn bản mới nhất."},
                                   "page": {"type": "integer"},
                                   "per_page": {"type": "integer"}, "pages": {"type": "integer"},
                                   "as_of": {"type": "string", "format": "date"},
                                   "items": {"type": "array", "items": {"$ref": "#/components/schemas/Summary"}},
                                   "facets": {"type": "object", "additionalProperties": _FACET}}}}}},
                "304": {"description": "Không thay đổi"},
                "400": {"description": "Tham số không hợp lệ", **_ERROR_RESPONSE},
            }}},
        "/api/v1/documents/{id}": {"get": {
            "operationId": "getDocument", "summary": "Thuộc tính một văn bản đã công bố",
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 0}},
                           _AS_OF],
            "responses": {
                "200": {"description": "Văn bản", "content": {"application/json": {"schema": {
                    "allOf": [{"$ref": "#/components/schemas/Summary"}, {"type": "object", "properties": {
                        "files": {"type": "array", "items": {"type": "object"}},
                        "related": {"type": "array", "items": {"type": "object"}},
                        "corrections": {"type": "array", "items": {"type": "object"}},
                        "signatures": {"type": "array", "items": {"type": "object"}},
                        "text_url": _NULLABLE_STRING}}]}}}},
                "304": {"description": "Không thay đổi"},
                "400": {"description": "Tham số không hợp lệ", **_ERROR_RESPONSE},
                "404": {"description": "Không có văn bản đã công bố với mã này", **_ERROR_RESPONSE},
            }}},
    },
    "components": {"schemas": {"Summary": _SUMMARY, "Error": _ERROR}},
}
