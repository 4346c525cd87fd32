"""One engine per app, one session per request (closed at teardown); the services built once."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from editorial.pages import PageImages
from editorial.services import Desk, Policy
from editorial.users import Throttle
from ingest.blobstore import BlobStore
from ingest.db import make_engine, session_factory
from ingest.settings import resolve_path

from .page_cache import PageCache


def init_app(app: Flask) -> None:
    settings = app.config["CONGBO_SETTINGS"]
    engine = make_engine(settings["app.database_url"])
    app.extensions["congbo_engine"] = engine
    app.extensions["congbo_sessions"] = session_factory(engine)
    data = resolve_path(settings, "app.data_dir")
    store = BlobStore(data / "originals")
    app.extensions["congbo_store"] = store
    app.extensions["congbo_desk"] = Desk(Policy.from_settings(settings))
    app.extensions["congbo_throttle"] = Throttle.from_settings(settings)
    app.extensions["congbo_pages"] = PageImages(store, data / "pages", soffice=settings["tools.soffice"],
                                                timeout_s=settings["limits.libreoffice_timeout_s"])
    app.extensions["congbo_search_pages"] = PageCache(settings["app.search_pages_kept"])
    app.teardown_appcontext(close_session)


def get_engine() -> Engine:
    return current_app.extensions["congbo_engine"]


def get_session() -> Session:
    if "db_session" not in g:
        g.db_session = current_app.extensions["congbo_sessions"]()
    return g.db_session


def get_desk() -> Desk:
    return current_app.extensions["congbo_desk"]


def get_store() -> BlobStore:
    return current_app.extensions["congbo_store"]


def get_pages() -> PageImages:
    return current_app.extensions["congbo_pages"]


def get_search_pages() -> PageCache:
    return current_app.extensions["congbo_search_pages"]


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
