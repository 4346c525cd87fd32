"""Status pages: what has been taken in, what could not be read and why, and a health check."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template

from ingest.status import database_ok, item_detail, overview

from .db import get_session
from .fields import metadata_rows

bp = Blueprint("status", __name__)

STATE_LABELS = {
    "stored": "Đã lưu bản gốc", "parsed": "Đã đọc", "queued": "Chờ Tổ Biên tập xem xét", "skipped": "Không đưa vào",
    "duplicate": "Trùng lặp", "failed": "Lỗi tạm thời, sẽ đọc lại", "quarantined": "Cách ly (không đọc được)",
}


@bp.app_template_filter("state_label")
def state_label(state: str) -> str:
    return STATE_LABELS.get(state, state)


bp.add_app_template_global(metadata_rows)


@bp.get("/")
def index():
    return render_template("status/index.html", view=overview(get_session()))


@bp.get("/items/<int:item_id>")
def item(item_id: int):
    found = item_detail(get_session(), item_id)
    if found is None:
        abort(404)
    return render_template("status/item.html", item=found)


@bp.get("/healthz")
def healthz():
    ok = database_ok(get_session())
    return jsonify(status="ok" if ok else "error", database=ok), 200 if ok else 503
