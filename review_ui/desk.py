"""The board's review desk (``/review``): the queue, a document beside its pages, the actions of
the workflow, delegation, reports. Views parse the form, call one service of ``editorial`` and
redirect; the services decide (refusals become 403/409 pages in ``errors``)."""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from editorial import delegations, queue
from editorial.errors import NotFound, Refused
from editorial.pages import PageImageError
from editorial.models import Document, User
from editorial.states import ACTION_LABELS, STATE_LABELS, Action, DocState, Role
from editorial.users import get_user
from ingest.models import Item, utcnow
from library import relations

from . import charts
from .auth import board_required
from .db import get_desk, get_pages, get_session, get_store
from .desk_view import candidate_files, document_view, downloadable, main_item, open_copy_of

bp = Blueprint("desk", __name__, url_prefix="/review")
_STATE_FILTERS = {"open": queue.OPEN_STATES, **{s.value: (s,) for s in DocState}}


def _document(document_id: int) -> Document:
    return get_desk().get(get_session(), document_id)


def _revision() -> int:
    try:
        return int(request.form.get("revision", ""))
    except ValueError:
        raise Refused("Biểu mẫu thiếu số bản đang xem; vui lòng tải lại trang.") from None


@bp.get("/", endpoint="queue")
@board_required
def queue_page():
    state = request.args.get("state", "open")
    states = _STATE_FILTERS.get(state, queue.OPEN_STATES)
    listing = queue.documents(get_session(), get_desk().policy.worktime, states=states,
                              unit=request.args.get("unit") or None, text=request.args.get("q", ""),
                              page=request.args.get("page", 1, type=int))
    return render_template("desk/queue.html", listing=listing, state=state, states=STATE_LABELS,
                           units=get_desk().policy.units, q=request.args.get("q", ""),
                           unit=request.args.get("unit", ""), hours_a_day=get_desk().policy.worktime.hours_a_day)



@bp.get("/skipped")
@board_required
def skipped():
    return render_template("desk/skipped.html", items=queue.skipped_items(get_session()))


@bp.post("/items/<int:item_id>/pull")
@board_required
def pull(item_id: int):
    session = get_session()
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound(f"Không có mục {item_id}.")
    document = get_desk().pull_into_queue(session, item, current_user)
    session.commit()
    flash(f"Đã đưa mục {item_id} vào hàng chờ thành văn bản {document.id}.", "ok")
    return redirect(url_for("desk.document", document_id=document.id))


@bp.get("/documents/<int:document_id>")
@board_required
def document(document_id: int):
    session, document = get_session(), _document(document_id)
    copy = open_copy_of(document.item, get_pages())
    if copy is not None and get_desk().attach_open_copy(session, document, sha256=copy[0], name=copy[1]):
        session.commit()
    view = document_view(session, get_desk(), get_pages(), document, current_user)
    return render_template("desk/document.html", view=view)


@bp.post("/documents/<int:document_id>/edit")
@board_required
def edit(document_id: int):
    session = get_session()
    document = _document(document_id)
    form = request.form
    values = {key[len("f_"):]: value for key, value in form.items() if key.startswith("f_")}
    chosen = set(form.getlist("file"))
    files = ([f.as_record() for f in candidate_files(document.item, get_pages()) if f.sha256 in chosen]
             if form.get("files_shown") else None)
    kept = (relations.from_form(form.getlist("relation"), form.get("new_relation_kind"), form.get("new_relation_number"),
                                form.get("new_relation_date")) if form.get("relations_shown") else None)
    revision = get_desk().edit(session, document, current_user, revision=_revision(), values=values,
                               category=form.get("category"), source_note=form.get("source_note"),
                               unit=form.get("unit"), outside=form.get("outside") == "1", files=files,
                               relations=kept)
    session.commit()
    flash(f"Đã lưu bản {revision.number}.", "ok")
    return redirect(url_for("desk.document", document_id=document_id))


@bp.post("/documents/<int:document_id>/act")
@board_required
def act(document_id: int):
    session = get_session()
    document = _document(document_id)
    try:
        action = Action(request.form.get("action", ""))
    except ValueError:
        abort(400)
    get_desk().act(session, action, document, current_user, revision=_revision(),
                   reason=request.form.get("reason", ""), not_secret=request.form.get("not_secret") == "1")
    session.commit()
    flash(f"Đã {ACTION_LABELS[action].lower()}: văn bản {document.id} {STATE_LABELS[DocState(document.state)].lower()}.",
          "ok")
    return redirect(url_for("desk.document", document_id=document_id))


@bp.get("/documents/<int:document_id>/pages/<int:page>.png")
@board_required
def page_image(document_id: int, page: int):
    item = main_item(_document(document_id).item)
    if item is None:
        abort(404)
    try:
        path = get_pages().png(item.sha256, item.format, page)
    except PageImageError:
        abort(404)
    return send_file(path, mimetype="image/png", max_age=86400)


@bp.get("/documents/<int:document_id>/files/<sha256>")
@board_required
def download(document_id: int, sha256: str):
    names = downloadable(_document(document_id).item, get_pages())
    if sha256 not in names:
        abort(404)
    return send_file(io.BytesIO(get_store().get(sha256)), as_attachment=True, download_name=names[sha256])


@bp.route("/delegation", methods=["GET", "POST"])
@board_required
def delegation():
    session = get_session()
    if request.method == "POST":
        if request.form.get("revoke"):
            delegations.revoke(session, current_user, int(request.form["revoke"]))
            flash("Đã thu hồi ủy quyền.", "ok")
        else:
            try:
                starts, ends = date.fromisoformat(request.form["starts_on"]), date.fromisoformat(request.form["ends_on"])
            except (KeyError, ValueError):
                raise Refused("Ngày bắt đầu và ngày kết thúc ủy quyền phải là ngày hợp lệ.") from None
            deputy = get_user(session, request.form.get("deputy", ""))
            delegations.delegate(session, current_user, deputy, starts, ends, request.form.get("note"))
            flash(f"Đã ủy quyền duyệt cho {deputy.full_name}.", "ok")
        session.commit()
        return redirect(url_for("desk.delegation"))
    deputies = session.query(User).filter(User.role == Role.DEPUTY.value, User.active.is_(True)).all()
    return render_template("desk/delegation.html", delegations=delegations.listing(session), deputies=deputies,
                           today=get_desk().policy.worktime.local(utcnow()).date(),
                           is_head=Role(current_user.role) is Role.HEAD)


@bp.get("/reports")
@board_required
def reports():
    session = get_session()
    worktime = get_desk().policy.worktime
    weeks = queue.weekly(session, worktime)
    labels = [w.starts.strftime("%d/%m") for w in weeks]
    weekly_chart = charts.bars("Văn bản theo tuần", labels, [
        ("Tiếp nhận", [w.taken_in for w in weeks]), ("Đã đăng", [w.published for w in weeks]),
        ("Trả lại", [w.returned for w in weeks])])
    ages = queue.ageing(session, worktime)
    ageing_chart = charts.bars("Thời gian chờ của văn bản đang xử lý", [a for a, _ in ages],
                               [("Số văn bản", [n for _, n in ages])])
    return render_template("desk/reports.html", delays=queue.delays_by_unit(session, worktime),
                           units=get_desk().policy.units, weekly_chart=weekly_chart, ageing_chart=ageing_chart,
                           weeks=weeks, per_unit=queue.by_unit(session, worktime))
