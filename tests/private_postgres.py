"""A PostgreSQL cluster of a test's own (``initdb`` in a temporary folder, on a free port), so that
stopping or restarting it disturbs no other test. Runs as the ``postgres`` user when the tests run
as root (PostgreSQL refuses to run as root)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def _bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PrivatePostgres:
    root: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _as_owner(self, *command: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True, timeout=120)

    def _ctl(self, action: str, *extra: str) -> None:
        self._as_owner(_bin("pg_ctl") or "pg_ctl", "-D", str(self.root / "data"), "-l", str(self.root / "log"),
                       "-w", "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off",
                       *extra, action)

    def start(self) -> None:
        self._ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("stop", "-m", mode)

    def restart(self, mode: str = "immediate") -> None:
        """``immediate``: as if the server crashed (no checkpoint, clients cut off)."""
        self._ctl("restart", "-m", mode)

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"the private PostgreSQL did not come back on {self.port}")


def available() -> str | None:
    """Why a private cluster cannot be made here, or None."""
    if _bin("initdb") is None or _bin("pg_ctl") is None:
        return "PostgreSQL's initdb and pg_ctl are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres user to run PostgreSQL as"
    return None


def start_private_postgres() -> PrivatePostgres:
    root = Path(tempfile.mkdtemp(prefix="congbo-pg-"))
    server = PrivatePostgres(root, _free_port())
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server._as_owner(_bin("initdb") or "initdb", "-D", str(root / "data"), "-A", "trust", "-U", "postgres",
                     "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")
    server.start()
    return server


def remove(server: PrivatePostgres) -> None:
    try:
        server.stop("immediate")
    except subprocess.CalledProcessError:
        pass
    shutil.rmtree(server.root, ignore_errors=True)
