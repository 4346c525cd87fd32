"""The contract of a connector: it yields incoming items and is told when each is safely stored.

A connector MUST yield each unit it finds as an :class:`IncomingItem` carrying the original bytes
and a key that identifies the unit in its source (for a mailbox: account, folder, UIDVALIDITY and
UID; for a folder: path and SHA-256). It MUST NOT acknowledge a unit at its source (move, flag,
delete) until :meth:`Connector.acknowledge` is called, which the pipeline does only after the bytes
are in the blob store and the item is committed. It MUST raise :class:`ConnectorError` (with the
source's name in the message) for failures of the source itself, wrapping the client's exception
(its text goes to ``detail``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, BinaryIO, Callable, Iterator, Protocol


class ConnectorError(Exception):
    """A source could not be reached or read. The message, in Vietnamese, names the source and says
    what went wrong as the status page shows it; ``detail`` keeps the client library's own words
    for the log."""

    def __init__(self, message: str, *, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


def source_label(name: Any) -> str:
    """A source's name as the messages quote it."""
    return f"nguồn “{name}”"


@dataclass(frozen=True, slots=True)
class IncomingItem:
    source: str  # the configured source name
    key: str  # identity of the unit in its source, unique per source
    name: str  # the file name people see
    data: bytes
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. Message-ID, UIDVALIDITY, mtime
    # a unit larger than the file-size limit comes without ``data``: ``stream`` opens its bytes, which
    # the pipeline copies into the blob store a piece at a time and quarantines unread
    stream: Callable[[], BinaryIO] | None = None
    size: int | None = None


class Connector(Protocol):
    name: str

    def poll(self, known: Callable[[str], bool] = ...) -> Iterator[IncomingItem]:
        """Yield the units that are ready now; ``known(key)`` says the ledger already holds a key,
        so a connector can avoid fetching it again."""

    def acknowledge(self, item: IncomingItem, *, error: str | None = None) -> None:
        """The item is safely stored: apply the source's post-action (move, flag, mark seen).
        ``error`` says the stored item could not be read (a folder moves it to failed/)."""
