"""Query parameters, checked: a bad value is a 400 that names the parameter and the fix."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date

from starlette.requests import Request

from tracker.errors import TrackerError
from tracker.serve.app import Problem

__all__ = ["choice", "closest", "day", "number", "text"]


def text(request: Request, name: str, *, most: int = 300) -> str | None:
    """A stripped text parameter, None when absent or empty."""
    value = request.query_params.get(name)
    if value is None or not value.strip():
        return None
    if len(value) > most:
        raise Problem(400, f"{name}: the value is longer than {most} characters")
    return value.strip()


def choice(request: Request, name: str, options: Sequence[str]) -> str | None:
    """One of ``options`` (any case; returned as spelt in ``options``)."""
    value = text(request, name)
    if value is None:
        return None
    for option in options:
        if option.casefold() == value.casefold():
            return option
    shown = ", ".join(options) if options else "(none in this database)"
    raise Problem(400, f"{name}: {value!r} is not one of the choices", hint=f"choose: {shown}")


def day(request: Request, name: str) -> date | None:
    """A day such as 2021-03-01 or 2021-W09 (its Monday)."""
    from tracker.api import as_date

    value = text(request, name)
    if value is None:
        return None
    try:
        return as_date(value, what=name)
    except TrackerError:
        raise Problem(
            400,
            f"{name}: {value!r} is not a date",
            hint="write a day as YYYY-MM-DD (2021-03-01) or a week as YYYY-Www (2021-W09)",
        ) from None


def number(request: Request, name: str, default: int, *, low: int, high: int) -> int:
    value = text(request, name)
    if value is None:
        return default
    try:
        result = int(value)
    except ValueError:
        raise Problem(400, f"{name}: {value!r} is not a whole number") from None
    if not low <= result <= high:
        raise Problem(400, f"{name}: {result} is out of range", hint=f"use {low} to {high}")
    return result


def closest(wanted: str, names: dict[str, str], n: int = 5) -> list[tuple[str, str]]:
    """The ``n`` labels of ``names`` (label → href) nearest to ``wanted``."""
    lowered = {label.casefold(): label for label in names}
    hits = difflib.get_close_matches(wanted.casefold(), list(lowered), n=n, cutoff=0.3)
    words = [w for w in wanted.casefold().replace("-", " ").split() if len(w) > 2]
    for key in lowered:
        if len(hits) >= n:
            break
        if key not in hits and any(w in key for w in words):
            hits.append(key)
    return [(lowered[k], names[lowered[k]]) for k in hits]
