"""Per issue: score series, runs and streaks, change points, transitions, summary, alerts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tracker.errors import InputError
from tracker.trends.frame import (
    _BUILTIN_SCORES,
    DateLike,
    IntArray,
    _days,
    _issue_of_rows,
    _label_array,
    _monday,
    _prepare,
    _Prepared,
    _to_day,
    _to_dt,
)


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
    # text columns stay object arrays: inferring a string dtype would rescan every value
    return pd.DataFrame(
        {
            "issue_id": prep.issue_id,
            "issue": pd.Series(prep.column("issue"), dtype=object, copy=False),
            "section": pd.Series(prep.column("section"), dtype=object, copy=False),
            "week": _to_dt(prep.week),
            "status": pd.Series(_label_array(prep, prep.code), dtype=object, copy=False),
            "score": score,
            "cumulative": cumulative,
            "changed": changed,
            "headline": pd.Series(prep.column("headline"), dtype=object, copy=False),
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
    return sort_by_section(out)


def sort_by_section(out: pd.DataFrame) -> pd.DataFrame:
    """Rows by section (none last), then issue name (both case-folded), then issue id."""
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
