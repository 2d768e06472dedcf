"""Trend computations on hand-made histories whose answers are known."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tracker import trends
from tracker.errors import InputError

COLUMNS = (
    "id",
    "issue_id",
    "issue",
    "slug",
    "section",
    "source",
    "week_start",
    "week_end",
    "status",
    "headline",
    "language",
)


def frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """rows: (issue_id, week_start, status[, section[, language]]) -> an assessments frame."""
    out = []
    for i, row in enumerate(rows, 1):
        issue_id, week, status = row[:3]
        section = row[3] if len(row) > 3 else "Security issues"
        language = row[4] if len(row) > 4 else "en"
        start = pd.Timestamp(week)
        out.append(
            {
                "id": i,
                "issue_id": issue_id,
                "issue": f"Issue {issue_id}",
                "slug": f"issue-{issue_id}",
                "section": section,
                "source": "Belarus in Focus",
                "week_start": start,
                "week_end": start + pd.Timedelta(days=6),
                "status": status,
                "headline": f"headline {i}",
                "language": language,
            }
        )
    if not out:
        return empty()
    return pd.DataFrame(out)


def empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(
                [],
                dtype="datetime64[ns]"
                if c.startswith("week")
                else ("int64" if c.endswith("id") else object),
            )
            for c in COLUMNS
        }
    )


def mondays(start: str, n: int) -> list[pd.Timestamp]:
    return list(pd.date_range(start, periods=n, freq="7D"))


U, I, D = "unchanged", "improved", "deteriorated"  # noqa: E741

# Issue 1: U U (gap gap) U none D I I   — the unchanged run continues across the gap and the
# none, the change point is at the D, then at the first I.
W = mondays("2024-01-01", 10)
HISTORY = frame(
    [
        (1, W[0], U),
        (1, W[1], U),
        (1, W[4], U),
        (1, W[5], None),
        (1, W[6], D),
        (1, W[7], I),
        (1, W[8], I),
        (2, W[0], I, "Economy"),
        (2, W[1], D, "Economy"),
        (2, W[2], D, "Economy"),
        (2, W[3], D, "Economy"),
    ]
)


def test_streaks_continue_across_gaps_and_none_but_not_across_a_change() -> None:
    runs = trends.runs(HISTORY)
    first = runs[runs["issue_id"] == 1].reset_index(drop=True)
    assert first["status"].tolist() == [U, D, I]
    assert first["length"].tolist() == [3, 1, 2]
    assert first["weeks"].tolist() == [5, 1, 2]  # calendar span includes the gap
    assert first.loc[0, "first_week"] == W[0]
    assert first.loc[0, "last_week"] == W[4]

    s = trends.streaks(HISTORY).set_index("issue_id")
    assert s.loc[1, "current_status"] == I
    assert s.loc[1, "current_streak"] == 2
    assert s.loc[1, "current_since"] == W[7]
    assert s.loc[1, "longest_unchanged"] == 3
    assert s.loc[2, "current_status"] == D
    assert s.loc[2, "current_streak"] == 3
    assert s.loc[2, "longest_improved"] == 1
    assert s.loc[2, "longest_unchanged"] == 0


def test_score_series_and_cumulative_index() -> None:
    series = trends.score_series(HISTORY)
    one = series[series["issue_id"] == 1]
    assert one["week"].tolist() == [W[0], W[1], W[4], W[5], W[6], W[7], W[8]]
    assert one["status"].tolist() == [U, U, U, "none", D, I, I]
    assert one["score"].tolist()[:3] == [0.0, 0.0, 0.0]
    assert math.isnan(one["score"].iloc[3])
    assert one["cumulative"].tolist() == [0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 1.0]
    assert one["changed"].tolist() == [False, False, False, False, True, True, False]
    two = series[series["issue_id"] == 2]
    assert two["cumulative"].tolist() == [1.0, 0.0, -1.0, -2.0]


def test_custom_scores_for_user_statuses() -> None:
    f = frame([(1, W[0], "escalated"), (1, W[1], I), (1, W[2], "escalated")])
    series = trends.score_series(f, scores={"improved": 1, "escalated": -2})
    assert series["cumulative"].tolist() == [-2.0, -1.0, -3.0]
    assert trends.status_order(f["status"].tolist()) == (I, U, D, "escalated")


def test_missing_weeks_are_gaps_not_unchanged() -> None:
    counts = trends.weekly_status_counts(HISTORY)
    assert W[5] in set(counts["week"])  # the none week is kept, as "none"
    assert counts.set_index("week").loc[W[5], "none"] == 1
    weeks = set(counts["week"])
    assert W[9] not in weeks  # nobody assessed anything: no row at all
    assert counts["unchanged"].sum() == 3  # nothing was filled in


def test_change_points() -> None:
    cps = trends.change_points(HISTORY)
    one = cps[cps["issue_id"] == 1]
    assert one["week"].tolist() == [W[6], W[7]]
    assert one["from_status"].tolist() == [U, D]
    assert one["to_status"].tolist() == [D, I]
    assert one["weeks_since"].tolist() == [2, 1]  # the none week is skipped over
    two = cps[cps["issue_id"] == 2]
    assert two["week"].tolist() == [W[1]]


def test_transition_matrix() -> None:
    m = trends.transition_matrix(HISTORY)
    # issue 1: U->U, U->U, U->D, D->I, I->I ; issue 2: I->D, D->D, D->D
    assert m.loc[U, U] == 2
    assert m.loc[U, D] == 1
    assert m.loc[D, I] == 1
    assert m.loc[I, I] == 1
    assert m.loc[I, D] == 1
    assert m.loc[D, D] == 2
    assert int(m.to_numpy().sum()) == 8
    shares = trends.transition_matrix(HISTORY, normalize=True)
    assert shares.loc[U].tolist() == pytest.approx([0.0, 2 / 3, 1 / 3])
    assert shares.loc[D].tolist() == pytest.approx([1 / 3, 0.0, 2 / 3])


def test_duplicate_language_rows_count_once_preferring_a_verdict() -> None:
    f = frame(
        [
            (1, "2024-03-04", None, "Economy", "ru"),
            (1, "2024-03-05", D, "Economy", "en"),  # same week (Tuesday start)
            (1, "2024-03-11", I, "Economy", "en"),
            (1, "2024-03-11", U, "Economy", "ru"),  # both have verdicts: lowest id wins
        ]
    )
    weeks = trends.issue_weeks(f)
    assert weeks["id"].tolist() == [2, 3]
    assert weeks["week"].tolist() == [pd.Timestamp("2024-03-04"), pd.Timestamp("2024-03-11")]
    counts = trends.weekly_status_counts(f)
    assert counts["total"].tolist() == [1, 1]
    summary = trends.issue_summary(f)
    assert summary.loc[0, "assessments"] == 4
    assert summary.loc[0, "weeks"] == 2


def test_weekly_counts_shares_balance_by_section() -> None:
    counts = trends.weekly_status_counts(HISTORY, by="section").set_index(["section", "week"])
    assert counts.loc[("Economy", W[1]), D] == 1
    assert counts.loc[("Security issues", W[0]), U] == 1
    shares = trends.weekly_status_shares(HISTORY)
    first = shares.set_index("week").loc[W[0]]
    assert first[U] == pytest.approx(0.5)
    assert first[I] == pytest.approx(0.5)
    assert first["total"] == 2
    balance = trends.net_balance(HISTORY).set_index("week")
    assert balance.loc[W[0], "balance"] == 1  # I (issue 2) vs nothing deteriorated
    assert balance.loc[W[1], "balance"] == -1
    assert balance.loc[W[7], "balance"] == 1
    assert balance.loc[W[0], "mean_score"] == pytest.approx(0.5)
    assert math.isnan(balance.loc[W[5], "mean_score"])  # only a none that week
    active = trends.active_issues(HISTORY).set_index("week")["active"]
    assert active.loc[W[0]] == 2
    assert active.loc[W[4]] == 1


def test_rolling_balance_uses_calendar_weeks() -> None:
    f = frame([(1, W[0], I), (2, W[0], I), (1, W[1], D), (1, W[4], D), (1, W[5], I)])
    roll = trends.rolling_balance(f, weeks=2).set_index("week")
    assert roll.loc[W[0], "rolling_balance"] == 2
    assert roll.loc[W[1], "rolling_balance"] == 1  # W0 + W1
    assert roll.loc[W[4], "rolling_balance"] == -1  # W3 (nothing) + W4
    assert roll.loc[W[5], "rolling_balance"] == 0
    assert roll.loc[W[5], "rolling_total"] == 2
    with pytest.raises(InputError):
        trends.rolling_balance(f, weeks=0)


def test_rolling_balance_windows_stay_inside_their_group() -> None:
    f = frame([(1, W[0], I, "A"), (2, W[1], D, "B"), (3, W[1], D, "A")])
    roll = trends.rolling_balance(f, weeks=4, by="section").set_index(["section", "week"])
    assert roll.loc[("A", W[1]), "rolling_balance"] == 0
    assert roll.loc[("B", W[1]), "rolling_balance"] == -1


def test_compare_periods() -> None:
    a = (W[0], W[1] + pd.Timedelta(days=6))
    b = ("2024-01-29", "2024-02-29")  # W4 .. W8
    cmp = trends.compare_periods(HISTORY, a, b, by="section").set_index("section")
    assert cmp.loc["Economy", "assessments_a"] == 2
    assert cmp.loc["Economy", "assessments_b"] == 0
    assert cmp.loc["Security issues", "unchanged_a"] == 2
    assert cmp.loc["Security issues", "none_b"] == 1
    assert cmp.loc["Security issues", "balance_b"] == 1  # D, I, I
    assert cmp.loc["Security issues", "mean_score_b"] == pytest.approx(0.25)  # 0 −1 +1 +1
    assert cmp.loc["Economy", "balance_a"] == 0
    whole = trends.compare_periods(HISTORY, a, b)
    assert len(whole) == 1
    assert whole.loc[0, "balance_change"] == 1 - 0
    with pytest.raises(InputError, match="ends before"):
        trends.compare_periods(HISTORY, ("2024-02-01", "2024-01-01"), b)
    with pytest.raises(InputError, match="not a date"):
        trends.compare_periods(HISTORY, ("someday", "2024-01-01"), b)


def test_as_of_shows_the_register_at_a_past_week() -> None:
    then = trends.as_of(HISTORY, W[3] + pd.Timedelta(days=2)).set_index("issue_id")
    assert then.loc[1, "last_status"] == U
    assert then.loc[1, "streak"] == "unchanged × 2"
    assert then.loc[1, "weeks_since"] == 2
    assert then.loc[2, "last_status"] == D
    assert then.loc[2, "streak"] == "deteriorated × 3"
    before = trends.as_of(HISTORY, "2023-12-01")
    assert before.empty


def test_issue_summary() -> None:
    s = trends.issue_summary(HISTORY)
    assert s["issue"].tolist() == ["Issue 2", "Issue 1"]  # Economy sorts before Security
    one = s.set_index("issue_id").loc[1]
    assert one["streak"] == "improved × 2"
    assert one["last_status"] == I
    assert one["first_week"] == W[0]
    assert one["last_week"] == W[8]
    assert one["last_change"] == W[7]
    assert one["index"] == 1.0
    assert one["last_headline"] == "headline 7"
    assert one["assessments"] == 7


def test_issue_with_only_none_statuses() -> None:
    f = frame([(5, W[0], None), (5, W[2], None)])
    s = trends.issue_summary(f)
    assert s.loc[0, "last_status"] == "none"
    assert s.loc[0, "streak"] == "—"
    assert s.loc[0, "streak_length"] == 0
    assert trends.change_points(f).empty
    assert int(trends.transition_matrix(f).to_numpy().sum()) == 0
    assert trends.weekly_status_counts(f)["none"].tolist() == [1, 1]


def test_alerts_deteriorating_k_of_last_n() -> None:
    alerts = trends.alerts_deteriorating(HISTORY, k=3, n=4)
    assert alerts["issue_id"].tolist() == [2]
    assert alerts.loc[0, "hits"] == 3
    assert alerts.loc[0, "considered"] == 4
    loose = trends.alerts_deteriorating(HISTORY, k=1, n=3)
    assert loose["issue_id"].tolist() == [2, 1]  # 3 hits before 1 hit
    assert trends.alerts_deteriorating(HISTORY, k=1, n=2)["issue_id"].tolist() == [2]
    past = trends.alerts_deteriorating(HISTORY, k=1, n=2, as_of=W[1])
    assert past["issue_id"].tolist() == [2]
    assert past.loc[0, "hits"] == 1
    with pytest.raises(InputError):
        trends.alerts_deteriorating(HISTORY, k=5, n=4)


def test_alerts_silent() -> None:
    silent = trends.alerts_silent(HISTORY, weeks=3)
    assert silent["issue_id"].tolist() == [2]
    assert silent.loc[0, "weeks_silent"] == 5  # last W3, newest week in the frame W8
    later = trends.alerts_silent(HISTORY, weeks=3, as_of="2024-04-01")
    assert later["issue_id"].tolist() == [2, 1]
    earlier = trends.alerts_silent(HISTORY, weeks=0, as_of=W[2])
    assert earlier["issue_id"].tolist() == [1]  # issue 1 last seen W1, issue 2 on W2
    assert earlier.loc[0, "weeks_silent"] == 1


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("score_series", trends.score_series),
        ("runs", trends.runs),
        ("streaks", trends.streaks),
        ("change_points", trends.change_points),
        ("issue_summary", trends.issue_summary),
        ("weekly_status_counts", lambda f: trends.weekly_status_counts(f, "section")),
        ("weekly_status_shares", trends.weekly_status_shares),
        ("net_balance", trends.net_balance),
        ("rolling_balance", trends.rolling_balance),
        ("active_issues", trends.active_issues),
        ("alerts_deteriorating", trends.alerts_deteriorating),
        ("alerts_silent", lambda f: trends.alerts_silent(f, 4)),
        ("as_of", lambda f: trends.as_of(f, "2024-01-01")),
        ("compare_periods", lambda f: trends.compare_periods(f, W[:2], W[2:4], by="section")),
        ("issue_weeks", trends.issue_weeks),
    ],
)
def test_empty_frames_give_empty_frames_with_the_same_columns(name: str, call: Any) -> None:
    full = call(HISTORY)
    none = call(empty())
    assert len(full) > 0, name
    assert none.empty, name
    assert list(none.columns) == list(full.columns), name


def test_transition_matrix_of_empty_frame_is_zero() -> None:
    m = trends.transition_matrix(empty())
    assert m.shape == (3, 3)
    assert int(m.to_numpy().sum()) == 0


def test_bad_input_is_an_input_error() -> None:
    with pytest.raises(InputError, match="lacks column"):
        trends.streaks(pd.DataFrame({"issue_id": [1]}))
    with pytest.raises(InputError, match="cannot group by"):
        trends.weekly_status_counts(HISTORY, by="region")
    broken = HISTORY.copy()
    broken.loc[3, "week_start"] = pd.NaT
    with pytest.raises(InputError, match="no week_start"):
        trends.score_series(broken)


def test_row_order_does_not_matter() -> None:
    shuffled = HISTORY.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(trends.streaks(shuffled), trends.streaks(HISTORY))
    pd.testing.assert_frame_equal(trends.score_series(shuffled), trends.score_series(HISTORY))


def test_vectorised_runs_match_a_plain_loop() -> None:
    rng = np.random.default_rng(11)
    rows = []
    for issue in range(1, 30):
        for week in mondays("2023-01-02", 40):
            if rng.random() < 0.7:
                rows.append((issue, week, rng.choice([I, U, D, None], p=[0.2, 0.5, 0.2, 0.1])))
    f = frame(rows)
    got = trends.streaks(f).set_index("issue_id")
    for issue, group in f.groupby("issue_id"):
        ordered = group.sort_values("week_start")["status"]
        verdicts = [s for s in ordered if isinstance(s, str)]
        longest: dict[str, int] = {}
        run_status, run_len = None, 0
        for s in verdicts:
            run_len = run_len + 1 if s == run_status else 1
            run_status = s
            longest[s] = max(longest.get(s, 0), run_len)
        assert got.loc[issue, "current_streak"] == run_len
        for s in (I, U, D):
            assert got.loc[issue, f"longest_{s}"] == longest.get(s, 0)


def test_weekly_counts_for_many_groups_over_many_years() -> None:
    # 2,000 groups × 2,600 weeks is too large for the dense table: the sparse path counts
    weeks = pd.date_range("1975-01-06", periods=2600, freq="7D")
    rows = [(i, weeks[(i * 37) % 2600], [I, U, D, None][i % 4]) for i in range(1, 2001)]
    f = frame(rows)
    counts = trends.weekly_status_counts(f, by="issue")
    assert len(counts) == 2000
    assert counts["total"].tolist() == [1] * 2000
    assert counts[[I, U, D, "none"]].sum().tolist() == [500, 500, 500, 500]
    one = counts[counts["issue"] == "Issue 7"].iloc[0]
    assert one["week"] == weeks[(7 * 37) % 2600]
    assert one["none"] == 1  # 7 % 4 == 3: no verdict
