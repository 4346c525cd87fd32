"""One engine per app, one session per request (closed at teardown)."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from ingest.db import make_engine, session_factory


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["CONGBO_SETTINGS"]["app.database_url"])
    app.extensions["congbo_engine"] = engine
    app.extensions["congbo_sessions"] = session_factory(engine)
    app.teardown_appcontext(close_session)


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["congbo_sessions"]()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
