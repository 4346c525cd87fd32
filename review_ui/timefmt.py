"""Times as the board reads them: local (``editorial.timezone``), day first; never UTC ISO."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app


def shown(moment: datetime | None, with_seconds: bool = False) -> str:
    worktime = current_app.extensions["congbo_desk"].policy.worktime
    if moment is None:
        return "—"
    return worktime.local(moment).strftime("%d/%m/%Y %H:%M:%S" if with_seconds else "%d/%m/%Y %H:%M")


def init_app(app: Flask) -> None:
    app.add_template_filter(shown, "local_time")
