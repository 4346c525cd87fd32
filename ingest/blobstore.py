"""Content-addressed store of original bytes: ``ROOT/ab/cd/abcd…`` named by SHA-256.

A write goes to a temporary file in the target folder, is flushed and fsync'd, renamed into place,
and the folder is fsync'd, so after :meth:`BlobStore.put` returns the bytes survive a crash; a reader
never sees a half-written blob. Writing the same content twice is a no-op.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable

from parsers.limits import count_vi

from .errors import StorageError


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise StorageError(f"“{sha256}” không phải mã SHA-256 của một bản gốc")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        try:
            self._land(lambda handle: (handle.write(data), digest)[1])
        except OSError as exc:
            raise StorageError(f"không lưu được bản gốc ({count_vi(len(data))} byte, SHA-256 {digest}) vào kho: "
                               f"{_why(exc)}", detail=str(exc)) from exc
        return digest

    def put_stream(self, opener: Callable[[], BinaryIO]) -> tuple[str, int]:
        """Store what ``opener()`` reads, a megabyte at a time (a file too large to hold in
        memory); its (SHA-256, size). Durable like :meth:`put`."""
        size = 0

        def copy(handle: BinaryIO) -> str:
            nonlocal size
            digest = hashlib.sha256()
            with opener() as source:
                while chunk := source.read(1 << 20):
                    digest.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
            return digest.hexdigest()

        try:
            return self._land(copy), size
        except OSError as exc:
            raise StorageError(f"không lưu được bản gốc lớn vào kho: {_why(exc)}", detail=str(exc)) from exc

    def _land(self, fill: Callable[[BinaryIO], str]) -> str:
        """Write through ``fill`` (which returns the SHA-256 of what it wrote) to a temporary file,
        fsync it, rename it to its place and fsync the folder; the digest."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                digest = fill(handle)
                handle.flush()
                os.fsync(handle.fileno())
            target = self.path(digest)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(target.parent)
        return digest

    def get(self, sha256: str) -> bytes:
        try:
            data = self.path(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(f"bản gốc SHA-256 {sha256} không còn trong kho lưu trữ") from exc
        if hashlib.sha256(data).hexdigest() != sha256:
            raise StorageError(f"bản gốc SHA-256 {sha256} bị hỏng: nội dung không còn khớp mã băm")
        return data

    def __contains__(self, sha256: str) -> bool:
        return self.path(sha256).exists()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _why(exc: OSError) -> str:
    """The system's reason in Vietnamese (its own words go to the log)."""
    import errno

    return {errno.ENOSPC: "ổ đĩa đã đầy", errno.EDQUOT: "vượt hạn mức dung lượng", errno.EROFS: "ổ đĩa chỉ cho đọc",
            errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi",
            errno.EIO: "lỗi đọc ghi của ổ đĩa"}.get(exc.errno or 0, "lỗi hệ thống tệp")
