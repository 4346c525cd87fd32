"""The worker: APScheduler runs one job per source (never two runs of a source at once, missed
runs coalesced) and one job that reads failed items again when their time has come."""

from __future__ import annotations

import logging
from typing import Any

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from connectors.base import Connector
from connectors.registry import build_sources, schedule_of

from . import intake
from .pipeline import Pipeline

log = logging.getLogger(__name__)


def register_jobs(scheduler: Any, pipeline: Pipeline, connectors: list[Connector], settings: Any) -> None:
    for connector in connectors:
        scheduler.add_job(intake.poll, IntervalTrigger(seconds=schedule_of(settings, connector.name)),
                          args=(pipeline, connector), id=f"source:{connector.name}", max_instances=1,
                          coalesce=True, misfire_grace_time=60, next_run_time=None)
        scheduler.get_job(f"source:{connector.name}").modify(next_run_time=_now())
    scheduler.add_job(pipeline.retry_due, IntervalTrigger(seconds=60), id="retry-failed", max_instances=1,
                      coalesce=True)


def run_worker(settings: Any) -> None:
    connectors = build_sources(settings)
    with Pipeline.from_settings(settings) as pipeline:
        scheduler = BlockingScheduler(timezone="Asia/Ho_Chi_Minh")
        register_jobs(scheduler, pipeline, connectors, settings)
        log.info("worker started with %d source(s): %s", len(connectors), ", ".join(c.name for c in connectors))
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            log.info("worker stopped")


def _now() -> Any:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)
