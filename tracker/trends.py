"""Derived series from an *assessments frame*: pandas (and numpy) only, DataFrame in, DataFrame out.

An assessments frame has one row per stored assessment with at least ``issue_id``,
``week_start`` and ``status``; ``id``, ``issue``, ``slug``, ``section``, ``source`` and
``headline`` are used when present.  ``status`` is a status name or None (no verdict).

Conventions every function here follows:

* **Issue-weeks.**  An issue is counted once per week.  Weeks are keyed by the Monday on or
  before ``week_start`` (column ``week``).  When one issue has several rows in a week (the same
  commentary in two languages), the row with a status wins, then the lowest ``id``; the choice is
  deterministic and the other rows are ignored by every trend.
* **Gaps.**  A week without an assessment is a gap: nothing is filled in, no function ever turns
  a missing week into ``unchanged``.  An assessment whose status is None is shown as ``"none"``
  in counts and series, has score NaN, and adds nothing to the cumulative index.
* **Runs and streaks.**  A run is a maximal sequence of an issue's *verdicts* (assessments with
  a status) that all carry the same status.  Missing weeks and ``none`` assessments do not break
  a run (they say nothing about a change) and do not lengthen it; a different status does break
  it.  A streak's length counts verdicts, so "unchanged × 14" means fourteen verdicts in a row.
  Change points, the transition matrix and the deterioration alert follow the same rule.
* **Empty input** gives an empty frame with the documented columns, never an exception.
"""

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

__all__ = [
    "CANONICAL_STATUSES",
    "NONE_LABEL",
    "active_issues",
    "alerts_deteriorating",
    "alerts_silent",
    "as_of",
    "change_points",
    "compare_periods",
    "issue_summary",
    "issue_weeks",
    "net_balance",
    "rolling_balance",
    "runs",
    "score_series",
    "status_order",
    "streaks",
    "transition_matrix",
    "weekly_status_counts",
    "weekly_status_shares",
]

CANONICAL_STATUSES: tuple[str, ...] = ("improved", "unchanged", "deteriorated")
NONE_LABEL = "none"
_BUILTIN_SCORES: dict[str, float] = {"improved": 1.0, "unchanged": 0.0, "deteriorated": -1.0}
_REQUIRED = ("issue_id", "week_start", "status")
_DAY_NS = 86_400 * 10**9

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
DateLike = date | datetime | pd.Timestamp | str


# --------------------------------------------------------------------------- preparation


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
    frame = frame.reset_index(drop=True)
    n = len(frame)
    issue = frame["issue_id"].to_numpy()
    if n and not np.issubdtype(issue.dtype, np.integer):
        if pd.isna(issue).any():
            raise InputError("the assessments frame has rows without an issue_id")
        issue = issue.astype(np.int64)
    issue = issue.astype(np.int64, copy=False)
    raw_days = _days(frame["week_start"])
    bad = pd.to_datetime(frame["week_start"], errors="coerce").isna().to_numpy()
    if bad.any():
        where = frame["id"].iloc[int(np.flatnonzero(bad)[0])] if "id" in frame else "?"
        raise InputError(f"assessment {where} has no week_start", hint="fix or delete it")
    week = _monday(raw_days)
    raw_codes, uniques = pd.factorize(frame["status"], use_na_sentinel=True)
    labels = status_order(list(uniques))
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


# --------------------------------------------------------------------------- per issue


def score_series(frame: pd.DataFrame, *, scores: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Each issue's weekly score and cumulative trend index.

    Columns: issue_id, issue, section, week, status ("none" for no verdict), score (NaN for
    none), cumulative (running sum of scores; a none week keeps the previous value),
    changed (the status differs from the issue's previous verdict), headline.
    """
    prep = _prepare(frame, scores)
    score = prep.score
    cumulative = (
        pd.Series(np.nan_to_num(score, nan=0.0)).groupby(prep.issue_id).cumsum().to_numpy()
        if prep.n
        else np.zeros(0)
    )
    changed = np.zeros(prep.n, dtype=bool)
    changed[_change_positions(prep)[0]] = True
    return pd.DataFrame(
        {
            "issue_id": prep.issue_id,
            "issue": prep.column("issue"),
            "section": prep.column("section"),
            "week": _to_dt(prep.week),
            "status": _label_array(prep, prep.code),
            "score": score,
            "cumulative": cumulative,
            "changed": changed,
            "headline": prep.column("headline"),
        }
    )


def _run_table(prep: _Prepared) -> dict[str, npt.NDArray[Any]]:
    """Runs over the verdict subsequence (see module notes), in issue/time order."""
    v = prep.verdicts()
    v_issue, v_code = prep.issue_id[v], prep.code[v]
    new = np.ones(len(v), dtype=bool)
    new[1:] = (v_issue[1:] != v_issue[:-1]) | (v_code[1:] != v_code[:-1])
    begin = np.flatnonzero(new)
    end = np.r_[begin[1:], len(v)][: len(begin)] - 1
    return {
        "issue_id": v_issue[begin],
        "code": v_code[begin],
        "first": v[begin],  # positions into prep arrays
        "last": v[end],
        "length": (end - begin + 1).astype(np.int64),
    }


def runs(frame: pd.DataFrame) -> pd.DataFrame:
    """Every run of equal verdicts: issue_id, issue, status, first_week, last_week, length.

    ``length`` counts verdicts; ``weeks`` is the calendar span in weeks (gaps included).
    """
    prep = _prepare(frame, _BUILTIN_SCORES)
    table = _run_table(prep)
    first, last = table["first"], table["last"]
    return pd.DataFrame(
        {
            "issue_id": table["issue_id"],
            "issue": prep.column("issue")[first],
            "status": _label_array(prep, table["code"]),
            "first_week": _to_dt(prep.week[first]),
            "last_week": _to_dt(prep.week[last]),
            "length": table["length"],
            "weeks": (prep.week[last] - prep.week[first]) // 7 + 1,
        }
    )


def streaks(frame: pd.DataFrame) -> pd.DataFrame:
    """Current and longest streak per issue (one row per issue that has assessments).

    Columns: issue_id, issue, section, current_status ("none" if the issue has no verdict),
    current_streak (verdicts), current_since (first week of the current run), then
    ``longest_<status>`` for every status in :func:`status_order` (0 if never seen).
    """
    return _streaks(_prepare(frame, _BUILTIN_SCORES))


def _streaks(prep: _Prepared) -> pd.DataFrame:
    table = _run_table(prep)
    n_issues = len(prep.issue_start)
    ordinal = _issue_of_rows(prep)
    run_issue = ordinal[table["first"]] if len(table["first"]) else np.zeros(0, np.int64)
    longest = np.zeros((n_issues, len(prep.labels)), dtype=np.int64)
    np.maximum.at(longest, (run_issue, table["code"]), table["length"])
    current_code = np.full(n_issues, -1, dtype=np.int64)
    current_len = np.zeros(n_issues, dtype=np.int64)
    current_since = np.zeros(n_issues, dtype=np.int64)
    # runs are in time order within each issue, so the last assignment wins
    current_code[run_issue] = table["code"]
    current_len[run_issue] = table["length"]
    current_since[run_issue] = prep.week[table["first"]]
    since = _to_dt(current_since)
    since[current_code < 0] = pd.NaT
    starts = prep.issue_start
    out = pd.DataFrame(
        {
            "issue_id": prep.issue_id[starts],
            "issue": prep.column("issue")[starts],
            "section": _last_per_issue(prep, prep.column("section")),
            "current_status": _label_array(prep, current_code),
            "current_streak": current_len,
            "current_since": since,
        }
    )
    for i, label in enumerate(prep.labels):
        out[f"longest_{label}"] = longest[:, i]
    return out


def _last_per_issue(prep: _Prepared, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    ends = np.r_[prep.issue_start[1:], prep.n] - 1
    return values[ends] if prep.n else values[:0]


def _change_positions(prep: _Prepared) -> tuple[IntArray, IntArray]:
    """Positions of change points and of the verdict each one follows."""
    v = prep.verdicts()
    v_issue, v_code = prep.issue_id[v], prep.code[v]
    changed = np.flatnonzero((v_issue[1:] == v_issue[:-1]) & (v_code[1:] != v_code[:-1])) + 1
    return v[changed], v[changed - 1]


def change_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Weeks where an issue's verdict differs from its previous verdict.

    Columns: issue_id, issue, week, from_status, to_status, weeks_since (weeks since the
    previous verdict), headline.  An issue's first verdict is not a change point.
    """
    prep = _prepare(frame, _BUILTIN_SCORES)
    at, before = _change_positions(prep)
    return pd.DataFrame(
        {
            "issue_id": prep.issue_id[at],
            "issue": prep.column("issue")[at],
            "week": _to_dt(prep.week[at]),
            "from_status": _label_array(prep, prep.code[before]),
            "to_status": _label_array(prep, prep.code[at]),
            "weeks_since": (prep.week[at] - prep.week[before]) // 7,
            "headline": prep.column("headline")[at],
        }
    )


def transition_matrix(frame: pd.DataFrame, *, normalize: bool = False) -> pd.DataFrame:
    """How often each status follows each (consecutive verdicts of the same issue).

    Rows are the earlier status (index name "from"), columns the next one ("to"), both in
    :func:`status_order`.  ``normalize=True`` gives row shares (rows with no transitions are 0).
    """
    prep = _prepare(frame, _BUILTIN_SCORES)
    v = prep.verdicts()
    v_issue, v_code = prep.issue_id[v], prep.code[v]
    same = v_issue[1:] == v_issue[:-1]
    size = len(prep.labels)
    flat = v_code[:-1][same] * size + v_code[1:][same]
    counts = np.bincount(flat, minlength=size * size).reshape(size, size)
    values: npt.NDArray[Any] = counts
    if normalize:
        totals = counts.sum(axis=1, keepdims=True)
        values = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    return pd.DataFrame(
        values,
        index=pd.Index(list(prep.labels), name="from"),
        columns=pd.Index(list(prep.labels), name="to"),
    )


def issue_summary(
    frame: pd.DataFrame, *, scores: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """One row per issue, for ``tracker issues`` and reports.

    Columns: issue_id, issue, slug, section (of the latest assessment), assessments (stored
    rows), weeks (issue-weeks), first_week, last_week, last_status (latest verdict, "none" if
    it never had one), streak (text, e.g. "unchanged × 14"; "—" without a verdict),
    streak_length, last_change (week of the latest change point, NaT if none), index (final
    cumulative score), mean_score, last_headline.  Sorted by section, then issue.
    """
    prep = _prepare(frame, scores)
    starts = prep.issue_start
    n_issues = len(starts)
    ends = np.r_[starts[1:], prep.n] - 1 if prep.n else starts
    stored = pd.Series(prep.frame["issue_id"].to_numpy()).value_counts()
    info = _streaks(prep)
    ordinal = _issue_of_rows(prep)
    change_at, _ = _change_positions(prep)
    last_change = np.zeros(n_issues, dtype=np.int64)
    last_change[ordinal[change_at]] = prep.week[change_at]
    change_dt = _to_dt(last_change)
    change_dt[~np.isin(np.arange(n_issues), ordinal[change_at])] = pd.NaT
    finite = ~np.isnan(prep.score)
    total = np.bincount(ordinal, weights=np.where(finite, prep.score, 0.0), minlength=n_issues)
    counted = np.bincount(ordinal, weights=finite.astype(np.float64), minlength=n_issues)
    mean = np.divide(total, counted, out=np.full(n_issues, np.nan), where=counted > 0)
    status = info["current_status"].to_numpy()
    length = info["current_streak"].to_numpy()
    text = [f"{s} × {n}" if n else "—" for s, n in zip(status, length, strict=True)]
    ids = prep.issue_id[starts]
    out = pd.DataFrame(
        {
            "issue_id": ids,
            "issue": prep.column("issue")[ends],
            "slug": prep.column("slug")[ends],
            "section": prep.column("section")[ends],
            "assessments": stored.reindex(ids).to_numpy(dtype=np.int64),
            "weeks": (ends - starts + 1).astype(np.int64),
            "first_week": _to_dt(prep.week[starts]),
            "last_week": _to_dt(prep.week[ends]),
            "last_status": status,
            "streak": np.array(text, dtype=object),
            "streak_length": length,
            "last_change": change_dt,
            "index": total,
            "mean_score": mean,
            "last_headline": prep.column("headline")[ends],
        }
    )
    return _sort_by_section(out)


def _sort_by_section(out: pd.DataFrame) -> pd.DataFrame:
    if out.empty:
        return out.reset_index(drop=True)
    keys = pd.DataFrame(
        {
            "nosec": out["section"].isna(),
            "sec": out["section"].fillna("").astype(str).str.casefold(),
            "name": out["issue"].fillna("").astype(str).str.casefold(),
            "id": out["issue_id"],
        }
    )
    order = keys.sort_values(["nosec", "sec", "name", "id"]).index
    return out.loc[order].reset_index(drop=True)


# --------------------------------------------------------------------------- per group & week


def _group_codes(prep: _Prepared, by: str | None) -> tuple[IntArray, npt.NDArray[Any]]:
    if by is None:
        return np.zeros(prep.n, dtype=np.int64), np.array([], dtype=object)
    if by not in prep.frame.columns:
        raise InputError(
            f"cannot group by {by!r}: the frame has no such column",
            hint="use section, source, issue or None",
        )
    codes, uniques = pd.factorize(prep.frame[by].to_numpy()[prep.rows], use_na_sentinel=True)
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
    cell, inverse = np.unique(key, return_inverse=True)
    counts = np.zeros((len(cell), width), dtype=np.int64)
    np.add.at(counts, (inverse.ravel(), prep.code), 1)  # code -1 lands in the last column
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


def as_of(
    frame: pd.DataFrame, week: DateLike, *, scores: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """The register as it stood at ``week``: :func:`issue_summary` of everything up to it.

    Adds ``as_of`` (the Monday of ``week``) and ``weeks_since`` (weeks between an issue's last
    assessment and ``as_of``).  Issues first assessed after ``week`` are absent.
    """
    day = int(_monday(np.array([_to_day(week, "week")]))[0])
    if "week_start" in frame.columns and len(frame):
        weeks = _monday(_days(frame["week_start"]))
        frame = frame[weeks <= day]
    out = issue_summary(frame, scores=scores)
    out["as_of"] = _to_dt(np.full(len(out), day, dtype=np.int64))
    out["weeks_since"] = ((out["as_of"] - out["last_week"]).dt.days // 7).astype(np.int64)
    return out


# --------------------------------------------------------------------------- alerts


def alerts_deteriorating(
    frame: pd.DataFrame,
    k: int = 2,
    n: int = 4,
    *,
    status: str = "deteriorated",
    as_of: DateLike | None = None,
) -> pd.DataFrame:
    """Issues with ``status`` in at least ``k`` of their last ``n`` verdicts (up to ``as_of``).

    Columns: issue_id, issue, section, hits, considered (verdicts looked at, ≤ n), last_week,
    last_status.  Most hits first, then most recent.
    """
    if n < 1 or k < 1 or k > n:
        raise InputError(f"alert needs 1 ≤ k ≤ n, got k={k}, n={n}", hint="e.g. k=2, n=4")
    if as_of is not None and "week_start" in frame.columns and len(frame):
        day = _to_day(as_of, "as_of")
        frame = frame[_monday(_days(frame["week_start"])) <= day]
    prep = _prepare(frame, _BUILTIN_SCORES)
    v = prep.verdicts()
    v_issue = prep.issue_id[v]
    is_last = np.r_[v_issue[1:] != v_issue[:-1], True] if len(v) else np.zeros(0, bool)
    end_pos = np.flatnonzero(is_last)
    group = np.cumsum(np.r_[0, (v_issue[1:] != v_issue[:-1]).astype(np.int64)])
    from_end = end_pos[group] - np.arange(len(v)) if len(v) else np.zeros(0, np.int64)
    window = from_end < n
    target = prep.labels.index(status) if status in prep.labels else -2
    hits = np.bincount(group[window & (prep.code[v] == target)], minlength=len(end_pos))
    considered = np.bincount(group[window], minlength=len(end_pos))
    last = v[end_pos]
    out = pd.DataFrame(
        {
            "issue_id": prep.issue_id[last],
            "issue": prep.column("issue")[last],
            "section": prep.column("section")[last],
            "hits": hits,
            "considered": considered,
            "last_week": _to_dt(prep.week[last]),
            "last_status": _label_array(prep, prep.code[last]),
        }
    )
    out = out[out["hits"] >= k]
    return out.sort_values(
        ["hits", "last_week", "issue_id"], ascending=[False, False, True]
    ).reset_index(drop=True)


def alerts_silent(frame: pd.DataFrame, weeks: int, as_of: DateLike | None = None) -> pd.DataFrame:
    """Issues whose latest assessment is more than ``weeks`` weeks before ``as_of``.

    ``as_of`` defaults to the latest week in the frame.  Columns: issue_id, issue, section,
    last_week, weeks_silent, last_status.  Longest silence first.  (Issues that were never
    assessed are not in an assessments frame and so cannot appear.)
    """
    if weeks < 0:
        raise InputError(f"silence of {weeks} weeks", hint="use 0 weeks or more")
    prep = _prepare(frame, _BUILTIN_SCORES)
    if as_of is None:
        ref = int(prep.week.max()) if prep.n else 0
    else:
        ref = int(_monday(np.array([_to_day(as_of, "as_of")]))[0])
        keep = prep.week <= ref
        if not keep.all():
            return alerts_silent(frame.iloc[prep.rows[keep]], weeks, as_of)
    ends = np.r_[prep.issue_start[1:], prep.n] - 1 if prep.n else prep.issue_start
    silent = (ref - prep.week[ends]) // 7
    last_status = _streaks(prep)["current_status"].to_numpy()
    out = pd.DataFrame(
        {
            "issue_id": prep.issue_id[ends],
            "issue": prep.column("issue")[ends],
            "section": prep.column("section")[ends],
            "last_week": _to_dt(prep.week[ends]),
            "weeks_silent": silent.astype(np.int64),
            "last_status": last_status,
        }
    )
    out = out[out["weeks_silent"] > weeks]
    return out.sort_values(["weeks_silent", "issue_id"], ascending=[False, True]).reset_index(
        drop=True
    )
