"""Time resolution: weekly cells where the page lets them be seen, months, quarters or years
beyond that, so that every assessment stays a visible mark at any period length.

A cell must be at least :data:`MIN_CELL_PT` points wide at the chart's size (about 4 pixels
at 150 dpi); :func:`choose_resolution` takes the finest resolution that gives such cells over
the period.  Weeks are assigned to the cell holding their Monday, so a month is the weeks that
start in it.  A cell that holds several verdicts of one issue is split into bands, one per
distinct verdict (:func:`split_codes`); :class:`SplitCellHandler` draws that rule in legends.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerBase
from matplotlib.patches import Rectangle
from matplotlib.transforms import Transform

from tracker.errors import InputError

__all__ = [
    "BANDS",
    "MIN_CELL_PT",
    "RESOLUTIONS",
    "SplitCell",
    "SplitCellHandler",
    "cell_starts",
    "check_resolution",
    "choose_resolution",
    "split_codes",
]

RESOLUTIONS = ("week", "month", "quarter", "year")
_FREQ = {"month": "MS", "quarter": "QS", "year": "YS"}
_DAYS = {"week": 7.0, "month": 30.44, "quarter": 91.31, "year": 365.25}
MIN_CELL_PT = 1.6  # narrowest cell: 3.3 px at 150 dpi, 2.2 px at 100 dpi
BANDS = 6  # image rows per issue when cells may be split (1, 2 or 3 verdicts divide it)


def check_resolution(value: str | None) -> str:
    """``value`` as one of "auto" and :data:`RESOLUTIONS`; anything else is an InputError."""
    text = (value or "auto").strip().casefold()
    text = {"weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year"}.get(
        text, text.rstrip("s") if text != "auto" else text
    )
    if text != "auto" and text not in RESOLUTIONS:
        raise InputError(
            f"unknown time resolution {value!r}",
            hint=f"choose auto, {', '.join(RESOLUTIONS)}",
        )
    return text


def choose_resolution(
    first: pd.Timestamp,
    last: pd.Timestamp,
    width_pt: float,
    *,
    wanted: str | None = "auto",
    min_cell_pt: float = MIN_CELL_PT,
    finest: str = "week",
) -> str:
    """The finest resolution (not finer than ``finest``) whose cells are ``min_cell_pt`` wide
    when the weeks ``first`` .. ``last`` span ``width_pt`` points; ``wanted`` overrides."""
    wanted = check_resolution(wanted)
    if wanted != "auto":
        return wanted
    days = max(7.0, float((pd.Timestamp(last) - pd.Timestamp(first)).days) + 7.0)
    for resolution in RESOLUTIONS[RESOLUTIONS.index(finest) :]:
        if width_pt * _DAYS[resolution] / days >= min_cell_pt:
            return resolution
    return "year"


def cell_starts(first: pd.Timestamp, last: pd.Timestamp, resolution: str) -> pd.DatetimeIndex:
    """The first day of every cell from the one holding ``first`` to the one holding ``last``,
    plus the day after the last cell (so that cell i spans ``starts[i]`` .. ``starts[i+1]``)."""
    first, last = pd.Timestamp(first).normalize(), pd.Timestamp(last).normalize()
    if resolution == "week":
        monday = first - pd.Timedelta(days=first.weekday())
        return pd.date_range(monday, last + pd.Timedelta(days=7), freq="7D")
    period = {"month": "M", "quarter": "Q", "year": "Y"}[resolution]
    lo = first.to_period(period).start_time
    hi = (last.to_period(period) + 1).start_time
    return pd.date_range(lo, hi, freq=_FREQ[resolution])


def cell_of(days: pd.Series | pd.DatetimeIndex, starts: pd.DatetimeIndex) -> np.ndarray:
    """For each date, the index of the cell (of ``starts``) that holds it."""
    values = pd.DatetimeIndex(days).to_numpy(dtype="datetime64[ns]")
    return np.searchsorted(starts.to_numpy(dtype="datetime64[ns]"), values, side="right") - 1


def split_codes(present: np.ndarray, none_code: int, bands: int = BANDS) -> np.ndarray:
    """Band codes of cells from the statuses present in them.

    ``present`` is a bool array ``(..., L)`` over status codes (``none_code`` among them).
    Returns ``(..., bands)`` codes: a cell's distinct verdicts share its bands equally in code
    order (improved, unchanged, deteriorated, others); a cell with no verdict but a "none" is
    all ``none_code``; an empty cell is all -1.
    """
    verdicts = present.copy()
    verdicts[..., none_code] = False
    k = verdicts.sum(axis=-1)
    cumulative = np.cumsum(verdicts, axis=-1)
    out = np.full((*present.shape[:-1], bands), -1, dtype=np.int16)
    for band in range(bands):
        target = (band * k) // bands  # the band's verdict: the target-th present one
        pick = np.argmax(cumulative > target[..., None], axis=-1)
        out[..., band] = np.where(k > 0, pick, np.where(present[..., none_code], none_code, -1))
    return out


class SplitCell:
    """Legend key for the rule "a cell of several verdicts is split, one band per verdict"."""

    def __init__(self, colours: tuple[str, ...], label: str) -> None:
        self.colours = colours
        self.label = label

    def get_label(self) -> str:
        return self.label


class SplitCellHandler(HandlerBase):
    """Draws a :class:`SplitCell` key as a patch cut into horizontal bands of its colours."""

    def create_artists(
        self,
        legend: Legend,
        orig_handle: Any,
        xdescent: float,
        ydescent: float,
        width: float,
        height: float,
        fontsize: float,
        trans: Transform,
    ) -> list[Artist]:
        colours = orig_handle.colours
        band = height / len(colours)
        return [
            Rectangle(
                (-xdescent, -ydescent + height - (i + 1) * band),
                width,
                band,
                facecolor=colour,
                edgecolor="none",
                transform=trans,
            )
            for i, colour in enumerate(colours)
        ]
