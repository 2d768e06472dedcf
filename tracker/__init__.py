"""tracker: turn weekly political commentaries into a trend-tracking database.

Notebook use::

    from tracker import open_tracker
    t = open_tracker("tracker-demo.db")
    t.history("Belarus UN peacekeeping")      # a pandas DataFrame

Heavy libraries (pandas, SQLAlchemy) load on first use, so ``import tracker`` stays cheap; so
does ``__version__``, read from the installed metadata (``importlib.metadata``) when first
asked for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.errors import TrackerError
from tracker.status import Status

#: The name ``tracker`` is published under (``pip install bulletin-tracker``); the command and
#: the import package are ``tracker``.
DISTRIBUTION = "bulletin-tracker"

__all__ = ["Status", "Tracker", "TrackerError", "__version__", "open_tracker"]

if TYPE_CHECKING:
    from tracker.api import Tracker, open_tracker

    __version__: str


def installed_version() -> str:
    """The version of the installed distribution: written once, in pyproject.toml."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a source tree that is not installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        version = installed_version()
        globals()["__version__"] = version
        return version
    if name in {"Tracker", "open_tracker"}:
        from tracker import api

        return getattr(api, name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
