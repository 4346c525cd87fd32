"""Readers that misbehave on purpose, for the supervised-reading tests. They live in an importable
module (not a test file) because the reading child imports them by name. Each recognises files
that start with its magic word and ignores every other file."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import time
from typing import ClassVar

from parsers.base import Parsed, ParserContext


class _Misbehaving:
    format: ClassVar[str] = "test"
    mime: ClassVar[str] = "application/x-test"
    open_format: ClassVar[bool] = True
    magic: ClassVar[bytes] = b""

    def __init__(self, ctx: ParserContext) -> None:
        self.ctx = ctx

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        return 1000 if head.startswith(cls.magic) else None

    def __enter__(self) -> "_Misbehaving":
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def parse(self, data: bytes, name: str) -> Parsed:
        self.misbehave(data)
        return Parsed(format="test", mime=self.mime, open_format=True, text=f"đọc được {name}")

    def misbehave(self, data: bytes) -> None:
        pass


class Crashes(_Misbehaving):
    """Faults in native code, as PDFium or lxml might on a hostile file."""

    magic = b"CRASH"

    def misbehave(self, data: bytes) -> None:
        ctypes.string_at(0)  # a read of address 0: SIGSEGV


class Loops(_Misbehaving):
    magic = b"LOOP"

    def misbehave(self, data: bytes) -> None:
        while True:
            time.sleep(0.01)


class Swallows(_Misbehaving):
    """Takes memory a megabyte at a time, touching every page, without end."""

    magic = b"SWALLOW"

    def misbehave(self, data: bytes) -> None:
        kept = []
        while True:
            kept.append(bytearray(2**20))


class HangsInTool(_Misbehaving):
    """Starts an external program that never answers (a hanging Tesseract); its pid goes to the
    file named after the magic word, so that the test can check it was killed too."""

    magic = b"TOOL"

    def misbehave(self, data: bytes) -> None:
        proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
        with open(data[len(self.magic):].decode().strip(), "w") as out:
            out.write(str(proc.pid))
        proc.wait()


class Exits(_Misbehaving):
    magic = b"EXIT"

    def misbehave(self, data: bytes) -> None:
        os._exit(3)


class Unsendable(_Misbehaving):
    """Returns a result that cannot be sent back to the worker: a bug of ours, not of the file."""

    magic = b"UNSENDABLE"

    def parse(self, data: bytes, name: str) -> Parsed:
        result = super().parse(data, name)
        result.properties["cannot-pickle"] = lambda: None
        return result


class SniffBreaks(_Misbehaving):
    """Its sniffing raises on every file: the registry must take that as "not my format"."""

    @classmethod
    def score(cls, head: bytes, data: bytes) -> int | None:
        raise ValueError("negative seek value -1")


MISBEHAVING = (Crashes, Loops, Swallows, HangsInTool, Exits, Unsendable, SniffBreaks)
