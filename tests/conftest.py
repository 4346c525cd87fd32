"""Shared fixtures. A test that needs a tool or service skips without it, and fails under CI=1."""

from __future__ import annotations

import os
import shutil
import subprocess
import socket
import uuid
from pathlib import Path
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from ingest.samples import SampleDocument, build_docx, build_odt
from ingest.settings import load_settings
from parsers.base import ParserContext
from parsers.registry import ParserRegistry, default_registry

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PG_ADMIN_URL = os.environ.get("CONGBO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = bool(os.environ.get("CI"))
pytest_plugins = ["tests.board", "tests.browser"]  # the board's people and documents; the browser


def unavailable(why: str) -> None:
    """Skip, or fail under CI=1 where every tool and service must be present."""
    if IN_CI:
        pytest.fail(f"required under CI=1: {why}", pytrace=False)
    pytest.skip(why)


def need_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        unavailable(f"the program {name!r} is not installed")
    return path


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "real" / "truth.jsonl").exists():
        unavailable(f"the shared corpus is not at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def tesseract() -> str:
    path = need_tool("tesseract")
    import subprocess

    langs = subprocess.run([path, "--list-langs"], capture_output=True, text=True).stdout.split()
    if "vie" not in langs:
        unavailable("Tesseract has no Vietnamese data (tesseract-ocr-vie)")
    return path


@pytest.fixture(scope="session")
def soffice() -> str:
    return need_tool("soffice")


@pytest.fixture(scope="session")
def sample() -> SampleDocument:
    return SampleDocument()


@pytest.fixture(scope="session")
def sample_docx(sample) -> bytes:
    return build_docx(sample)


@pytest.fixture(scope="session")
def sample_odt(sample) -> bytes:
    return build_odt(sample)


@pytest.fixture
def ctx() -> ParserContext:
    return ParserContext.from_settings(load_settings(environ={}))


@pytest.fixture
def registry() -> ParserRegistry:
    """A fresh registry per test, so a test that registers a parser cannot leak it."""
    return default_registry()


def _pg_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database for one test: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'congbo.sqlite3'}"
        return
    if not _pg_available():
        unavailable("PostgreSQL is not answering on 127.0.0.1:5432")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def small_disk(tmp_path) -> Path:
    """A real 1 MB file system for the blob store (tmpfs), unmounted after the test."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        unavailable(f"cannot mount a tmpfs for the disk-full test: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def remount(mount: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(mount)], check=True)
