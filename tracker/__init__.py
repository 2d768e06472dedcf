"""tracker: turn weekly political commentaries into a trend-tracking database.

Notebook use::

    from tracker import open_tracker
    t = open_tracker("tracker-demo.db")
    t.history("Belarus UN peacekeeping")      # a pandas DataFrame

Heavy libraries (pandas, SQLAlchemy) load on first use, so ``import tracker`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.errors import TrackerError
from tracker.status import Status

__version__ = "0.1.0"
__all__ = ["Status", "Tracker", "TrackerError", "__version__", "open_tracker"]

if TYPE_CHECKING:
    from tracker.api import Tracker, open_tracker


def __getattr__(name: str) -> Any:
    if name in {"Tracker", "open_tracker"}:
        from tracker import api

        return getattr(api, name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
