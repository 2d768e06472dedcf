"""The issues × time cells behind the status calendar and the small multiples.

:func:`issue_grid` chooses the time resolution (see :mod:`tracker.charts.resolution`) and the
issues to show: on a crowded register (hundreds of issues, most of them active for a few weeks)
only the ones that matter for the question fit an A4 page legibly — the most active, the most
changed, the most recently assessed, or the ones named — grouped by section; the grid says how
many it left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tracker import trends
from tracker.charts.resolution import BANDS, cell_of, cell_starts, choose_resolution, split_codes
from tracker.charts.style import plural, statuses_in
from tracker.errors import InputError
from tracker.trends import NONE_LABEL

__all__ = ["SELECTIONS", "IssueGrid", "issue_grid", "named_issue_ids"]

NO_SECTION = "(no section)"

#: ``select=``: how the issues shown are chosen, and how the others are described.
SELECTIONS: dict[str, str] = {
    "active": "quieter",  # most assessed weeks in the period
    "changed": "with fewer changes",  # most changes of verdict in the period
    "recent": "assessed less recently",  # latest assessment first
}


@dataclass(frozen=True)
class IssueGrid:
    """Cells of the issues shown.

    ``issues``: one row per issue shown (issue_id, issue, section, weeks, changes, last), in
    drawing order (by section, then by the selection's measure).  ``starts``: the cells' first
    days plus the day after the last cell.  ``codes[i, c, b]``: band ``b`` of issue ``i``'s cell
    ``c`` as an index into ``labels`` (-1: no assessment); at weekly resolution one band.
    ``verdicts[i, c]``: issue-weeks with a verdict in the cell.  ``weeks``: the Mondays of the
    span (the image's columns).  ``total``: issues in the data.
    """

    issues: pd.DataFrame
    total: int
    resolution: str
    starts: pd.DatetimeIndex
    weeks: pd.DatetimeIndex
    codes: np.ndarray
    verdicts: np.ndarray
    labels: tuple[str, ...]
    select: str
    named: bool

    @property
    def hidden(self) -> int:
        return self.total - len(self.issues)

    @property
    def bands(self) -> int:
        return int(self.codes.shape[2]) if self.codes.ndim == 3 else 1

    def split_cells(self) -> int:
        """How many cells show more than one verdict."""
        if self.bands == 1 or not self.codes.size:
            return 0
        return int(np.count_nonzero((self.codes != self.codes[..., :1]).any(axis=-1)))

    def week_codes(self) -> np.ndarray:
        """Image codes ``(issues × bands, weeks)``: each week column shows its cell."""
        if not len(self.issues):
            return np.zeros((0, 0), dtype=np.int16)
        column = cell_of(self.weeks, self.starts)
        per_week = self.codes[:, column, :]  # (n, W, B)
        n, w, b = per_week.shape
        return per_week.transpose(0, 2, 1).reshape(n * b, w)

    def hidden_note(self) -> str:
        """ "and 212 quieter issues" (empty when every issue is shown)."""
        if self.hidden <= 0:
            return ""
        if self.named:
            return f"and {plural(self.hidden, 'other issue')}"
        return f"and {plural(self.hidden, 'issue')} {SELECTIONS[self.select]}".replace(
            "issues quieter", "quieter issues"
        ).replace("issue quieter", "quieter issue")

    def selection_text(self) -> str:
        """ "the 80 most active of 500 issues" or "all 30 issues" (for a subtitle)."""
        shown = len(self.issues)
        if self.hidden <= 0:
            return f"all {plural(shown, 'issue')}" if shown > 1 else plural(shown, "issue")
        if self.named:
            return f"{shown} named of {plural(self.total, 'issue')}"
        measure = {"active": "most active", "changed": "most changed", "recent": "latest"}
        return f"the {shown} {measure[self.select]} of {plural(self.total, 'issue')}"


def named_issue_ids(frame: pd.DataFrame, names: Sequence[int | str]) -> list[int]:
    """The ids of the issues named (id, slug or name, any case), in the order given."""
    from tracker.charts.timeline import select_issue

    out: list[int] = []
    for name in names:
        rows = select_issue(frame, name)
        if not len(rows):
            raise InputError(
                f"no issue {name!r} in the chart's data", hint="name it by id, slug or name"
            )
        for issue_id in pd.unique(rows["issue_id"]):
            if int(issue_id) not in out:
                out.append(int(issue_id))
    return out


def issue_grid(
    frame: pd.DataFrame,
    *,
    period: tuple[Any, Any] | None = None,
    resolution: str | None = "auto",
    width_pt: float = 300.0,
    select: str = "active",
    max_issues: int | None = None,
    issues: Sequence[int | str] | None = None,
) -> IssueGrid:
    """The grid of ``frame`` over ``period`` (default: the data's span).

    ``resolution``: "auto" (the finest whose cells are visible at ``width_pt``), "week",
    "month", "quarter" or "year".  ``select``: a key of :data:`SELECTIONS`.  ``max_issues``:
    how many to show (None: all).  ``issues``: show these (ids, slugs or names) instead.
    """
    if select not in SELECTIONS:
        raise InputError(f"unknown selection {select!r}", hint=f"choose {', '.join(SELECTIONS)}")
    series = trends.score_series(frame)
    empty = np.zeros((0, 0, 1), dtype=np.int16)
    if series.empty:
        return IssueGrid(
            series.iloc[:0], 0, "week", pd.DatetimeIndex([]), pd.DatetimeIndex([]), empty,
            np.zeros((0, 0), dtype=np.int64), (), select, False,
        )  # fmt: skip
    section = series["section"].astype(object).where(series["section"].notna(), NO_SECTION)
    series = series.assign(section=section)
    table = series.groupby("issue_id", sort=False).agg(
        issue=("issue", "last"),
        section=("section", "last"),
        weeks=("week", "size"),
        last=("week", "max"),
        changes=("changed", "sum"),
    )
    total = len(table)
    named = issues is not None and len(issues) > 0
    if named:
        assert issues is not None
        wanted = named_issue_ids(frame, issues)
        table = table.loc[[i for i in wanted if i in table.index]]
    else:
        measure = {
            "active": ["weeks", "changes", "last"],
            "changed": ["changes", "weeks", "last"],
            "recent": ["last", "weeks", "changes"],
        }[select]
        table = table.sort_values(measure, ascending=False, kind="stable")
        if max_issues is not None:
            table = table.head(max(1, max_issues))
    rank = {"active": "weeks", "changed": "changes", "recent": "last"}[select]
    table = table.reset_index()
    table["_nosec"] = table["section"] == NO_SECTION
    table["_sec"] = table["section"].astype(str).str.casefold()
    table["_name"] = table["issue"].astype(str).str.casefold()
    table = table.sort_values(
        ["_nosec", "_sec", rank, "weeks", "_name", "issue_id"],
        ascending=[True, True, False, False, True, True],
    ).reset_index(drop=True)[["issue_id", "issue", "section", "weeks", "changes", "last"]]
    first, last = series["week"].min(), series["week"].max()
    if period is not None:
        p0, p1 = (pd.Timestamp(p) for p in period)
        first = min(first, p0 - pd.Timedelta(days=p0.weekday()))
        last = max(last, p1 - pd.Timedelta(days=p1.weekday()))
    chosen = choose_resolution(first, last, width_pt, wanted=resolution)
    starts = cell_starts(first, last, chosen)
    if chosen != "week":  # whole cells: the weeks whose Monday falls in the first … last cell
        lo, hi = starts[0], starts[-1] - pd.Timedelta(days=1)
        first = lo + pd.Timedelta(days=(7 - lo.weekday()) % 7)
        last = hi - pd.Timedelta(days=hi.weekday())
    weeks = pd.date_range(first, last, freq="7D")
    labels = tuple(statuses_in(series["status"]))
    if NONE_LABEL not in labels:
        labels = (*labels, NONE_LABEL)
    code_of = {label: i for i, label in enumerate(labels)}
    row_of = pd.Series(np.arange(len(table)), index=table["issue_id"])
    shown = series[series["issue_id"].isin(row_of.index)]
    rows = row_of.reindex(shown["issue_id"]).to_numpy()
    cells = cell_of(shown["week"], starts)
    codes = shown["status"].map(code_of).to_numpy(dtype=np.int64)
    n, c = len(table), len(starts) - 1
    verdicts = np.zeros((n, c), dtype=np.int64)
    has_verdict = codes != code_of[NONE_LABEL]
    np.add.at(verdicts, (rows[has_verdict], cells[has_verdict]), 1)
    if chosen == "week":
        grid = np.full((n, c, 1), -1, dtype=np.int16)
        grid[rows, cells, 0] = codes
    else:
        present = np.zeros((n, c, len(labels)), dtype=bool)
        present[rows, cells, codes] = True
        grid = split_codes(present, code_of[NONE_LABEL], BANDS)
    return IssueGrid(table, total, chosen, starts, weeks, grid, verdicts, labels, select, named)
