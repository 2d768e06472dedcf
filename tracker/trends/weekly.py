"""Per week and group (section, source, the whole database): counts, shares, balance."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracker.errors import InputError
from tracker.trends.frame import (
    _BUILTIN_SCORES,
    CANONICAL_STATUSES,
    NONE_LABEL,
    DateLike,
    IntArray,
    _days,
    _default_scores,
    _monday,
    _prepare,
    _Prepared,
    _to_day,
    _to_dt,
)


def _group_codes(prep: _Prepared, by: str | None) -> tuple[IntArray, npt.NDArray[Any]]:
    if by is None:
        return np.zeros(prep.n, dtype=np.int64), np.array([], dtype=object)
    if by not in prep.frame.columns:
        raise InputError(
            f"cannot group by {by!r}: the frame has no such column",
            hint="use section, source, issue or None",
        )
    codes, uniques = pd.factorize(
        prep.frame[by].to_numpy()[prep.rows], use_na_sentinel=True, sort=True
    )
    values = np.array([*list(uniques), None], dtype=object)
    return np.where(codes < 0, len(uniques), codes).astype(np.int64), values


def weekly_status_counts(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Issue-weeks per status, per week (and per ``by`` group: section, source, issue…).

    Columns: [by,] week, one column per status in :func:`status_order`, "none", total.
    Weeks without any assessment are absent (gaps), never zero rows.
    """
    prep = _prepare(frame, _BUILTIN_SCORES)
    gcode, gvalues = _group_codes(prep, by)
    width = len(prep.labels) + 1
    origin = int(prep.week.min()) if prep.n else 0
    wslot = (prep.week - origin) // 7
    span = int(wslot.max()) + 1 if prep.n else 1
    key = gcode * span + wslot
    column = np.where(prep.code < 0, width - 1, prep.code)  # "none" is the last column
    cells = (int(gcode.max()) + 1 if prep.n else 1) * span
    if cells * width <= 20_000_000:  # dense: count straight into a (group × week) table
        counts = np.bincount(key * width + column, minlength=cells * width).reshape(cells, width)
        cell = np.flatnonzero(counts.sum(axis=1))
        counts = counts[cell]
    else:  # sparse: only the (group, week) pairs that occur
        cell, inverse = np.unique(key, return_inverse=True)
        flat = inverse.ravel() * width + column
        counts = np.bincount(flat, minlength=len(cell) * width).reshape(len(cell), width)
    out = pd.DataFrame({"week": _to_dt(origin + (cell % span) * 7)})
    if by is not None:
        out.insert(0, by, gvalues[cell // span])
    for i, label in enumerate(prep.labels):
        out[label] = counts[:, i]
    out[NONE_LABEL] = counts[:, -1]
    out["total"] = counts.sum(axis=1)
    return out


def weekly_status_shares(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """As :func:`weekly_status_counts`, with each status column divided by ``total``."""
    out = weekly_status_counts(frame, by)
    labels = [c for c in out.columns if c not in {by, "week", "total"}]
    out[labels] = out[labels].div(out["total"].where(out["total"] > 0), axis=0).astype(float)
    return out


def net_balance(
    frame: pd.DataFrame, by: str | None = None, *, scores: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Weekly net balance: improved − deteriorated (issue-weeks).

    Columns: [by,] week, improved, deteriorated, total, balance, balance_share (balance /
    total), mean_score (mean score of that week's verdicts, NaN if none).
    """
    counts = weekly_status_counts(frame, by)
    table = scores if scores is not None else _default_scores()
    labels = [c for c in counts.columns if c not in {by, "week", "total", NONE_LABEL}]
    weights = np.array([float(table.get(c, math.nan)) for c in labels])
    matrix = counts[labels].to_numpy(dtype=np.float64)
    scored = ~np.isnan(weights)
    score_sum = matrix[:, scored] @ weights[scored] if len(counts) else np.zeros(0)
    verdicts = matrix[:, scored].sum(axis=1) if len(counts) else np.zeros(0)
    keep = [c for c in (by, "week") if c is not None]
    out = counts[[*keep, "improved", "deteriorated", "total"]].copy()
    out["balance"] = out["improved"] - out["deteriorated"]
    out["balance_share"] = out["balance"] / out["total"].where(out["total"] > 0)
    out["mean_score"] = np.divide(
        score_sum, verdicts, out=np.full(len(out), np.nan), where=verdicts > 0
    )
    return out


def rolling_balance(frame: pd.DataFrame, weeks: int = 4, by: str | None = None) -> pd.DataFrame:
    """Net balance summed over a window of ``weeks`` calendar weeks ending at each week.

    Columns: [by,] week, balance, total, rolling_balance, rolling_total, rolling_share
    (rolling_balance / rolling_total).  The window is calendar-based: weeks without
    assessments contribute nothing and do not stretch the window.
    """
    if weeks < 1:
        raise InputError(f"rolling window of {weeks} weeks", hint="use 1 week or more")
    base = net_balance(frame, by, scores=_BUILTIN_SCORES)
    keep = [c for c in (by, "week") if c is not None]
    out = base[[*keep, "balance", "total"]].copy()
    wk = _days(out["week"]) if len(out) else np.zeros(0, np.int64)
    group = (
        pd.factorize(out[by], use_na_sentinel=False)[0].astype(np.int64)
        if by is not None
        else np.zeros(len(out), np.int64)
    )
    spread = 10**7  # more days than any realistic span: windows never cross groups
    key = group * spread + wk
    left = np.searchsorted(key, key - 7 * (weeks - 1), side="left")
    for name, column in (("rolling_balance", "balance"), ("rolling_total", "total")):
        cs = np.r_[0, np.cumsum(out[column].to_numpy(dtype=np.int64))]
        out[name] = cs[np.arange(len(out)) + 1] - cs[left]
    out["rolling_share"] = out["rolling_balance"] / out["rolling_total"].where(
        out["rolling_total"] > 0
    )
    return out


def active_issues(frame: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Distinct issues assessed per week: columns [by,] week, active."""
    counts = weekly_status_counts(frame, by)
    keep = [c for c in (by, "week") if c is not None]
    return counts[[*keep, "total"]].rename(columns={"total": "active"})


# --------------------------------------------------------------------------- comparisons


def _period(value: tuple[DateLike, DateLike], name: str) -> tuple[int, int]:
    start, end = (_to_day(v, f"period {name}") for v in value)
    if end < start:
        raise InputError(f"period {name} ends before it starts: {value[0]} – {value[1]}")
    return int(_monday(np.array([start]))[0]), end


def compare_periods(
    frame: pd.DataFrame,
    a: tuple[DateLike, DateLike],
    b: tuple[DateLike, DateLike],
    *,
    by: str | None = None,
    scores: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Period A against period B (inclusive date ranges, matched on the assessment's week).

    Columns: [by,] then for p in a, b: assessments_p, improved_p, unchanged_p,
    deteriorated_p, none_p, balance_p, mean_score_p; then balance_change (b − a) and
    mean_score_change.  One row per group present in either period (one row if ``by`` is None).
    """
    prep = _prepare(frame, scores)
    gcode, gvalues = _group_codes(prep, by)
    n_groups = (int(gcode.max()) + 1 if prep.n else 0) if by is not None else 1
    parts: dict[str, npt.NDArray[Any]] = {}
    present = np.zeros(n_groups, dtype=bool)
    for name, period in (("a", a), ("b", b)):
        start, end = _period(period, name)
        inside = (prep.week >= start) & (prep.week <= end)
        g, c, s = gcode[inside], prep.code[inside], prep.score[inside]
        present |= np.bincount(g, minlength=n_groups) > 0
        parts[f"assessments_{name}"] = np.bincount(g, minlength=n_groups)
        for label in (*CANONICAL_STATUSES, NONE_LABEL):
            want = -1 if label == NONE_LABEL else prep.labels.index(label)
            parts[f"{label}_{name}"] = np.bincount(g[c == want], minlength=n_groups)
        parts[f"balance_{name}"] = parts[f"improved_{name}"] - parts[f"deteriorated_{name}"]
        ok = ~np.isnan(s)
        total = np.bincount(g[ok], weights=s[ok], minlength=n_groups)
        count = np.bincount(g[ok], minlength=n_groups)
        parts[f"mean_score_{name}"] = np.divide(
            total, count, out=np.full(n_groups, np.nan), where=count > 0
        )
    out = pd.DataFrame(parts)
    out["balance_change"] = out["balance_b"] - out["balance_a"]
    out["mean_score_change"] = out["mean_score_b"] - out["mean_score_a"]
    if by is not None:
        out.insert(0, by, gvalues[:n_groups])
        out = out[present].reset_index(drop=True)
    return out
