"""Time from IMAP APPEND to the item being queued for review, with IDLE and with polling.

    python bench/intake_latency.py [--messages 50] [--poll-s 60]

Both modes run in one run against the same private Dovecot: the worker's scheduler with one job
for the mailbox; with IDLE a listener wakes the job when mail is announced (the scheduled poll is
an hour away), without it the job runs every ``--poll-s`` seconds. Messages are appended one by
one at random moments; each latency is the queued event's time minus the append time. Prints p50
and p95 of each mode and their ratio. Goal: p95 <= 2 s with IDLE.
"""

from __future__ import annotations

import argparse
import random
import statistics
import threading
import time
from datetime import datetime, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select

from intake_common import PASSWORD, USER, configure_logging, document_mail, new_pipeline, remove, start_dovecot

from connectors.imap import ImapSource
from ingest.models import Item, ItemEvent
from ingest.scheduler import idle_loop, register_jobs
from ingest.settings import Settings


def measure(server, *, messages: int, every_s: float, idle: bool, spread_s: float) -> list[float]:
    folder = server.new_folder()
    pipeline = new_pipeline()
    source = lambda: ImapSource("hop-thu", host="127.0.0.1", port=server.port, user=USER,  # noqa: E731
                                password=PASSWORD, folders=(folder,), security="plain")
    poller, listener = source(), source()
    settings = Settings({}, sources=[{"name": "hop-thu", "kind": "imap", "every_s": 3600 if idle else every_s}])
    scheduler = BackgroundScheduler()
    register_jobs(scheduler, pipeline, [poller], settings)
    scheduler.start()
    stop = threading.Event()
    thread = None
    if idle:
        wake = lambda: scheduler.modify_job("source:hop-thu", next_run_time=datetime.now(timezone.utc))  # noqa: E731
        thread = threading.Thread(target=idle_loop, args=(listener, wake, stop), daemon=True)
        thread.start()
    time.sleep(1.0)
    appended: dict[str, float] = {}
    rng = random.Random(7)
    client = server.client()
    for n in range(messages):
        time.sleep(rng.uniform(0, 2 * spread_s / messages))
        appended[f"qd-{n}.docx"] = time.time()
        client.append(folder, None, None, document_mail(n, f"{'idle' if idle else 'poll'}-{folder}"))
    client.logout()
    deadline = time.time() + every_s + 120
    latencies: list[float] = []
    while time.time() < deadline:
        with pipeline.sessions() as session:
            rows = session.execute(select(Item.name, ItemEvent.at).join(ItemEvent, ItemEvent.item_id == Item.id)
                                   .where(ItemEvent.event == "queued", Item.parent_id.is_(None))).all()
        if len(rows) >= messages:
            break
        time.sleep(0.2)
    with pipeline.sessions() as session:
        for subject_item in session.scalars(select(Item).where(Item.parent_id.is_(None))):
            child = next((c for c in subject_item.children if c.name in appended), None)
            queued = next((e.at for e in subject_item.events if e.event == "queued"), None)
            if child and queued:
                moment = queued if queued.tzinfo else queued.replace(tzinfo=timezone.utc)
                latencies.append(moment.timestamp() - appended[child.name])
    stop.set()
    scheduler.shutdown(wait=True)
    poller.close()
    listener.close()
    return latencies


def summary(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=50)
    parser.add_argument("--poll-s", type=float, default=60)
    args = parser.parse_args()
    configure_logging("WARNING")
    server = start_dovecot()
    try:
        idle = measure(server, messages=args.messages, every_s=args.poll_s, idle=True, spread_s=args.messages * 0.5)
        poll = measure(server, messages=args.messages, every_s=args.poll_s, idle=False, spread_s=2 * args.poll_s)
    finally:
        remove(server)
    (idle50, idle95), (poll50, poll95) = summary(idle), summary(poll)
    print(f"APPEND -> queued for review, {args.messages} messages each (a mail with a DOCX decision)")
    print(f"  {'mode':34} {'n':>4} {'p50 s':>8} {'p95 s':>8}")
    print(f"  {'polling every %g s' % args.poll_s:34} {len(poll):>4} {poll50:8.2f} {poll95:8.2f}")
    print(f"  {'IDLE':34} {len(idle):>4} {idle50:8.2f} {idle95:8.2f}")
    print(f"  IDLE p95 is {poll95 / idle95:.0f}x shorter than polling's; goal p95 <= 2 s with IDLE: "
          f"{'met' if idle95 <= 2 else 'not met'}")


if __name__ == "__main__":
    main()
