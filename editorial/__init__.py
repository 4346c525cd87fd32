"""The board's editorial work (Quy chế Chương III), below the web layer: documents and their
revisions, the workflow and its rules (:mod:`editorial.services`, :mod:`editorial.permissions`),
users and sign-in, delegation, the audit log, notifications. Used alike by the web app and the
command line; nothing here imports Flask."""

from __future__ import annotations

from typing import Any

__all__ = ["register_jobs"]


def register_jobs(scheduler: Any, sessions: Any, settings: Any) -> None:
    """The worker's job that sends notification digests (nothing when no SMTP server is set)."""
    from apscheduler.triggers.interval import IntervalTrigger

    from .notify import Mailer, send_digests

    mailer = Mailer.from_settings(settings)
    if mailer is None:
        return

    def digests() -> None:
        with sessions() as session:
            send_digests(session, mailer)

    scheduler.add_job(digests, IntervalTrigger(seconds=60), id="notification-digests", max_instances=1, coalesce=True)
