"""The web app: a thin layer of views over the services of ``editorial`` and ``ingest``.

Blueprints by audience: ``auth`` (sign-in), ``status`` (operations: what was taken in, health),
``desk`` (the board's review desk under ``/review``), ``library`` (the public legal-document
library under ``/van-ban``) and ``api`` (its JSON API under ``/api``). Nothing of a document that
is not published is shown without signing in.
"""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

from ingest.settings import Settings, load_settings


class _SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (or the config says so)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def create_app(test_config: Mapping[str, Any] | None = None, *, settings: Settings | None = None) -> Flask:
    """Build the app. ``settings`` defaults to ``load_settings()``; ``test_config`` overrides Flask config."""
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY=settings["app.secret_key"], CONGBO_SETTINGS=settings, JSON_AS_ASCII=False,
                            SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=False,
                            WTF_CSRF_TIME_LIMIT=None, MAX_CONTENT_LENGTH=2 * 2**20)
    if test_config:
        app.config.from_mapping(test_config)
    app.session_interface = _SessionInterface()
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    from . import api, auth, db, desk, errors, library, status, timefmt

    db.init_app(app)
    auth.init_app(app)
    errors.init_app(app)
    timefmt.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(status.bp)
    app.register_blueprint(desk.bp)
    app.register_blueprint(library.bp)
    app.register_blueprint(api.bp)
    return app
