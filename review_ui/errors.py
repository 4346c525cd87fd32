"""The one place refusals become HTTP: 403 (not permitted), 404, 409 (wrong state, or a rule of
the regulation refuses it now), 400 (a form without its CSRF token), each a page in Vietnamese.
A refused form shows back what the person typed, so nothing is lost."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from editorial.errors import InvalidTransition, NotFound, NotPermitted, Refused
from ingest.errors import NotRetryable

_TITLES = {400: "Yêu cầu không hợp lệ", 403: "Không có quyền", 404: "Không tìm thấy trang",
           405: "Thao tác không được hỗ trợ", 409: "Không thực hiện được", 413: "Tệp gửi lên quá lớn",
           500: "Lỗi của chương trình"}
_MESSAGES = {400: "Yêu cầu không hợp lệ.", 403: "Bạn không có quyền xem trang này.",
             404: "Trang hoặc văn bản bạn tìm không có.", 405: "Trang này không nhận thao tác đó.",
             413: "Nội dung gửi lên quá lớn.", 500: "Chương trình gặp lỗi; lỗi đã được ghi lại để khắc phục."}


_FORM_LABELS = {"reason": "Lý do", "category": "Chuyên mục", "source_note": "Nguồn (Điều 8.4)", "unit": "Đơn vị",
                "note": "Ghi chú", "username": "Tên đăng nhập"}
_NOT_SHOWN = {"csrf_token", "revision", "action", "password", "not_secret", "outside"}


def _typed() -> list[tuple[str, str]]:
    """What the person typed into the refused form, labelled as on the form."""
    from .fields import LABELS

    out = []
    for key, value in request.form.items(multi=False):
        if key in _NOT_SHOWN or not value.strip():
            continue
        label = LABELS.get(key[2:], key) if key.startswith("f_") else _FORM_LABELS.get(key, key)
        out.append((label, value))
    return out


_PUBLIC = ("/van-ban", "/sitemap")


def _page(status: int, message: str):  # type: ignore[no-untyped-def]
    """The error as the person who met it reads it: a JSON error for the API, the public library's
    page for a reader, the desk's page (with what was typed) for the board."""
    title = _TITLES.get(status, "Lỗi")
    if request.path.startswith("/api/"):
        return jsonify(error={"status": status, "message": message}), status
    if request.path.startswith(_PUBLIC):
        return render_template("library/error.html", status=status, title=title, message=message), status
    return render_template("error.html", status=status, title=title, message=message, typed=_typed()), status


def init_app(app: Flask) -> None:
    app.register_error_handler(NotPermitted, lambda e: _page(403, e.message))
    app.register_error_handler(NotFound, lambda e: _page(404, e.message))
    app.register_error_handler(InvalidTransition, lambda e: _page(409, e.message))
    app.register_error_handler(Refused, lambda e: _page(409, e.message))
    app.register_error_handler(NotRetryable, lambda e: _page(409, str(e)))
    app.register_error_handler(CSRFError, lambda e: _page(
        400, "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã bảo vệ). Vui lòng tải lại trang rồi làm lại."))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        code = error.code or 500
        return _page(code, _MESSAGES.get(code, _TITLES.get(code, "Lỗi")))

    @app.errorhandler(Exception)
    def internal_error(error: Exception):  # type: ignore[no-untyped-def]
        if app.testing:
            raise error  # a test sees the traceback of a bug, not the page that hides it
        app.logger.exception("unhandled error on %s", request.path)
        return _page(500, _MESSAGES[500])
