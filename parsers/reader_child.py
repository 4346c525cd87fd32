"""The child process of :class:`parsers.isolation.SupervisedReader`: reads files sent on stdin,
one at a time, and sends each :class:`~parsers.reading.Reading` back, until its input ends.

Messages are length-prefixed pickles, parent to child only from congbo itself (never from a file's
bytes). The child's standard output is moved to its standard error first, so that a library
printing to stdout cannot corrupt the replies.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
from pathlib import Path
from typing import BinaryIO

from .reading import read
from .registry import ParserRegistry

_HEADER = struct.Struct("!Q")


def main() -> None:
    level = int(sys.argv[1]) if len(sys.argv) > 1 else logging.WARNING
    logging.basicConfig(level=level or logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s reader[%(process)d] %(levelname)s %(name)s: %(message)s")
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    init = _receive(requests)
    if init is None:
        return
    ctx, parsers = init
    registry = ParserRegistry()
    for parser in parsers:
        registry.register(parser)
    while (request := _receive(requests)) is not None:
        data, name = request
        _reset_peak()
        try:
            reply: object = read(data, name, ctx, registry)
            payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - read() itself never raises for bad input: this is ours
            logging.getLogger(__name__).error("reading %s failed outside any reader", name, exc_info=True)
            payload = pickle.dumps(RuntimeError(f"{type(exc).__name__}: {exc}"))
        replies.write(_HEADER.pack(len(payload)))
        replies.write(payload)
        replies.flush()


def _receive(stream: BinaryIO) -> object | None:
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return pickle.loads(payload)


def _reset_peak() -> None:
    """Start this read's peak memory (VmHWM) from the present size."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


if __name__ == "__main__":
    main()
