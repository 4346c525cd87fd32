"""The ``congbo`` command. Settings are read here, once, and passed down."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .errors import IngestError
from .settings import Settings, load_settings

log = logging.getLogger("congbo")


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # pyHanko logs every certificate path it cannot build with a traceback; without configured trust
    # roots that is expected, and the outcome is reported in the signature record itself.
    for noisy in ("pyhanko", "pyhanko_certvalidator", "pdfminer", "PIL"):
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


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from .demo import load_demo

    count = load_demo(settings)
    print(f"demo data: {count} new item(s)")
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

    p = sub.add_parser("demo", help="load the demonstration documents")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="start the web app")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args.settings)
    except IngestError as exc:
        print(f"congbo: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings["app.log_level"])
    try:
        return args.func(args, settings)
    except IngestError as exc:
        print(f"congbo: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
