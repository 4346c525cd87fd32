"""Whether this installation can do its work now (``/readyz``): the database answers, the blob
store takes a write, each configured source's last poll went well, and Tesseract and LibreOffice
answer. Each check says what failed."""

from __future__ import annotations

import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import SourceHealth
from .status import database_ok


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    ok: bool
    detail: str = ""


def _store(root: Path) -> Check:
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".readyz-"):
            pass
        return Check("blob_store", True, str(root))
    except OSError as exc:
        return Check("blob_store", False, f"{root}: {exc.strerror or exc}")


def _tool(name: str, command: list[str], timeout_s: float) -> Check:
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, text=True)
    except FileNotFoundError:
        return Check(name, False, f"{command[0]} not installed")
    except subprocess.TimeoutExpired:
        return Check(name, False, f"{command[0]} did not answer in {timeout_s:.0f} s")
    first = (done.stdout or done.stderr).strip().splitlines()
    return Check(name, done.returncode == 0, first[0] if first else f"exit {done.returncode}")


def readiness(session: Session, settings: Any, store_root: Path) -> list[Check]:
    checks = [Check("database", database_ok(session)), _store(store_root)]
    health = {h.name: h for h in session.scalars(select(SourceHealth))}
    for config in settings.sources:
        h = health.get(config["name"])
        if h is None:
            checks.append(Check(f"source:{config['name']}", True, "not polled yet"))
        else:
            checks.append(Check(f"source:{config['name']}", not h.consecutive_failures,
                                h.last_error if h.consecutive_failures else "last poll succeeded"))
    with ThreadPoolExecutor(max_workers=2) as pool:
        tools = [pool.submit(_tool, "tesseract", [settings["tools.tesseract"], "--version"], 10),
                 pool.submit(_tool, "libreoffice", [settings["tools.soffice"], "--version"], 30)]
        checks.extend(f.result() for f in tools)
    return checks
