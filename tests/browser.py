"""Debian's Chromium driven by Playwright (never a downloaded browser), for the tests that show a
feature as a person uses it; screenshots in tests/artifacts/ (ignored by git); axe-core from the
npm registry (``package.json``) for the accessibility checks."""

from __future__ import annotations

import socket
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

from .conftest import need_tool, unavailable

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = need_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def serve(app: Any) -> tuple[str, Any]:
    """The app on a free port of 127.0.0.1, in a thread; (base URL, server to shut down)."""
    from werkzeug.serving import make_server

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{port}", server


def demo_app(root: Path, *, publish: bool = False) -> tuple[Any, Any]:
    """The app on a fresh SQLite database under ``root`` with the demo documents and users (and
    the demo's publications, with ``publish``); (app, settings)."""
    from ingest.db import migrate
    from ingest.demo import load_demo, load_demo_users, publish_demo
    from ingest.settings import load_settings
    from review_ui import create_app

    url = f"sqlite:///{root / 'congbo.sqlite3'}"
    migrate(url)
    settings = load_settings(environ={}, overrides={"app.database_url": url, "app.data_dir": str(root / "data")})
    load_demo(settings)
    load_demo_users(settings)
    if publish:
        assert publish_demo(settings) == 2
    return create_app(settings=settings), settings


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def serious_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    if not AXE.exists():
        unavailable("axe-core is not installed (npm ci, as `make test` does)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
