"""The ``congbo`` command. Settings are read here, once, and passed down."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import IngestError
from .settings import Settings, load_settings

log = logging.getLogger("congbo")


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # pyHanko logs every certificate path it cannot build with a traceback; without configured trust
    # roots that is expected, and the outcome is reported in the signature record itself.
    for noisy in ("pyhanko", "pyhanko_certvalidator", "pdfminer", "PIL", "alembic", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.CRITICAL if level.upper() != "DEBUG" else logging.DEBUG)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and files below folders named, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def cmd_parse(args: argparse.Namespace, settings: Settings) -> int:
    from parsers.base import ParserContext
    from parsers.reading import read, summary, to_dict
    from parsers.registry import default_registry

    ctx = ParserContext.from_settings(settings)
    registry = default_registry()
    failed = 0
    for path in iter_files(args.paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            failed += 1
            record = {"file": str(path), "error": f"cannot be opened: {exc.strerror}"}
            print(json.dumps(record, ensure_ascii=False) if args.json else f"{path}: ERROR: {record['error']}")
            continue
        reading = read(data, str(path), ctx, registry)
        failed += reading.failed
        if args.json:
            print(json.dumps(to_dict(reading), ensure_ascii=False, default=str), flush=True)
        else:
            print("\n".join(summary(reading)), flush=True)
    return 1 if failed else 0


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from .db import migrate

    migrate(settings["app.database_url"])
    print(f"database at {settings['app.database_url']} is up to date")
    return 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import Pipeline

    failed = 0
    with Pipeline.from_settings(settings) as pipeline:
        for path in iter_files(args.paths):
            outcome = pipeline.ingest_file(path, source=args.source)
            failed += outcome.item.state == "quarantined"
            print(f"{path}: item {outcome.item.id} {outcome.item.state}"
                  + (f" ({outcome.item.last_error})" if outcome.item.last_error else ""))
    return 1 if failed else 0


def cmd_retry(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import Pipeline

    with Pipeline.from_settings(settings) as pipeline:
        ids = pipeline.quarantined_ids() if args.failed else [args.item_id]
        for item_id in ids:
            item = pipeline.retry(item_id)
            print(f"item {item.id}: {item.state}" + (f" ({item.last_error})" if item.last_error else ""))
    return 0


def cmd_poll(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import DBAPIError

    from connectors.registry import build_sources

    from . import intake
    from .pipeline import Pipeline

    connectors = [c for c in build_sources(settings) if args.source in (None, c.name)]
    if args.source and not connectors:
        print(f"congbo: no source named {args.source!r}", file=sys.stderr)
        return 2
    failed = 0
    with Pipeline.from_settings(settings) as pipeline:
        while True:
            for connector in connectors:
                try:
                    result = intake.poll(pipeline, connector, force=True)
                except DBAPIError as exc:  # the database is away: nothing was acknowledged; try again next pass
                    failed += 1
                    print(f"{connector.name}: database unavailable: {exc.orig}", flush=True)
                    continue
                failed += result.error is not None
                state = "busy in another worker" if result.skipped_busy else (result.error or "ok")
                print(f"{connector.name}: {result.taken} new item(s); {state}", flush=True)
            try:
                pipeline.retry_due()
            except DBAPIError as exc:
                print(f"retrying failed items: database unavailable: {exc.orig}", flush=True)
            if args.once:
                return 1 if failed else 0
            time.sleep(args.every)


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from .scheduler import run_worker

    run_worker(settings)
    return 0


def cmd_sources(args: argparse.Namespace, settings: Settings) -> int:
    from . import intake
    from .pipeline import Pipeline

    configured = [c.get("name") for c in settings.sources]
    with Pipeline.from_settings(settings) as pipeline:
        health = {h.name: h for h in intake.health_table(pipeline)}
    print(f"{'source':20} {'kind':8} {'last success':20} {'failures':>8} {'taken':>6}  last error")
    for config in settings.sources:
        h = health.get(config.get("name"))
        when = h.last_success_at.strftime("%Y-%m-%d %H:%M:%S") if h and h.last_success_at else "never"
        print(f"{config.get('name', '?'):20} {config.get('kind', '?'):8} {when:20} "
              f"{(h.consecutive_failures if h else 0):>8} {(h.items_taken if h else 0):>6}  "
              f"{(h.last_error if h and h.consecutive_failures else '') or ''}")
    for name in sorted(set(health) - set(configured)):
        print(f"{name:20} (no longer configured)")
    return 0


def cmd_items(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import select

    from .models import Item
    from .pipeline import Pipeline

    with Pipeline.from_settings(settings) as pipeline, pipeline.sessions() as session:
        query = select(Item).where(Item.parent_id.is_(None)).order_by(Item.id)
        if args.state:
            query = query.where(Item.state == args.state)
        for item in session.scalars(query):
            row = {"id": item.id, "source": item.source, "name": item.name, "state": item.state,
                   "skip_reason": item.skip_reason, "duplicate_of": item.duplicate_of_id, "attempts": item.attempts,
                   "last_error": item.last_error, "created_at": item.created_at.isoformat()}
            if args.json:
                print(json.dumps(row, ensure_ascii=False))
            else:
                why = item.skip_reason or item.last_error or (f"of item {item.duplicate_of_id}" if item.duplicate_of_id
                                                               else "")
                print(f"{item.id:>6} {item.state:12} {item.source:14} {item.name}  {why}")
    return 0


def cmd_queue(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import Pipeline

    with Pipeline.from_settings(settings) as pipeline:
        item = pipeline.pull_into_queue(args.item_id, by=args.by)
        print(f"item {item.id}: {item.state}")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from .demo import load_demo, load_demo_users, publish_demo

    count = load_demo(settings)
    print(f"demo data: {count} new item(s)")
    print("demo users (sign in at /login):")
    for username, password, role in load_demo_users(settings):
        print(f"  {role:10} {username:10} password: {password}")
    published = publish_demo(settings)
    print(f"demo library: {published} document(s) published (public pages at /van-ban)")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from review_ui import create_app

    app = create_app(settings=settings)
    app.run(host=settings["app.host"], port=settings["app.port"], threaded=True, use_reloader=False)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="congbo", description="Document intake for the editorial board")
    parser.add_argument("--settings", type=Path, help="settings file (default: $CONGBO_SETTINGS or ./settings.toml)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="read files and print what was found in them")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--json", action="store_true", help="one JSON object per file, one per line")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("ingest", help="store files' original bytes, then read them into items")
    p.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    p.add_argument("--source", default="cli", help="source name recorded on the items")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("retry", help="read a quarantined item again")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("item_id", nargs="?", type=int)
    group.add_argument("--failed", action="store_true", help="every quarantined item")
    p.set_defaults(func=cmd_retry)

    p = sub.add_parser("poll", help="take in what the sources hold now")
    p.add_argument("--source", help="only this source")
    p.add_argument("--once", action="store_true", help="one pass, then exit (the exit code says if a source failed)")
    p.add_argument("--every", type=float, default=30, help="seconds between passes without --once")
    p.set_defaults(func=cmd_poll)

    p = sub.add_parser("worker", help="run the scheduler: every source on its schedule, retries of failed items")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("sources", help="the health of each configured source")
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("items", help="list taken-in items")
    p.add_argument("--state", choices=["stored", "parsed", "queued", "skipped", "duplicate", "failed", "quarantined"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_items)

    p = sub.add_parser("queue", help="put a skipped item in front of the board by hand")
    p.add_argument("item_id", type=int)
    p.add_argument("--by", required=True, help="the board member's user name (recorded in the audit log)")
    p.set_defaults(func=cmd_queue)

    p = sub.add_parser("demo", help="load the demonstration documents")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="start the web app")
    p.set_defaults(func=cmd_serve)

    from editorial.cli import add_commands
    from library.cli import add_commands as add_library_commands

    add_commands(sub)
    add_library_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.settings)
    except IngestError as exc:
        print(f"congbo: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings["app.log_level"])
    from connectors.base import ConnectorError
    from editorial.errors import EditorialError

    try:
        return args.func(args, settings)
    except (IngestError, ConnectorError, EditorialError) as exc:
        print(f"congbo: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
