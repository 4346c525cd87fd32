"""Signing in and out. The throttle and lock-out live in the database (``editorial.users``), so
they hold across every web process; ``next`` only ever leads to a page of this app."""

from __future__ import annotations

from functools import wraps
from typing import Any, Callable
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFProtect

from editorial.errors import BadCredentials
from editorial.models import User
from editorial.states import ROLE_LABELS, Role
from editorial.users import authenticate

from .db import get_session

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "info"
    csrf.init_app(app)

    @app.context_processor
    def who() -> dict[str, Any]:
        user = current_user if current_user.is_authenticated else None
        return {"signed_in": user, "role_label": ROLE_LABELS.get(Role(user.role)) if user else None}


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = get_session().get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def board_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Signed in as a board member (member, deputy, head); an administrator manages users only."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
        if Role(current_user.role) is Role.ADMIN:
            from flask import abort

            abort(403)
        return view(*args, **kwargs)

    return wrapped


def safe_next(target: str | None) -> str:
    """A path inside this app, or the desk: never another host (``//evil``, ``https://…``, ``\\\\…``)."""
    if not target:
        return url_for("desk.queue")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return url_for("desk.queue")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        session = get_session()
        try:
            user = authenticate(session, request.form.get("username", ""), request.form.get("password", ""),
                                request.remote_addr, current_app.extensions["congbo_throttle"])
        except BadCredentials as refused:
            session.commit()  # the failure counts, in every process
            return render_template("auth/login.html", error=refused.message,
                                   username=request.form.get("username", "")), 401
        session.commit()
        login_user(user)
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", error=None, username="")


@bp.post("/logout")
def logout():
    logout_user()
    flash("Đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))
