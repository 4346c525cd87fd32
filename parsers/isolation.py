"""Reading in a supervised child process, so that no file can take the worker down.

A reader that crashes the interpreter (a fault in PDFium or lxml), loops, or swallows memory must
not stop the intake. :class:`SupervisedReader` runs :func:`parsers.reading.read` in a child
process (``python -m parsers.reader_child``) that stays up for many reads; the parent watches the
wall clock and the memory of the child and of the tools it starts (Tesseract, LibreOffice), and
kills the whole process group when the read passes :class:`ChildLimits`. The file then comes back
as a :class:`~parsers.reading.Reading` with ``error`` set, like any unreadable file, and the next
read gets a fresh child. Each calling thread checks out a child of its own, so a slow file of one
source never holds up another source.

:class:`InProcessReader` reads in the calling process (``congbo parse``, unit tests).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import selectors
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from .base import ParserContext
from .errors import InternalError, LimitExceeded, ReaderCrashed
from .reading import Reading, read
from .registry import ParserRegistry

log = logging.getLogger(__name__)

_HEADER = struct.Struct("!Q")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


class Reader(Protocol):
    """Turns the bytes of one file into a :class:`Reading` (never raises for bad input)."""

    def read(self, data: bytes, name: str) -> Reading: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Usage:
    """What one read cost: wall-clock seconds and the peak memory of the reader and its tools."""

    seconds: float
    peak_bytes: int

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20


@dataclass(frozen=True, slots=True)
class ChildLimits:
    """The limits of one read in the child: wall-clock seconds and resident memory (the child and
    every process it started, together). A child that ends a read above ``recycle_fraction`` of the
    memory limit, or has done ``max_reads`` reads, is replaced before the next read."""

    timeout_s: float = 1800.0
    memory_bytes: int = 2048 * 2**20
    max_reads: int = 500
    recycle_fraction: float = 0.25
    poll_s: float = 0.02

    @classmethod
    def from_settings(cls, settings: Any) -> "ChildLimits":
        return cls(timeout_s=float(settings["limits.read_timeout_s"]),
                   memory_bytes=int(settings["limits.read_memory_mb"] * 2**20))


class InProcessReader:
    """Reads in the calling process: no isolation, no limits beyond the readers' own."""

    def __init__(self, ctx: ParserContext, registry: ParserRegistry) -> None:
        self.ctx, self.registry = ctx, registry

    def read(self, data: bytes, name: str) -> Reading:
        return read(data, name, self.ctx, self.registry)

    def close(self) -> None:
        pass


class SupervisedReader:
    """Reads in child processes under :class:`ChildLimits`; see the module's docstring."""

    def __init__(self, ctx: ParserContext, registry: ParserRegistry, limits: ChildLimits = ChildLimits()) -> None:
        self.ctx, self.registry, self.limits = ctx, registry, limits
        self._idle: list[_Child] = []
        self._lock = threading.Lock()
        self._closed = False

    def read(self, data: bytes, name: str) -> Reading:
        return self.read_measured(data, name)[0]

    def read_measured(self, data: bytes, name: str) -> tuple[Reading, Usage]:
        """Read one file; also what the read cost."""
        child = self._checkout()
        keep = False
        try:
            reading, usage, keep = child.read(data, name, self.limits)
            return reading, usage
        finally:
            if keep and not self._closed:
                with self._lock:
                    self._idle.append(child)
            else:
                child.stop()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.stop()

    def __enter__(self) -> "SupervisedReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _checkout(self) -> "_Child":
        with self._lock:
            while self._idle:
                child = self._idle.pop()
                if child.alive():
                    return child
                child.stop()
        return _Child.start(self.ctx, self.registry)


class _Child:
    """One child process and the pipe to it."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.proc = proc
        self.reads = 0

    @classmethod
    def start(cls, ctx: ParserContext, registry: ParserRegistry) -> "_Child":
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        env.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract's own threads: OCR is parallel by page already
        proc = subprocess.Popen([sys.executable, "-m", "parsers.reader_child", str(logging.getLogger().level)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, start_new_session=True)
        child = cls(proc)
        assert proc.stdin is not None
        _send(proc.stdin, (ctx, registry.parsers))
        return child

    def alive(self) -> bool:
        return self.proc.poll() is None

    def read(self, data: bytes, name: str, limits: ChildLimits) -> tuple[Reading, Usage, bool]:
        """(the reading, its cost, whether the child may read again)."""
        started = time.monotonic()
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            _send(self.proc.stdin, (data, name))
        except (BrokenPipeError, OSError):
            return self._crashed(data, name, started, 0)
        watch = _Watch(self.proc.pid)
        deadline = started + limits.timeout_s
        reply = _Receiver(self.proc.stdout)
        with selectors.DefaultSelector() as selector:
            selector.register(self.proc.stdout, selectors.EVENT_READ)
            while not reply.done:
                now = time.monotonic()
                if now >= deadline:
                    self.kill()
                    log.warning("reading %s passed %.0f s: child %s killed", name, limits.timeout_s, self.proc.pid)
                    return (_failed(data, name, LimitExceeded(
                        f"đọc quá {_seconds(limits.timeout_s)}, vượt giới hạn thời gian đọc một tệp; việc đọc đã "
                        "bị dừng (tệp có thể cố ý gây treo chương trình đọc)", name=name)),
                        Usage(now - started, watch.peak), False)
                if watch.sample() > limits.memory_bytes:
                    self.kill()
                    log.warning("reading %s passed %d MB: child %s killed", name, limits.memory_bytes // 2**20,
                                self.proc.pid)
                    return (_failed(data, name, LimitExceeded(
                        f"cần hơn {limits.memory_bytes // 2**20} MB bộ nhớ để đọc, vượt giới hạn bộ nhớ; việc đọc "
                        "đã bị dừng (tệp có thể cố ý làm cạn bộ nhớ)", name=name)),
                        Usage(time.monotonic() - started, watch.peak), False)
                if selector.select(timeout=min(limits.poll_s, max(deadline - now, 0))):
                    if not reply.feed():
                        return self._crashed(data, name, started, watch.peak)
        peak = max(watch.peak, watch.child_hwm())
        self.reads += 1
        keep = self.reads < limits.max_reads and watch.sample() < limits.memory_bytes * limits.recycle_fraction
        usage = Usage(time.monotonic() - started, peak)
        try:
            result = pickle.loads(reply.payload)
        except Exception as exc:  # noqa: BLE001 - a reply we cannot load is the child's failure
            log.error("reading %s: the child's reply could not be loaded", name, exc_info=True)
            return _failed(data, name, ReaderCrashed("trình đọc trả về kết quả hỏng", name=name,
                                                     detail=f"{type(exc).__name__}: {exc}")), usage, False
        if isinstance(result, BaseException):  # the child failed outside any reader: a bug of ours
            log.error("reading %s failed in the child outside any reader: %s", name, result)
            return _failed(data, name, InternalError(
                "lỗi của chương trình khi đọc tệp (không phải lỗi của tệp); lỗi đã được ghi lại, tệp sẽ được đọc lại "
                "sau khi sửa", name=name, detail=str(result))), usage, keep
        return result, usage, keep

    def _crashed(self, data: bytes, name: str, started: float, peak: int) -> tuple[Reading, Usage, bool]:
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.proc.returncode
        how = _signal_name(-code) if code is not None and code < 0 else f"mã thoát {code}"
        log.error("reading %s: the child %s ended (%s)", name, self.proc.pid, how)
        return (_failed(data, name, ReaderCrashed(
            f"chương trình đọc dừng đột ngột khi đọc tệp ({how}); tệp có thể bị hỏng hoặc cố ý gây lỗi",
            name=name, detail=f"child exit {code}")), Usage(time.monotonic() - started, peak), False)

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.close()  # the child ends at the end of its input
                self.proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                self.kill()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()


class _Receiver:
    """One length-prefixed reply, read as it arrives."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.fd = stream.fileno()
        self.buffer = bytearray()
        self.size: int | None = None

    @property
    def done(self) -> bool:
        return self.size is not None and len(self.buffer) >= self.size

    @property
    def payload(self) -> bytes:
        return bytes(self.buffer)

    def feed(self) -> bool:
        """Read what is there; False at end of input (the child died)."""
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            return False
        if self.size is None:
            self.buffer += chunk
            if len(self.buffer) >= _HEADER.size:
                (self.size,) = _HEADER.unpack_from(self.buffer)
                del self.buffer[:_HEADER.size]
        else:
            self.buffer += chunk
        return True


class _Watch:
    """The resident memory of a process and its descendants, sampled; the highest seen."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0

    def sample(self) -> int:
        total = sum(_rss(pid) for pid in _tree(self.pid))
        self.peak = max(self.peak, total)
        return total

    def child_hwm(self) -> int:
        return _status_kb(self.pid, "VmHWM") * 1024


def _tree(root: int) -> list[int]:
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                todo += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
        except OSError:
            continue
    return pids


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _send(stream: IO[bytes], message: object) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)
    stream.flush()


def _failed(data: bytes, name: str, error: LimitExceeded | ReaderCrashed | InternalError) -> Reading:
    return Reading(name, len(data), hashlib.sha256(data).hexdigest(), error=error)


def _seconds(value: float) -> str:
    return f"{value:g} giây" if value < 120 else f"{value / 60:g} phút"


def _signal_name(number: int) -> str:
    try:
        return f"tín hiệu {signal.Signals(number).name}"
    except ValueError:
        return f"tín hiệu {number}"
