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
from contextvars import ContextVar
from typing import Iterator

_HELD: ContextVar[list | None] = ContextVar("congbo_sniffed_zip", default=None)  # [data, archive or error]


@contextmanager
def choosing(data: bytes) -> Iterator[None]:
    token = _HELD.set([data, None])
    try:
        yield
    finally:
        _HELD.reset(token)


def zip_archive(data: bytes) -> zipfile.ZipFile:
    """The file as a ZIP archive (``zipfile.BadZipFile`` when it is none), opened once per choice."""
    held = _HELD.get()
    if held is None or held[0] is not data:
        return zipfile.ZipFile(io.BytesIO(data))
    if held[1] is None:
        try:
            held[1] = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile as exc:
            held[1] = exc
    if isinstance(held[1], zipfile.BadZipFile):
        raise held[1]
    return held[1]
