"""A file's fault and the program's are told apart: a library refusing malformed bytes is a damaged
file; a bug in congbo's own reader is "lỗi của chương trình", logged with its traceback."""

from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path

from parsers.base import BaseParser
from parsers.errors import CorruptFile, InternalError
from parsers.reading import read


class _Buggy(BaseParser):
    format, mime, open_format = "buggy", "application/x-buggy", True

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        return 1000 if head.startswith(b"BUGGY") else None

    def parse(self, data: bytes, name: str):  # type: ignore[no-untyped-def]
        if data.startswith(b"BUGGY-ZIP"):
            zipfile.ZipFile(io.BytesIO(data))  # the library refuses the bytes
        return self.result(text=["a", "b"][len(data)])  # our own slip: an index out of range


def test_a_bug_of_the_reader_is_not_reported_as_a_damaged_file(ctx, registry, monkeypatch, caplog):
    monkeypatch.setattr("parsers.reading._OURS", Path(__file__).resolve().parent)  # this reader is "ours"
    registry.register(_Buggy)
    with caplog.at_level(logging.ERROR, logger="parsers.reading"):
        bug = read(b"BUGGY file", "a.buggy", ctx, registry)
    assert isinstance(bug.error, InternalError) and "lỗi của chương trình" in str(bug.error)
    assert "bị hỏng" not in str(bug.error) and "IndexError" in (bug.error.detail or "")
    assert any(r.exc_info for r in caplog.records), "logged with its traceback"
    damaged = read(b"BUGGY-ZIP but not a zip", "b.buggy", ctx, registry)
    assert isinstance(damaged.error, CorruptFile) and "bị hỏng" in str(damaged.error)
