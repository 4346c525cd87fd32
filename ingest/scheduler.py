"""The worker: APScheduler runs one job per source (never two runs of a source at once, missed
runs coalesced) and one job that reads failed items again when their time has come."""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

import editorial
from connectors.base import Connector, ConnectorError
from connectors.registry import build_sources, schedule_of

from . import intake
from .pipeline import Pipeline

log = logging.getLogger(__name__)


def register_jobs(scheduler: Any, pipeline: Pipeline, connectors: list[Connector], settings: Any) -> None:
    for connector in connectors:
        scheduler.add_job(intake.poll, IntervalTrigger(seconds=schedule_of(settings, connector.name)),
                          args=(pipeline, connector), id=f"source:{connector.name}", max_instances=1,
                          coalesce=True, misfire_grace_time=60, next_run_time=_now())  # first run at once
    scheduler.add_job(pipeline.retry_due, IntervalTrigger(seconds=60), id="retry-failed", max_instances=1,
                      coalesce=True)


def idle_loop(listener: Any, wake: Callable[[], None], stop: threading.Event, *, retry_s: float = 30) -> None:
    """Hold IDLE on a mailbox of its own and run the source's job as soon as mail is announced;
    after a dropped connection, wait and connect again. The scheduled polls go on regardless."""
    while not stop.is_set():
        try:
            if listener.wait_for_news():
                wake()
        except ConnectorError as exc:
            log.warning("IDLE on %s lost: %s; reconnecting in %g s", listener.name, exc, retry_s)
            listener.close()
            stop.wait(retry_s)
    listener.close()


def start_idlers(scheduler: Any, sources: list[Any], stop: threading.Event) -> list[threading.Thread]:
    """One IDLE thread per mailbox whose server offers IDLE, each on a connection of its own."""
    threads = []
    for source in sources:
        if not hasattr(source, "listener"):
            continue
        listener = source.listener()
        try:
            if not listener.supports_idle():
                listener.close()
                continue
        except ConnectorError as exc:
            log.warning("cannot ask %s for IDLE: %s; polling only", listener.name, exc)
            continue
        job_id = f"source:{listener.name}"
        thread = threading.Thread(target=idle_loop, name=f"idle-{listener.name}", daemon=True,
                                  args=(listener, lambda job_id=job_id: scheduler.modify_job(job_id, next_run_time=_now()),
                                        stop))
        thread.start()
        threads.append(thread)
    return threads


def run_worker(settings: Any) -> None:
    connectors = build_sources(settings)
    stop = threading.Event()
    with Pipeline.from_settings(settings) as pipeline:
        scheduler = BlockingScheduler(timezone="Asia/Ho_Chi_Minh")
        register_jobs(scheduler, pipeline, connectors, settings)
        editorial.register_jobs(scheduler, pipeline.sessions, settings)
        start_idlers(scheduler, connectors, stop)
        log.info("worker started with %d source(s): %s", len(connectors), ", ".join(c.name for c in connectors))
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            log.info("worker stopped")
        finally:
            stop.set()


def _now() -> Any:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)
