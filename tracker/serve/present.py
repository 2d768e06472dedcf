"""Turning frames and values into what a page or its JSON twin shows.

JSON rows follow the CLI's ``--format json``: every column, dates as ``YYYY-MM-DD``, missing
values as ``null``.  Nothing here writes markup from data except :func:`highlight`, which
escapes the text first and only then marks the search hits.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["highlight", "iso_week", "json_value", "parse_iso_week", "rows"]

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def json_value(value: Any) -> Any:
    """A value as JSON should hold it: dates as text, NaN/NaT as null, numpy as Python."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime):  # pandas Timestamps are datetimes
        if value != value:  # NaT
            return None
        if value.hour == value.minute == value.second == value.microsecond == 0 and (
            value.tzinfo is None
        ):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if type(value).__module__ == "numpy":
        return json_value(value.item())
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if type(value).__name__ == "NaTType":
        return None
    return value


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Every row of ``frame`` as a dict of JSON-ready values (all columns, in order)."""
    names = [str(c) for c in frame.columns]
    return [
        dict(zip(names, (json_value(v) for v in values), strict=True))
        for values in frame.itertuples(index=False, name=None)
    ]


def iso_week(day: date | str | None) -> str:
    """``2021-W05`` for any day of that ISO week ('' for none)."""
    if day is None or day == "":
        return ""
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_iso_week(text: str) -> date:
    """The Monday of ``YYYY-Www``; ValueError with a reason otherwise."""
    match = _WEEK.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a week: write it as YYYY-Www, e.g. 2021-W05")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{text!r} is not a week: {year} has no week {week}") from None


_HIT = re.compile(r"\[([^\[\]]{1,200})\]")


def highlight(snippet: Any) -> Markup:
    """A search snippet with its hits (written ``[word]`` by the store) in ``<mark>``."""
    if snippet is None or snippet != snippet:
        return Markup("")
    safe = str(escape(str(snippet)))
    return Markup(_HIT.sub(r"<mark>\1</mark>", safe))
