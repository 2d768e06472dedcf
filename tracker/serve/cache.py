"""A cache of page data, charts and reports, emptied whenever the data change.

Every request asks the database for its data version (:func:`tracker.browse.data_version`:
counts and highest ids of assessments, issues and audit rows, one cheap query); an entry is
served only while the version it was built under is the current one.  So a curation through
the web view, a ``tracker ingest`` in another terminal or another analyst's merge on a shared
PostgreSQL database all show on the next request, and nothing stale is ever served.

Entries are bounded in number (least recently used goes first).  Requests that miss the same
key at once wait for one build instead of each doing the work (under load, twenty clients
opening the same new page would otherwise compute it twenty times).  Drawing is serialised
separately (see :data:`DRAWING`): matplotlib is not safe to use from several threads at
once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")

#: Held while matplotlib draws (charts, reports).
DRAWING = threading.Lock()


class VersionedCache:
    """Up to ``size`` values keyed by (data version, key)."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._version: Hashable = None
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._building: dict[tuple[Hashable, Hashable], threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def peek(self, version: Hashable, key: Hashable) -> Any:
        """The value for ``key`` under ``version``, or None (nothing is built)."""
        with self._lock:
            if version != self._version or key not in self._items:
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return self._items[key]

    def put(self, version: Hashable, key: Hashable, value: Any) -> None:
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def get(self, version: Hashable, key: Hashable, build: Callable[[], T]) -> T:
        """The value for ``key`` under ``version``, built by ``build()`` when missing."""
        while True:
            with self._lock:
                if version != self._version:
                    self._items.clear()
                    self._version = version
                if key in self._items:
                    self._items.move_to_end(key)
                    self.hits += 1
                    value: T = self._items[key]
                    return value
                running = self._building.get((version, key))
                if running is None:
                    self.misses += 1
                    done = self._building[(version, key)] = threading.Event()
                    break
            running.wait()  # another request is building it; then look again
        try:
            value = build()
            self.put(version, key, value)
            return value
        finally:
            with self._lock:
                del self._building[(version, key)]
            done.set()
