"""Rendered public pages kept by one web process and shown again while the library is unchanged.

Every request still asks the database for the library's generation (``library.index.generation``,
counted up in the unit of work of each publication, correction and take-down); a kept page is
shown only if it was rendered at that generation. So a page never outlives the change that makes
it wrong, in this process or any other sharing the database: keeping pages saves the search and
the rendering, never the question whether they are still right.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KeptPage:
    body: bytes
    etag: str


class PageCache:
    """At most ``size`` pages of one generation, the least recently shown dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._generation: int | None = None
        self._pages: OrderedDict[Hashable, KeptPage] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, generation: int, key: Hashable) -> KeptPage | None:
        with self._lock:
            if generation != self._generation:
                return None
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, generation: int, key: Hashable, page: KeptPage) -> None:
        if self.size <= 0:
            return
        with self._lock:
            if self._generation is not None and generation < self._generation:
                return  # rendered from a snapshot older than what this process has seen since
            if generation != self._generation:
                self._pages.clear()
                self._generation = generation
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)
