"""A cache of page data, charts and reports, emptied whenever the data change.

Every request asks the database for its data version (:func:`tracker.browse.data_version`:
counts and highest ids of assessments, issues and audit rows, one cheap query); an entry is
served only while the version it was built under is the current one.  So a curation through
the web view, a ``tracker ingest`` in another terminal or another analyst's merge on a shared
PostgreSQL database all show on the next request, and nothing stale is ever served.

Entries are bounded in number (least recently used goes first).  Building an entry is not
done under the cache's lock; two requests that miss at once both build, and the second
result replaces the first (both are the same data).  Drawing is serialised separately (see
:data:`DRAWING`): matplotlib is not safe to use from several threads at once.
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

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._version: Hashable = None
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, version: Hashable, key: Hashable, build: Callable[[], T]) -> T:
        """The value for ``key`` under ``version``, built by ``build()`` when missing."""
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                value: T = self._items[key]
                return value
            self.misses += 1
        value = build()
        with self._lock:
            if version == self._version:
                self._items[key] = value
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value
