"""SIGKILL trials: nothing lost, nothing taken twice, nothing stuck, when the worker dies at random.

    .venv/bin/python bench/crash_loop.py [--mails 1000] [--trials 50] [--seed 20261201]

A private Dovecot holds ``--mails`` messages, each with a DOCX to read; a private PostgreSQL
cluster holds the ledger. ``congbo poll --once`` is started and killed with SIGKILL at a random
moment ``--trials`` times, then run to the end. After every kill the messages the server marks
\\Seen must all be stored. At the end it prints trials, kills that landed mid-intake, units, lost
(on the server, not in the ledger), duplicated (one message twice in the ledger), stuck (left
``stored``), seen-before-stored violations; and, side by side, the same mails taken in by one
uninterrupted run into a second database, as the baseline.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from ingest.db import make_engine, migrate, session_factory  # noqa: E402
from ingest.models import Item  # noqa: E402
from ingest.samples import SampleDocument, build_docx  # noqa: E402
from tests.connectors.dovecot import PASSWORD, USER, remove, start_dovecot  # noqa: E402
from tests.private_postgres import remove as remove_postgres  # noqa: E402
from tests.private_postgres import start_private_postgres  # noqa: E402
from tests.settings_files import imap_source, write_settings  # noqa: E402


def fill(dovecot, folder: str, mails: int) -> None:
    client = dovecot.client()
    for n in range(mails):
        message = EmailMessage()
        message["From"], message["To"] = "vanthu@sxd.kontum.gov.vn", USER
        message["Subject"] = f"Công văn số {n + 1}/SXD-VP"
        message["Message-ID"] = f"<loop-{folder}-{n}@sxd.kontum.gov.vn>"
        message.set_content(f"Nội dung thư {n + 1}.")
        document = build_docx(replace(SampleDocument(), number=f"Số: {n + 1}/SXD-VP"))
        message.add_attachment(document, maintype="application", subtype="octet-stream", filename=f"cv-{n + 1}.docx")
        client.append(folder, None, None, message.as_bytes())
    client.logout()


def settings_file(work: Path, url: str, dovecot, folder: str) -> Path:
    return write_settings(work / f"settings-{folder}.toml", url, work / f"data-{folder}",
                          [imap_source(dovecot, folder, USER, password_env="CONGBO_BENCH_MAIL_PASSWORD")],
                          log_level="ERROR")


def seen(dovecot, folder: str) -> set[str]:
    return {line.split("UID ")[1].split()[0] for line in dovecot.flags(folder) if "\\Seen" in line}


def ledger(engine) -> list[Item]:
    with session_factory(engine)() as session:
        return list(session.scalars(select(Item).where(Item.source == "hop-thu", Item.parent_id.is_(None))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20261201)
    parser.add_argument("--kill-after", type=float, nargs=2, default=(1.2, 2.6), metavar=("LO", "HI"),
                        help="seconds after start a kill lands, drawn uniformly (start-up takes about a second)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="congbo-crash-loop-"))
    dovecot, postgres = start_dovecot(), start_private_postgres()
    try:
        admin = create_engine(postgres.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE killed"))
            conn.execute(text("CREATE DATABASE baseline"))
        admin.dispose()
        urls = {name: postgres.url.rsplit("/", 1)[0] + f"/{name}" for name in ("killed", "baseline")}
        folders = {name: dovecot.new_folder() for name in urls}
        started = time.time()
        for name in urls:
            migrate(urls[name])
            fill(dovecot, folders[name], args.mails)
        print(f"filled {args.mails} mails twice in {time.time() - started:.0f} s", flush=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "CONGBO_BENCH_MAIL_PASSWORD": PASSWORD}

        def command(name: str) -> list[str]:
            return [sys.executable, "-m", "ingest.cli", "--settings",
                    str(settings_file(work, urls[name], dovecot, folders[name])), "poll", "--once"]

        started = time.time()
        subprocess.run(command("baseline"), env=env, cwd=ROOT, check=True, capture_output=True)
        baseline_s = time.time() - started

        rng = random.Random(args.seed)
        engine = make_engine(urls["killed"])
        mid, violations = 0, 0
        started = time.time()
        for _ in range(args.trials):
            before = len(ledger(engine))
            worker = subprocess.Popen(command("killed"), env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(*args.kill_after))
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            items = ledger(engine)
            mid += before < len(items) < args.mails
            stored = {item.source_key.rsplit("/", 1)[1] for item in items}
            violations += len(seen(dovecot, folders["killed"]) - stored)
        runs = 0
        while len([i for i in ledger(engine) if i.acknowledged_at]) < args.mails and runs < 5:
            subprocess.run(command("killed"), env=env, cwd=ROOT, check=True, capture_output=True)
            runs += 1
        killed_s = time.time() - started

        items = ledger(engine)
        uids = [item.source_key.rsplit("/", 1)[1] for item in items]
        on_server = {line.split("UID ")[1].split()[0] for line in dovecot.flags(folders["killed"])}
        with session_factory(engine)() as session:
            stuck = session.scalar(select(func.count()).select_from(Item).where(Item.state.in_(("stored", "parsed")),
                                                                                 Item.parent_id.is_(None)))
        engine.dispose()
        lost = len(on_server - set(uids))
        duplicated = len(uids) - len(set(uids))
        unseen = len(on_server - seen(dovecot, folders["killed"]))
        print(f"| trials | kills mid-intake | units | stored | lost | duplicated | stuck | seen before stored | "
              f"left unseen | time with kills | uninterrupted | ratio |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        print(f"| {args.trials} | {mid} | {args.mails} | {len(set(uids))} | {lost} | {duplicated} | {stuck} | "
              f"{violations} | {unseen} | {killed_s:.0f} s | {baseline_s:.0f} s | {killed_s / baseline_s:.1f}× |")
        return 0 if lost == duplicated == stuck == violations == unseen == 0 else 1
    finally:
        remove(dovecot)
        remove_postgres(postgres)


if __name__ == "__main__":
    raise SystemExit(main())
