"""Operations: what has been taken in, what could not be read and why, and a health check. Only
for people signed in (they show documents that are not published); ``/healthz`` and ``/readyz``
show none."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_login import current_user

from ingest import retries
from ingest.errors import ItemNotFound
from ingest.status import database_ok, item_detail, overview

from . import labels
from .db import get_session
from .fields import metadata_rows

bp = Blueprint("status", __name__)
bp.add_app_template_global(metadata_rows)
bp.add_app_template_filter(labels.item_state, "state_label")
bp.add_app_template_filter(labels.item_event, "event_label")
bp.add_app_template_filter(labels.file_format, "format_label")
bp.add_app_template_filter(labels.source_kind, "source_kind_label")


@bp.before_request
def signed_in_only():  # type: ignore[no-untyped-def]
    from flask import request

    if request.endpoint not in ("status.healthz", "status.readyz") and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    return None


@bp.get("/")
def index():
    return render_template("status/index.html",
                           view=overview(get_session(), configured=current_app.config["CONGBO_SETTINGS"].sources))


@bp.get("/items/<int:item_id>")
def item(item_id: int):
    found = item_detail(get_session(), item_id)
    if found is None:
        abort(404)
    return render_template("status/item.html", item=found)


@bp.post("/items/<int:item_id>/retry")
def retry(item_id: int):
    """Ask for a quarantined or failed item to be read again; a worker reads it within a minute."""
    session = get_session()
    try:
        retries.request_retry(session, item_id, by=current_user.full_name)
    except ItemNotFound:
        abort(404)
    session.commit()
    flash(f"Đã yêu cầu đọc lại mục {item_id}; máy xử lý sẽ đọc lại trong khoảng một phút.", "ok")
    return redirect(url_for("status.item", item_id=item_id))


@bp.get("/healthz")
def healthz():
    ok = database_ok(get_session())
    return jsonify(status="ok" if ok else "error", database=ok), 200 if ok else 503


@bp.get("/readyz")
def readyz():
    """For the operator's probes: each check with what failed; 503 when any did."""
    from ingest.readiness import readiness

    from .db import get_store

    checks = readiness(get_session(), current_app.config["CONGBO_SETTINGS"], get_store().root)
    ready = all(c.ok for c in checks)
    return jsonify(status="ok" if ready else "error",
                   checks={c.name: {"ok": c.ok, "detail": c.detail} for c in checks}), 200 if ready else 503
