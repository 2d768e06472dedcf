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

from tracker.trends.frame import CANONICAL_STATUSES, NONE_LABEL, issue_weeks, status_order
from tracker.trends.issues import (
    alerts_deteriorating,
    alerts_silent,
    as_of,
    change_points,
    issue_summary,
    runs,
    score_series,
    sort_by_section,
    streaks,
    transition_matrix,
)
from tracker.trends.weekly import (
    active_issues,
    compare_periods,
    net_balance,
    rolling_balance,
    weekly_status_counts,
    weekly_status_shares,
)

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
    "sort_by_section",
    "status_order",
    "streaks",
    "transition_matrix",
    "weekly_status_counts",
    "weekly_status_shares",
]
