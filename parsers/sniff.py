"""What the parsers' sniffing shares while the registry chooses a reader for one file: the ZIP
package the DOCX and the three OpenDocument scorers would each open again (an archive's directory
costs a record per member to read).

The registry wraps its round of scoring in :func:`choosing`; inside it :func:`zip_archive` opens the
file once; outside it (a scorer called on its own) each call opens the file afresh.
"""

from __future__ import annotations

import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from contextvars import ContextVar
from typing import Iterator

@dataclass(slots=True)
class _Sniffed:
    """The file being chosen for, and its archive once opened (or why it is none)."""

    data: bytes
    archive: zipfile.ZipFile | zipfile.BadZipFile | None = None


_HELD: ContextVar[_Sniffed | None] = ContextVar("congbo_sniffed_zip", default=None)


@contextmanager
def choosing(data: bytes) -> Iterator[None]:
    token = _HELD.set(_Sniffed(data))
    try:
        yield
    finally:
        _HELD.reset(token)


def zip_archive(data: bytes) -> zipfile.ZipFile:
    """The file as a ZIP archive (``zipfile.BadZipFile`` when it is none), opened once per choice."""
    held = _HELD.get()
    if held is None or held.data is not data:
        return zipfile.ZipFile(io.BytesIO(data))
    if held.archive is None:
        try:
            held.archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            held.archive = exc
    if isinstance(held.archive, zipfile.BadZipFile):
        raise held.archive
    return held.archive
