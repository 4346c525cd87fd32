"""The library's command of ``congbo``: ``reindex`` rebuilds the public library and its search
text from the board's documents (after an upgrade, or to check that nothing drifted)."""

from __future__ import annotations

import argparse
import time
from typing import Any


def add_commands(sub: Any) -> None:
    p = sub.add_parser("reindex", help="rebuild the public library and its search index from the published documents")
    p.set_defaults(func=cmd_reindex)


def cmd_reindex(args: argparse.Namespace, settings: Any) -> int:
    from ingest.db import make_engine, session_factory

    from .index import reindex

    engine = make_engine(settings["app.database_url"])
    try:
        started = time.monotonic()
        with session_factory(engine)() as session:
            count = reindex(session)
            session.commit()
        print(f"Đã dựng lại thư viện: {count} văn bản công bố ({time.monotonic() - started:.1f} giây).")
    finally:
        engine.dispose()
    return 0
