"""The web app: a thin layer of views over the functions of ``ingest``."""

from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from ingest.settings import Settings, load_settings


def create_app(test_config: Mapping[str, Any] | None = None, *, settings: Settings | None = None) -> Flask:
    """Build the app. ``settings`` defaults to ``load_settings()``; ``test_config`` overrides Flask config."""
    settings = settings or load_settings()
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY=settings["app.secret_key"], CONGBO_SETTINGS=settings,
                            JSON_AS_ASCII=False)
    if test_config:
        app.config.from_mapping(test_config)

    from . import db, status

    db.init_app(app)
    app.register_blueprint(status.bp)
    return app
