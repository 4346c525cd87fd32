"""Legacy Word ``.doc``: converted to ODT by LibreOffice headless, then read as ODT.

The converted copy is kept (``Parsed.converted``) so that the item can offer an open-format file
(Quy chế Điều 5.1); the item itself is marked not open format. Conversions in one process share a
private LibreOffice profile and run one at a time (LibreOffice cannot share a profile between
running instances); a conversion that outlives its timeout is killed with its whole process group.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from .base import BaseParser, Parsed
from .errors import ToolFailed
from .odt import OdtParser

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_lock = threading.Lock()
_profile: Path | None = None


def _profile_dir() -> Path:
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix=f"congbo-lo-{os.getpid()}-"))
        atexit.register(shutil.rmtree, _profile, True)
    return _profile


def convert_with_libreoffice(source: Path, target_format: str, outdir: Path, *, soffice: str,
                             timeout: float) -> Path:
    """Convert one file with LibreOffice headless; return the path of the converted file."""
    return convert_many_with_libreoffice([source], target_format, outdir, soffice=soffice, timeout=timeout)[0]


def convert_many_with_libreoffice(sources: list[Path], target_format: str, outdir: Path, *, soffice: str,
                                  timeout: float) -> list[Path]:
    """Convert files with one LibreOffice run (start-up is most of a small file's cost); the paths
    of the converted files, in order. Past ``timeout`` the run is killed with its process group."""
    cmd = [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
           f"-env:UserInstallation={_profile_dir().as_uri()}",
           "--convert-to", target_format, "--outdir", str(outdir), *map(str, sources)]
    with _lock:
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    start_new_session=True)
        except FileNotFoundError as exc:
            raise ToolFailed(f"chưa cài LibreOffice (“{soffice}”)") from exc
        try:
            _, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ToolFailed(f"LibreOffice chuyển đổi tệp quá {timeout:g} giây") from exc
    targets = [outdir / f"{source.stem}.{target_format.split(':')[0]}" for source in sources]
    if proc.returncode != 0 or not all(target.exists() for target in targets):
        detail = stderr.decode("utf-8", "replace").strip() or f"exit code {proc.returncode}"
        raise ToolFailed("LibreOffice không chuyển đổi được tệp", detail=detail)
    return targets


class DocParser(BaseParser):
    format = "doc"
    mime = "application/msword"
    open_format = False

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        if head.startswith(_OLE_MAGIC) and _WORD_STREAM in data[:65536] + data[-65536:]:
            return 90
        if b'progid="Word.Document"' in head or b"<w:wordDocument" in head:
            return 80  # Word 2003 XML, also closed and also read by LibreOffice
        return None

    def parse(self, data: bytes, name: str) -> Parsed:
        source = self.workdir / "source.doc"
        source.write_bytes(data)
        converted = convert_with_libreoffice(
            source, "odt", self.workdir, soffice=self.ctx.soffice,
            timeout=self.ctx.limits.libreoffice_timeout_s)
        odt_bytes = converted.read_bytes()
        with OdtParser(self.ctx) as odt:
            inner = odt.parse(odt_bytes, name)
        result = self.result(
            text=inner.text, blocks=inner.blocks, headers=inner.headers, footers=inner.footers,
            properties=inner.properties, legacy_encoding=inner.legacy_encoding,
            warnings=["tệp Word cũ .doc (không phải định dạng mở): đã chuyển sang ODT, giữ nguyên bản gốc",
                      *inner.warnings],
            converted=("odt", odt_bytes),
        )
        return result
