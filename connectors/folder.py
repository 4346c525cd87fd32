"""The VNPT-iOffice export folder: ``.edxml`` packages and plain PDF/DOCX/ODT files dropped there.

A file is taken only once its size and modification time have not changed for ``settle_s``
(:class:`StabilityTracker`, pure and tested on its own), judged from the file itself — its
modification time is when it last changed — so that a cron-driven ``congbo poll --once`` (a new
process each time) and a long-running worker take a file alike; a worker's earlier look, where it
saw the file change without its modification time moving, counts too. After the pipeline has stored it, the file
is moved to ``processed/YYYY/MM/``, or to ``failed/`` with a ``NAME.error.txt`` beside it when it
could not be read. In read-only mode the folder is never touched and the ledger alone prevents
taking a file twice (its key is its relative path and SHA-256).
"""

from __future__ import annotations

import hashlib
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

from .base import ConnectorError, IncomingItem, source_label
from .options import Option

_SKIP_DIRS = {"processed", "failed"}


@dataclass(slots=True)
class StabilityTracker:
    """Decides when a file being copied in is complete: unchanged (size, mtime) for ``settle_s``.
    ``now`` is wall-clock time, the clock modification times are on."""

    settle_s: float
    _seen: dict[Path, tuple[tuple[int, float], float]] = field(default_factory=dict)

    def track(self, path: Path, signature: tuple[int, float], now: float) -> None:
        """Record a look at the file: unchanged since its modification time, or — when this
        tracker saw it otherwise before — since now."""
        previous = self._seen.get(path)
        if previous is None:
            self._seen[path] = (signature, signature[1])
        elif previous[0] != signature:
            self._seen[path] = (signature, max(now, signature[1]))

    def forget(self, path: Path) -> None:
        self._seen.pop(path, None)

    def stable(self, now: float) -> list[Path]:
        return sorted(p for p, (_, since) in self._seen.items() if now - since >= self.settle_s)

    def prune(self, present: set[Path]) -> None:
        for path in set(self._seen) - present:
            del self._seen[path]


class ExportFolder:
    kind = "folder"
    OPTIONS = (Option("path", str, required=True), Option("settle_s", float), Option("read_only", bool))

    def __init__(self, name: str, root: Path, *, settle_s: float = 2.0, read_only: bool = False,
                 clock: Callable[[], float] | None = None, max_bytes: int | None = None) -> None:
        self.name = name
        self.max_bytes = max_bytes  # a larger file is offered as a stream, never read into memory
        self.root = Path(root)
        self.read_only = read_only
        self.tracker = StabilityTracker(settle_s)
        self._clock = clock or _wall_clock

    @classmethod
    def from_config(cls, config: dict[str, Any], settings: Any) -> "ExportFolder":
        if not config.get("path"):
            raise ConnectorError(f"{source_label(config.get('name'))}: nguồn thư mục cần khóa “path”")
        return cls(config["name"], Path(config["path"]), settle_s=float(config.get("settle_s", settings["intake.settle_s"])),
                   read_only=bool(config.get("read_only", False)),
                   max_bytes=int(settings["limits.max_file_mb"] * 2**20))

    def poll(self, known: Callable[[str], bool] = lambda key: False) -> Iterator[IncomingItem]:
        if not self.root.is_dir():
            raise ConnectorError(f"{source_label(self.name)}: thư mục {self.root} không tồn tại")
        now = self._clock()
        present: set[Path] = set()
        for path in sorted(self.root.rglob("*")):
            relative = path.relative_to(self.root)
            if not path.is_file() or relative.parts[0] in _SKIP_DIRS or path.name.startswith(".") \
                    or path.name.endswith(".error.txt"):
                continue
            present.add(path)
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue
            self.tracker.track(path, (stat.st_size, stat.st_mtime), now)
        self.tracker.prune(present)
        for path in self.tracker.stable(now):
            try:
                size = path.stat().st_size
                too_large = self.max_bytes is not None and size > self.max_bytes
                data = b"" if too_large else path.read_bytes()
                digest = _streamed_digest(path) if too_large else hashlib.sha256(data).hexdigest()
            except OSError as exc:
                raise ConnectorError(f"{source_label(self.name)}: không đọc được tệp {path}",
                                     detail=str(exc)) from exc
            relative = path.relative_to(self.root).as_posix()
            if known(f"{relative}:{digest}") and self.read_only:
                continue
            yield IncomingItem(self.name, f"{relative}:{digest}", path.name, data,
                               {"path": str(path), "mtime": path.stat().st_mtime},
                               stream=(lambda p=path: p.open("rb")) if too_large else None,
                               size=size if too_large else None)

    def acknowledge(self, item: IncomingItem, *, error: str | None = None) -> None:
        """Move the stored file out of the way: processed/YYYY/MM/, or failed/ with its error."""
        path = Path(item.meta["path"])
        self.tracker.forget(path)
        if self.read_only or not path.exists():
            return
        if error is None:
            today = datetime.now()
            target_dir = self.root / "processed" / f"{today:%Y}" / f"{today:%m}"
        else:
            target_dir = self.root / "failed"
        target_dir.mkdir(parents=True, exist_ok=True)
        target = _free_name(target_dir / path.name)
        try:
            shutil.move(str(path), target)
            if error is not None:
                target.with_name(target.name + ".error.txt").write_text(error + "\n", encoding="utf-8")
        except OSError as exc:
            raise ConnectorError(f"{source_label(self.name)}: không chuyển được tệp {path} sang {target_dir}",
                                 detail=str(exc)) from exc


def _streamed_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _free_name(target: Path) -> Path:
    counter = 1
    candidate = target
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}-{counter}{target.suffix}")
        counter += 1
    return candidate


def _wall_clock() -> float:
    return time.time()
