"""The shared core of :mod:`tracker.trends`: one row per issue-week as numpy arrays."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracker.errors import InputError

CANONICAL_STATUSES: tuple[str, ...] = ("improved", "unchanged", "deteriorated")
NONE_LABEL = "none"
_BUILTIN_SCORES: dict[str, float] = {"improved": 1.0, "unchanged": 0.0, "deteriorated": -1.0}
_REQUIRED = ("issue_id", "week_start", "status")
_DAY_NS = 86_400 * 10**9

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
DateLike = date | datetime | pd.Timestamp | str


@dataclass(frozen=True)
class _Prepared:
    """One row per issue-week, sorted by (issue_id, week); arrays index into ``frame``."""

    frame: pd.DataFrame
    rows: IntArray  # positions in ``frame`` of the kept rows
    issue_id: IntArray
    week: IntArray  # days since 1970-01-01 of the Monday
    code: IntArray  # index into ``labels``; -1 = none
    labels: tuple[str, ...]
    score: FloatArray
    issue_start: IntArray  # position of each issue's first row in the arrays above

    @property
    def n(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> npt.NDArray[Any]:
        """The values of ``frame[name]`` for the kept rows (None where the column is absent)."""
        if name in self.frame.columns:
            return self.frame[name].to_numpy()[self.rows]
        return np.full(self.n, None, dtype=object)

    def verdicts(self) -> IntArray:
        """Positions (into the arrays) of the rows that carry a status."""
        return np.flatnonzero(self.code >= 0)


def status_order(statuses: Sequence[object]) -> tuple[str, ...]:
    """The canonical statuses first, then any others found in ``statuses``, alphabetically."""
    others = sorted(
        {str(s) for s in statuses if isinstance(s, str) and s not in CANONICAL_STATUSES}
    )
    return (*CANONICAL_STATUSES, *others)


def _default_scores() -> Mapping[str, float]:
    try:
        from tracker.vocab import default_vocabulary
    except ImportError:  # pragma: no cover - vocab is part of the package
        return _BUILTIN_SCORES
    return default_vocabulary().scores


def _days(values: pd.Series | pd.Index | npt.NDArray[Any]) -> IntArray:
    """Dates (datetime64 or date objects) as int64 days since the epoch."""
    converted = pd.to_datetime(pd.Series(values), errors="coerce")
    if converted.dt.tz is not None:
        converted = converted.dt.tz_localize(None)
    ns = converted.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    return np.floor_divide(ns, _DAY_NS)


def _monday(days: IntArray) -> IntArray:
    return days - (days + 3) % 7  # 1970-01-01 was a Thursday


def _to_dt(days: IntArray) -> pd.Series:
    return pd.Series(np.asarray(days, dtype=np.int64) * _DAY_NS).astype("datetime64[ns]")


def _to_day(value: DateLike, what: str) -> int:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise InputError(f"{what} {value!r} is not a date", hint="give it as YYYY-MM-DD") from exc
    if pd.isna(stamp):
        raise InputError(f"{what} is empty", hint="give it as YYYY-MM-DD")
    return int(stamp.normalize().value // _DAY_NS)


def _issue_week_order(
    issue: IntArray, week: IntArray, no_status: npt.NDArray[np.bool_], ids: IntArray
) -> IntArray:
    """Sort order by issue, week, rows with a status first, then id (one packed int64 key)."""
    if not len(issue):
        return np.zeros(0, dtype=np.int64)
    i_span = int(issue.max()) - int(issue.min())
    w_slot = (week - int(week.min())) // 7
    w_bits = max(1, int(w_slot.max()).bit_length())
    if i_span.bit_length() + w_bits + 1 > 62:  # pragma: no cover - absurd id or date ranges
        return np.lexsort((ids, no_status, week, issue)).astype(np.int64)
    key = (((issue - int(issue.min())) << w_bits) | w_slot) << 1 | no_status
    if len(ids) > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        by_id = np.argsort(ids, kind="stable")
        return by_id[np.argsort(key[by_id], kind="stable")].astype(np.int64)
    return np.argsort(key, kind="stable").astype(np.int64)


def _prepare(frame: pd.DataFrame, scores: Mapping[str, float] | None = None) -> _Prepared:
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise InputError(
            f"the assessments frame lacks column(s) {', '.join(missing)}",
            hint="pass the frame returned by Tracker.assessments()",
        )
    # a frame the database reduced to one row per issue-week names every status it stood for
    statuses = list(frame.attrs.get("statuses", ()))
    frame = frame.reset_index(drop=True)
    n = len(frame)
    issue = frame["issue_id"].to_numpy()
    if n and not np.issubdtype(issue.dtype, np.integer):
        if pd.isna(issue).any():
            raise InputError("the assessments frame has rows without an issue_id")
        issue = issue.astype(np.int64)
    issue = issue.astype(np.int64, copy=False)
    week_starts = pd.to_datetime(frame["week_start"], errors="coerce")
    bad = week_starts.isna().to_numpy()
    raw_days = _days(week_starts)
    if bad.any():
        where = frame["id"].iloc[int(np.flatnonzero(bad)[0])] if "id" in frame else "?"
        raise InputError(f"assessment {where} has no week_start", hint="fix or delete it")
    week = _monday(raw_days)
    raw_codes, uniques = pd.factorize(frame["status"], use_na_sentinel=True)
    labels = status_order([*uniques, *statuses])
    position = {label: i for i, label in enumerate(labels)}
    remap = np.array([position[str(u)] for u in uniques] + [-1], dtype=np.int64)
    code_all = remap[raw_codes]  # -1 indexes the trailing -1
    ids = frame["id"].to_numpy() if "id" in frame.columns else np.arange(n)
    if n and not np.issubdtype(ids.dtype, np.integer):
        ids = pd.to_numeric(pd.Series(ids), errors="coerce").fillna(-1).to_numpy(np.int64)
    order = _issue_week_order(issue, week, code_all < 0, ids)
    s_issue, s_week = issue[order], week[order]
    first = np.ones(n, dtype=bool)
    first[1:] = (s_issue[1:] != s_issue[:-1]) | (s_week[1:] != s_week[:-1])
    rows = order[first].astype(np.int64)
    k_issue, k_code = s_issue[first], code_all[rows]
    table = scores if scores is not None else _default_scores()
    label_scores = np.array(
        [float(table.get(label, math.nan)) for label in labels] + [math.nan], dtype=np.float64
    )
    starts = np.flatnonzero(np.r_[True, k_issue[1:] != k_issue[:-1]]) if len(rows) else rows
    return _Prepared(
        frame=frame,
        rows=rows,
        issue_id=k_issue,
        week=s_week[first],
        code=k_code,
        labels=labels,
        score=label_scores[k_code],
        issue_start=starts.astype(np.int64),
    )


def _label_array(prep: _Prepared, codes: IntArray) -> npt.NDArray[np.object_]:
    lookup = np.array([*prep.labels, NONE_LABEL], dtype=object)
    return lookup[codes]  # type: ignore[no-any-return]


def _issue_of_rows(prep: _Prepared) -> IntArray:
    """For every kept row, the ordinal of its issue (0 .. n_issues-1)."""
    marks = np.zeros(prep.n, dtype=np.int64)
    marks[prep.issue_start[1:]] = 1
    return np.cumsum(marks)


def issue_weeks(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame reduced to one row per issue-week (see the module notes), sorted, with ``week``."""
    prep = _prepare(frame, _BUILTIN_SCORES)
    out = prep.frame.iloc[prep.rows].reset_index(drop=True)
    out.insert(out.columns.get_loc("week_start"), "week", _to_dt(prep.week))  # type: ignore[arg-type]
    return out
