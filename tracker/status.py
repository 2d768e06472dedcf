"""The canonical statuses (kept apart from the models so that importing them is cheap)."""

from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    """The canonical statuses; users may add more through the vocabulary file."""

    improved = "improved"
    unchanged = "unchanged"
    deteriorated = "deteriorated"

    def __str__(self) -> str:
        return self.value
