"""Charts: assert on what was drawn (colours, cells, labels, limits, texts); always close."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.text import Annotation

from tests import archives
from tracker import charts
from tracker.charts.labels import boxes_overlap, place_boxes
from tracker.charts.style import GAP_COLOUR, NONE_EDGE, shorten
from tracker.errors import InputError
from tracker.vocab import NONE_COLOUR, STATUS_COLOURS

U, I, D = "unchanged", "improved", "deteriorated"  # noqa: E741


def frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """rows: (issue_id, week_start, status, section[, headline])."""
    out = []
    for i, row in enumerate(rows, 1):
        issue_id, week, status, section = row[:4]
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
                "headline": row[4] if len(row) > 4 else f"Headline number {i} about things",
                "language": "en",
            }
        )
    return pd.DataFrame(out)


WEEKS = list(pd.date_range("2024-01-01", periods=30, freq="7D"))

# one issue: U U U (gap) none D D I U ... ; change points at D (w5), I (w7), U (w8)
ONE = frame(
    [
        (1, WEEKS[0], U, "Security"),
        (1, WEEKS[1], U, "Security"),
        (1, WEEKS[2], U, "Security"),
        (1, WEEKS[4], None, "Security"),
        (1, WEEKS[5], D, "Security", "Border closed again after a new incident"),
        (1, WEEKS[6], D, "Security"),
        (1, WEEKS[7], I, "Security", "Talks resume"),
        (1, WEEKS[8], U, "Security", "Nothing new on the border"),
    ]
)

# three issues in two sections; issue 3 is the most active of "Economy"
MANY = pd.concat(
    [
        ONE,
        frame(
            [(2, WEEKS[w], I if w % 3 else D, "Economy") for w in (0, 3, 6)]
            + [(3, WEEKS[w], U, "Economy") for w in range(0, 10)]
        ).assign(id=lambda f: f["id"] + 100),
    ],
    ignore_index=True,
)


@pytest.fixture
def figures() -> Iterator[list[Figure]]:
    made: list[Figure] = []
    yield made
    for fig in made:
        fig.clear()
    import matplotlib.pyplot as plt

    plt.close("all")


def keep(figures: list[Figure], fig: Figure) -> Figure:
    figures.append(fig)
    return fig


def hexes(colours: Any) -> list[str]:
    return [to_hex(c) for c in np.atleast_2d(colours)]


# --------------------------------------------------------------------------- labels


def test_place_boxes_never_overlaps_and_stays_in_bounds() -> None:
    rng = np.random.default_rng(5)
    anchors = np.column_stack([rng.uniform(50, 550, 40), rng.uniform(100, 300, 40)])
    sizes = np.tile([90.0, 24.0], (40, 1))
    placed = place_boxes(anchors, sizes, [1] * 40, (0, 0, 600, 400), gap=6)
    boxes = [b for b in placed if b is not None]
    assert 5 < len(boxes) < 40  # crowded: some fit, some are dropped
    for a, b in itertools.combinations(boxes, 2):
        assert not boxes_overlap(a, b)
    for b in boxes:
        assert b[0] >= 0 and b[1] >= 0 and b[2] <= 600 and b[3] <= 400


def test_place_boxes_prefers_the_requested_side_and_avoids_obstacles() -> None:
    placed = place_boxes([[100, 100], [100, 100]], [[40, 10], [40, 10]], [1, -1], (0, 0, 300, 300))
    up, down = placed
    assert up is not None and up[1] > 100  # above
    assert down is not None and down[3] < 100  # below
    blocked = place_boxes(
        [[100, 100]], [[40, 10]], [1], (0, 0, 300, 300), obstacles=[[0, 100, 300, 300]], gap=4
    )
    assert blocked[0] is not None and blocked[0][3] <= 100  # pushed below the obstacle
    assert place_boxes([[5, 5]], [[400, 10]], [1], (0, 0, 100, 100)) == [None]


# --------------------------------------------------------------------------- timeline


def test_timeline_markers_line_and_labels(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_issue_timeline(ONE))
    ax = fig.axes[0]
    scatters = {c.get_gid(): c for c in ax.collections if isinstance(c, PathCollection)}
    assert set(scatters) == {
        "status-unchanged",
        "status-deteriorated",
        "status-improved",
        "status-none",
    }
    assert hexes(scatters["status-deteriorated"].get_facecolors()) == [STATUS_COLOURS[D]]
    assert hexes(scatters["status-improved"].get_facecolors()) == [STATUS_COLOURS[I]]
    assert len(scatters["status-unchanged"].get_offsets()) == 4
    none = scatters["status-none"]
    assert hexes(none.get_facecolors()) == ["#ffffff"]  # hollow
    assert hexes(none.get_edgecolors()) == [to_hex(NONE_EDGE)]
    step = next(line for line in ax.get_lines() if line.get_label() == "cumulative index")
    assert list(step.get_ydata()) == [0, 0, 0, 0, -1, -2, -1, -1, -1]  # last value repeated
    texts = [a.get_text() for a in ax.texts if isinstance(a, Annotation)]
    assert texts == [
        shorten("Nothing new on the border", 24, 2),
        shorten("Talks resume", 24, 2),
        shorten("Border closed again after a new incident", 24, 2),
    ]
    lo, hi = ax.get_ylim()
    assert lo < -2 and hi > 0
    assert "Issue 1" in fig.texts[0].get_text() or "Issue 1" in fig.get_suptitle()
    assert "unchanged × 1" in fig.get_suptitle()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [I, U, D, "no verdict", "cumulative index"]
    foot = next(t.get_text() for t in fig.texts if t.get_gid() == "footnote")
    assert foot.startswith("Source: Belarus in Focus · Period: 1 Jan 2024 – ")
    assert "3 status changes" in foot


def test_timeline_labels_do_not_overlap_when_crowded(figures: list[Figure]) -> None:
    statuses = [I, D] * 20  # a change every week: 39 change points in 40 weeks
    rows = [
        (7, w, s, "Security", f"Headline {k} with several words in it")
        for k, (w, s) in enumerate(
            zip(pd.date_range("2023-01-02", periods=40, freq="7D"), statuses, strict=True)
        )
    ]
    fig = keep(figures, charts.figure_issue_timeline(frame(rows), max_labels=40))
    fig.canvas.draw()  # a first draw hides the labels that do not fit…
    fig.set_dpi(150)
    fig.canvas.draw()  # …and the next one, at another dpi, must place them all again
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    labels = [a for a in ax.texts if isinstance(a, Annotation) and a.get_visible()]
    assert 3 <= len(labels) < 39
    boxes = [a.get_bbox_patch().get_window_extent(renderer) for a in labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b)
    frame_box = ax.get_window_extent(renderer)
    for b in boxes:
        assert frame_box.x0 <= b.x0 and b.x1 <= frame_box.x1
        assert frame_box.y0 <= b.y0 and b.y1 <= frame_box.y1


def test_timeline_needs_one_issue(figures: list[Figure]) -> None:
    with pytest.raises(InputError, match="one issue"):
        charts.figure_issue_timeline(MANY)
    fig = keep(figures, charts.figure_issue_timeline(MANY, issue="issue-3"))
    assert fig.get_suptitle().startswith("Issue 3")
    fig = keep(figures, charts.figure_issue_timeline(MANY, issue=2))
    assert fig.get_suptitle().startswith("Issue 2")


def test_timeline_date_axis_reads_as_months_and_years(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_issue_timeline(MANY, issue=3))
    ax = fig.axes[0]
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all("W" not in lab for lab in labels)
    assert any(lab in {"2024", "Jan", "Feb", "Mar"} for lab in labels)


# --------------------------------------------------------------------------- calendar


def test_calendar_is_one_image_with_status_cells_and_gaps(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_status_calendar(MANY))
    ax = fig.axes[0]
    images = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    assert len(images) == 1
    data = np.asarray(images[0].get_array())
    assert data.shape == (3, 10, 3)  # 3 issues × 10 weeks (Jan 1 .. Mar 4) × RGB
    # order: Economy first (issue 3 most active, then 2), then Security (issue 1)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["Issue 3", "Issue 2", "Issue 1"]
    rgb = (
        np.array(
            [
                to_rgb(c)
                for c in (
                    STATUS_COLOURS[U],
                    STATUS_COLOURS[D],
                    GAP_COLOUR,
                    NONE_COLOUR,
                    STATUS_COLOURS[I],
                )
            ]
        )
        * 255
    ).round()
    assert (data[2, 0] == rgb[0]).all()  # issue 1, week 0: unchanged
    assert (data[2, 5] == rgb[1]).all()  # week 5: deteriorated
    assert (data[2, 3] == rgb[2]).all()  # week 3: nothing -> page colour
    assert (data[2, 4] == rgb[3]).all()  # week 4: none
    assert (data[1, 0] == rgb[1]).all()  # issue 2 week 0: D (0 % 3 == 0)
    assert (data[1, 3] == rgb[1]).all()
    assert (data[1, 1] == rgb[2]).all()
    sections = [t.get_text() for t in ax.texts if t.get_gid() == "section-label"]
    assert sections == ["Economy", "Security"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [I, U, D, "no verdict", "no assessment"]
    x0, x1 = ax.get_xlim()
    assert mdates.num2date(x0).date() == WEEKS[0].date()
    assert mdates.num2date(x1).date() == (WEEKS[9] + pd.Timedelta(days=7)).date()


def test_calendar_grid_and_many_issues_without_unreadable_labels(figures: list[Figure]) -> None:
    rows = [
        (issue, week, [I, U, D][(issue + k) % 3], f"Section {issue % 4}")
        for issue in range(1, 201)
        for k, week in enumerate(pd.date_range("2020-01-06", periods=60, freq="7D"))
        if (issue * 7 + k) % 5
    ]
    big = frame(rows)
    _, weeks, grid, _ = charts.calendar_grid(big)
    assert grid.shape == (200, 60) and len(weeks) == 60
    assert (grid >= 0).sum() == len(big)
    fig = keep(figures, charts.figure_status_calendar(big))
    ax = fig.axes[0]
    assert len([a for a in ax.get_children() if isinstance(a, AxesImage)]) == 1
    # as many issues as fit A4 with readable names, the most active ones, grouped by section
    shown = charts.calendar_capacity()
    assert 60 <= shown < 200
    assert len(ax.get_yticks()) == shown
    assert min(t.get_fontsize() for t in ax.get_yticklabels()) >= 5.0
    assert len([t for t in ax.texts if t.get_gid() == "section-label"]) == 4
    note = next(t for t in ax.texts if t.get_gid() == "hidden-issues")
    assert note.get_text() == f"… and {200 - shown} quieter issues"
    assert fig.get_figheight() <= 9.6
    # an unlimited calendar falls back to section labels only
    fig = keep(figures, charts.figure_status_calendar(big, max_issues=500))
    assert list(fig.axes[0].get_yticks()) == []


# --------------------------------------------------------------------------- balance


def test_balance_table_and_chart(figures: list[Figure]) -> None:
    table = charts.balance_table(MANY, rolling=1)
    # week 0: issue 1 U, issue 2 D, issue 3 U -> shares 2/3 U, 1/3 D, net -1/3
    assert table.loc[WEEKS[0], U] == pytest.approx(2 / 3)
    assert table.loc[WEEKS[0], "net"] == pytest.approx(-1 / 3)
    assert table.loc[WEEKS[4], "none"] == pytest.approx(0.5)
    rolled = charts.balance_table(MANY, rolling=2)
    # weeks 0+1: U,D,U + U,U -> net -1/5
    assert rolled.loc[WEEKS[1], "net"] == pytest.approx(-1 / 5)
    fig = keep(figures, charts.figure_section_balance(MANY, rolling=1, resolution="week"))
    ax, right = fig.axes[0], fig.axes[1]
    polys = ax.collections
    assert [p.get_label() for p in polys] == [D, U, "none", I]
    assert hexes(polys[0].get_facecolor()) == [STATUS_COLOURS[D]]
    assert hexes(polys[2].get_facecolor()) == [to_hex(NONE_COLOUR)]
    line = next(ln for ln in right.get_lines() if ln.get_gid() == "net-balance")
    assert line.get_ydata()[0] == pytest.approx(-1 / 3)
    assert ax.get_ylim() == pytest.approx((-0.02, 1.02))
    assert right.get_ylim() == pytest.approx((-1.04, 1.04))
    assert fig.get_suptitle() == "Weekly status shares — all sections"


def test_balance_keeps_missing_weeks_as_gaps() -> None:
    f = frame([(1, WEEKS[0], I, "A"), (1, WEEKS[3], D, "A")])
    table = charts.balance_table(f, rolling=4)
    assert len(table) == 4
    assert table.loc[WEEKS[1]].isna().all()
    assert table.loc[WEEKS[3], "net"] == pytest.approx(0.0)  # window: I + D


def test_balance_of_one_section(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_section_balance(MANY, section="economy"))
    assert fig.get_suptitle() == "Weekly status shares — economy"
    foot = next(t.get_text() for t in fig.texts if t.get_gid() == "footnote")
    assert "13 issue-weeks" in foot


# --------------------------------------------------------------------------- multiples, tables


def test_small_multiples_one_strip_per_issue(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_small_multiples(MANY))
    ax = fig.axes[0]
    (image,) = [a for a in ax.get_children() if isinstance(a, AxesImage)]  # one image
    data = np.asarray(image.get_array())
    assert data.shape == (12, 10, 3)  # 3 issues × (3 colour rows + 1 gap row), 10 weeks
    page = (np.array(to_rgb(GAP_COLOUR)) * 255).round()
    assert (data[3::4] == page).all()  # the gap rows between strips
    unchanged = (np.array(to_rgb(STATUS_COLOURS[U])) * 255).round()
    assert (data[0:3, :] == unchanged).all()  # issue 3: unchanged every week
    frames = [p for p in ax.patches if not p.get_fill()]
    assert len(frames) == 3

    def column(gid: str) -> list[str]:
        return [line for t in ax.texts if t.get_gid() == gid for line in t.get_text().split("\n\n")]

    assert column("names") == ["Issue 3", "Issue 2", "Issue 1"]
    assert column("streak") == ["unchanged × 10", "deteriorated × 3", "unchanged × 1"]
    fig = keep(figures, charts.figure_small_multiples(MANY, section="Economy", max_issues=1))
    foot = next(t.get_text() for t in fig.texts if t.get_gid() == "footnote")
    assert "2 issues" in foot
    sub = next(t.get_text() for t in fig.texts if t.get_gid() == "subtitle")
    assert sub == "By week · the 1 most active of 2 issues, by section"
    hidden = next(t.get_text() for t in fig.texts if t.get_gid() == "hidden-issues")
    assert hidden == "… and 1 quieter issue"


def test_status_strip_on_a_given_axes(figures: list[Figure]) -> None:
    fig = keep(figures, Figure())
    ax = fig.add_subplot()
    assert charts.plot_status_strip(ax, ONE, title="Issue 1") is ax
    (image,) = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    assert np.asarray(image.get_array()).shape == (1, 9, 3)
    assert ax.get_title(loc="left") == "Issue 1"


def test_transition_matrix_figure(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_transition_matrix(ONE))
    ax = fig.axes[0]
    cells = {t.get_gid(): t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("cell")}
    # verdicts U U U D D I U: U->U 2, U->D 1, D->D 1, D->I 1, I->U 1
    assert cells["cell-1-1"] == "2\n67%"
    assert cells["cell-1-2"] == "1\n33%"
    assert cells["cell-2-0"] == "1\n50%"
    assert cells["cell-0-1"] == "1\n100%"
    assert [t.get_text() for t in ax.get_xticklabels()] == [I, U, D]
    (image,) = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    assert np.asarray(image.get_array())[1, 1] == pytest.approx(2 / 3)


def test_streak_table_figure(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_streak_table(MANY))
    columns = {t.get_gid(): t.get_text().split("\n\n") for t in fig.axes[0].texts if t.get_gid()}
    # longest current streak first: issue 3 (10 × unchanged), issue 2, issue 1
    assert columns["column-Issue"] == ["Issue 3", "Issue 2", "Issue 1"]
    assert columns["column-Section"] == ["Economy", "Economy", "Security"]
    assert columns["column-Current streak"] == [
        "unchanged × 10",
        "deteriorated × 3",
        "unchanged × 1",
    ]
    assert columns["column-since"] == ["1 Jan 2024", "1 Jan 2024", "26 Feb 2024"]
    assert columns["column-unchanged"] == ["10", "0", "3"]
    assert columns["column-deteriorated"] == ["0", "3", "2"]
    chips = [p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("chip")]
    assert [p.get_gid() for p in chips] == ["chip-unchanged", "chip-deteriorated", "chip-unchanged"]
    assert to_hex(chips[1].get_facecolor()) == STATUS_COLOURS[D]
    # every row is exactly one data unit: lines of the column texts sit on the row stripes
    ax = fig.axes[0]
    fig.canvas.draw()
    per_unit = abs(ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1])
    text = next(t for t in ax.texts if t.get_gid() == "column-Issue")
    height = text.get_window_extent().height
    assert height == pytest.approx(per_unit * (3 - 0.5), rel=0.03)  # 3 rows less a blank line


# --------------------------------------------------------------------------- empty states


EMPTY = ONE.iloc[:0]


@pytest.mark.parametrize(
    "build",
    [
        charts.figure_issue_timeline,
        charts.figure_status_calendar,
        charts.figure_section_balance,
        charts.figure_small_multiples,
        charts.figure_streak_table,
    ],
)
def test_empty_data_says_so(figures: list[Figure], build: Any, tmp_path: Path) -> None:
    fig = keep(figures, build(EMPTY, period=("2024-01-01", "2024-03-31")))
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert charts.EMPTY_MESSAGE in texts
    foot = next(t.get_text() for t in fig.texts if t.get_gid() == "footnote")
    assert "Period: 1 Jan 2024 – 31 Mar 2024" in foot
    out = charts.write_figure(fig, tmp_path / "empty.png", dpi=60)
    assert out.stat().st_size > 2000  # an image with text, not a blank


def test_transition_matrix_with_a_single_verdict(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_transition_matrix(ONE.head(1)))
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "No status transitions in this period" in texts


def test_every_status_none_is_drawn_and_explained(figures: list[Figure]) -> None:
    nothing = ONE.assign(status=None)
    fig = keep(figures, charts.figure_issue_timeline(nothing))
    ax = fig.axes[0]
    assert {c.get_gid() for c in ax.collections} == {"status-none"}
    assert any("No verdicts" in t.get_text() for t in ax.texts)
    fig = keep(figures, charts.figure_section_balance(nothing))
    assert any("No verdicts" in t.get_text() for t in fig.axes[0].texts)
    fig = keep(figures, charts.figure_status_calendar(nothing))
    (image,) = [a for a in fig.axes[0].get_children() if isinstance(a, AxesImage)]
    rgb = (np.array(to_rgb(NONE_COLOUR)) * 255).round()
    assert (np.asarray(image.get_array())[0, 0] == rgb).all()


def test_single_week(figures: list[Figure]) -> None:
    one = ONE.head(1)
    fig = keep(figures, charts.figure_issue_timeline(one))
    x0, x1 = fig.axes[0].get_xlim()
    assert x1 - x0 >= 28  # a readable span around the single week
    fig = keep(figures, charts.figure_status_calendar(one))
    (image,) = [a for a in fig.axes[0].get_children() if isinstance(a, AxesImage)]
    assert np.asarray(image.get_array()).shape == (1, 1, 3)


# --------------------------------------------------------------------------- files


def test_write_figure_by_extension(figures: list[Figure], tmp_path: Path) -> None:
    fig = keep(figures, charts.figure_status_calendar(MANY))
    png = charts.write_figure(fig, tmp_path / "c.png", dpi=80)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = charts.write_figure(fig, tmp_path / "sub" / "c.svg")
    assert b"<svg" in svg.read_bytes()[:400]
    pdf = charts.write_figure(fig, tmp_path / "c.PDF")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    again = charts.write_figure(fig, tmp_path / "d.svg")
    assert again.read_bytes() == svg.read_bytes()  # deterministic output
    with pytest.raises(InputError, match=r"\.png, \.svg or \.pdf"):
        charts.write_figure(fig, tmp_path / "c.jpg")
    with pytest.raises(InputError):
        charts.write_figure(fig, tmp_path / "c.png", dpi=5)


def test_no_pyplot_state_is_left_behind(figures: list[Figure]) -> None:
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    keep(figures, charts.figure_status_calendar(MANY))
    keep(figures, charts.figure_issue_timeline(ONE))
    assert plt.get_fignums() == before


def test_figure_for_kind(figures: list[Figure]) -> None:
    fig = keep(figures, charts.figure_for("Calendar", MANY, period=("2024-01-01", "2024-03-31")))
    assert fig.get_suptitle() == "Status calendar"
    fig = keep(figures, charts.figure_for("timeline", MANY, issue=1))
    assert fig.get_suptitle().startswith("Issue 1")
    fig = keep(figures, charts.figure_for("calendar", MANY, section="economy"))
    assert fig.get_suptitle() == "Status calendar — Economy"
    fig = keep(
        figures, charts.figure_for("balance", MANY, section="Economy", rolling=2, resolution="week")
    )
    assert fig.get_suptitle() == "Weekly status shares — Economy"
    fig = keep(figures, charts.figure_for("streaks", MANY, issue="issue-2"))
    column = next(t for t in fig.axes[0].texts if t.get_gid() == "column-Issue")
    assert column.get_text() == "Issue 2"
    with pytest.raises(InputError, match="unknown chart kind 'pie'") as info:
        charts.figure_for("pie", MANY)
    assert "timeline, calendar, balance, multiples, transitions, streaks" in str(info.value)


def test_calendar_period_wider_than_the_data_shows_empty_weeks() -> None:
    _, weeks, grid, _ = charts.calendar_grid(ONE, period=("2023-12-01", "2024-03-31"))
    assert weeks[0] == pd.Timestamp("2023-11-27")  # the Monday of the period's first week
    assert weeks[-1] == pd.Timestamp("2024-03-25")
    assert (grid[0, :4] == -1).all()  # December 2023: gaps, not statuses
    assert grid.shape == (1, len(weeks))


def test_small_multiples_squeezed_rows_keep_one_label_per_strip(figures: list[Figure]) -> None:
    rows = [(i, WEEKS[k], U, "Economy") for i in range(1, 46) for k in range(3)]
    fig = keep(figures, charts.figure_small_multiples(frame(rows)))
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.texts if t.get_gid() == "names"]
    assert len(names) == 1  # as many as fit at two text lines a strip: one text a column
    assert len(names[0].split("\n\n")) == charts.multiples_capacity() < 45
    assert fig.get_figheight() <= 9.6
    hidden = next(t.get_text() for t in fig.texts if t.get_gid() == "hidden-issues")
    assert hidden == f"… and {45 - charts.multiples_capacity()} quieter issues"
    fig = keep(figures, charts.figure_small_multiples(frame(rows), max_issues=45))
    names = [t.get_text() for t in fig.axes[0].texts if t.get_gid() == "names"]
    assert len(names) == 45  # squeezed below two lines: one text per strip


# --------------------------------------------------------------------------- real archives
# The sparse decade (42 assessments, 30 issues, 2014–2024) and the crowded decade (500 issues
# × 520 weeks, bursty): see tests/archives.py.


@pytest.fixture(scope="module")
def sparse() -> pd.DataFrame:
    return archives.sparse_decade()


@pytest.fixture(scope="module")
def crowded() -> pd.DataFrame:
    return archives.crowded_decade()


def _width_pt(ax: Any) -> float:
    fig = ax.get_figure(root=True)
    return float(ax.get_position().width * fig.get_figwidth() * 72)


def _text(fig: Figure, gid: str) -> str:
    found = [t for t in fig.texts if t.get_gid() == gid]
    found += [t for ax in fig.axes for t in ax.texts if t.get_gid() == gid]
    return found[0].get_text() if found else ""


def test_resolution_follows_the_period_and_the_width() -> None:
    three, ten = pd.Timestamp("2021-01-04"), pd.Timestamp("2014-01-06")
    end = pd.Timestamp("2023-12-25")
    assert charts.choose_resolution(three, end, 285) == "week"  # the demo: weekly cells
    assert charts.choose_resolution(ten, end, 285) == "month"
    assert charts.choose_resolution(pd.Timestamp("1990-01-01"), end, 285) == "quarter"
    assert charts.choose_resolution(pd.Timestamp("1800-01-06"), end, 285) == "year"
    assert charts.choose_resolution(three, end, 285, wanted="Quarterly") == "quarter"
    with pytest.raises(InputError, match="unknown time resolution 'fortnight'"):
        charts.choose_resolution(three, end, 285, wanted="fortnight")


def test_split_cells_show_each_verdict() -> None:
    from tracker.charts.resolution import split_codes

    # codes 0 improved, 1 unchanged, 2 deteriorated, 3 none
    present = np.array(
        [
            [True, False, True, False],  # improved and deteriorated: half and half
            [False, True, False, False],  # unchanged only
            [False, False, False, True],  # no verdict
            [False, False, False, False],  # nothing: a gap
            [True, True, True, True],  # three verdicts (and a none, which yields)
        ]
    )
    assert split_codes(present, 3, 6).tolist() == [
        [0, 0, 0, 2, 2, 2],
        [1] * 6,
        [3] * 6,
        [-1] * 6,
        [0, 0, 1, 1, 2, 2],
    ]


def test_sparse_decade_calendar_marks_every_assessment_by_month(
    figures: list[Figure], sparse: pd.DataFrame
) -> None:
    fig = keep(figures, charts.figure_status_calendar(sparse))
    ax = fig.axes[0]
    assert _text(fig, "subtitle").startswith("By month · all 30 issues, by section")
    (image,) = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    data = np.asarray(image.get_array())
    weeks = data.shape[1]
    page = (np.array(to_rgb(GAP_COLOUR)) * 255).round()
    marked = ~(data == page).all(axis=2)
    # each drawn mark (a run of marked columns in a row) is at least 1.6 pt wide on the page
    week_pt = _width_pt(ax) / weeks
    runs = []
    for row in marked:
        edges = np.flatnonzero(np.diff(np.r_[0, row.astype(int), 0]))
        runs += list(edges[1::2] - edges[0::2])
    assert min(runs) * week_pt >= 1.6
    # every assessment is a mark: one (issue, month) cell each, none lost at the edges
    grid = charts.issue_grid(sparse, resolution="month")
    months = sparse.assign(m=sparse["week_start"].dt.to_period("M"))
    assert (
        int((grid.codes[:, :, 0] >= 0).sum()) == months.drop_duplicates(["issue_id", "m"]).shape[0]
    )
    assert (grid.codes[:, 0, 0] >= 0).any() and (grid.codes[:, -1, 0] >= 0).any()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 30 and "Migrant crisis on the western…" in labels


def test_demo_like_calendar_stays_weekly(figures: list[Figure]) -> None:
    weeks = pd.date_range("2021-01-04", "2023-12-25", freq="7D")
    rows = [
        (i, w, [U, D, I][(i + k) % 7 % 3], f"S{i % 5}")
        for i in range(1, 31)
        for k, w in enumerate(weeks)
        if (i + k) % 3
    ]
    fig = keep(figures, charts.figure_status_calendar(frame(rows)))
    assert _text(fig, "subtitle") == "By week · all 30 issues, by section"
    (image,) = [a for a in fig.axes[0].get_children() if isinstance(a, AxesImage)]
    assert np.asarray(image.get_array()).shape[:2] == (30, len(weeks))  # one row per issue
    assert not any(t.get_gid() == "hidden-issues" for t in fig.axes[0].texts)


def test_crowded_calendar_shows_what_fits_and_says_how_many_more(
    figures: list[Figure], crowded: pd.DataFrame
) -> None:
    fig = keep(figures, charts.figure_status_calendar(crowded))
    ax = fig.axes[0]
    shown = charts.calendar_capacity()
    assert 60 <= shown <= 90
    assert _text(fig, "subtitle") == (
        f"By month · the {shown} most active of 500 issues, by section · a month with several "
        "verdicts is split, one band per verdict"
    )
    assert _text(fig, "hidden-issues") == f"… and {500 - shown} quieter issues"
    assert min(t.get_fontsize() for t in ax.get_yticklabels()) >= 5.0
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[-1] == "several verdicts"
    # the most active issues, grouped by section (sections in order, each drawn once)
    grid = charts.issue_grid(crowded, max_issues=shown)
    active = crowded.groupby("issue_id")["week_start"].nunique().sort_values(ascending=False)
    assert set(grid.issues["issue_id"]) >= set(active.index[:20])
    sections = grid.issues["section"].tolist()
    assert sections == sorted(sections, key=str.casefold)
    assert len([t for t in ax.texts if t.get_gid() == "section-label"]) == len(set(sections))
    assert grid.split_cells() > 0
    # other questions: the most changed, or the issues named
    changed = charts.issue_grid(crowded, select="changed", max_issues=10)
    counts = trends_changes(crowded)
    chosen = counts.loc[list(changed.issues["issue_id"])]
    assert sorted(chosen, reverse=True) == counts.iloc[:10].tolist()  # ties may swap ids
    assert set(counts.index[:8]) <= set(changed.issues["issue_id"])
    assert _text(keep(figures, charts.figure_status_calendar(crowded, select="changed")),
                 "hidden-issues").endswith("issues with fewer changes")  # fmt: skip
    named = keep(
        figures, charts.figure_status_calendar(crowded, issues=["Death penalty", "trade-unions"])
    )
    assert [t.get_text() for t in named.axes[0].get_yticklabels()] == [
        "Death penalty",
        "Trade unions",
    ]
    assert _text(named, "hidden-issues") == "… and 498 other issues"
    with pytest.raises(InputError, match="no issue 'Nothing here'"):
        charts.figure_status_calendar(crowded, issues=["Nothing here"])


def trends_changes(frame_: pd.DataFrame) -> pd.Series:
    from tracker import trends

    changes = trends.score_series(frame_).groupby("issue_id")["changed"].sum()
    return changes.sort_values(ascending=False, kind="stable")


def test_crowded_multiples_by_section_and_hidden_count(
    figures: list[Figure], crowded: pd.DataFrame
) -> None:
    fig = keep(figures, charts.figure_small_multiples(crowded))
    shown = charts.multiples_capacity()
    assert _text(fig, "hidden-issues") == f"… and {500 - shown} quieter issues"
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.texts if t.get_gid() == "names"]
    assert len(names) == 1 and len(names[0].split("\n\n")) == shown  # natural pitch
    headers = [t.get_text() for t in ax.texts if t.get_gid() == "section-label"]
    assert headers == sorted(headers, key=str.casefold) and len(headers) >= 5
    (image,) = [a for a in ax.get_children() if isinstance(a, AxesImage)]
    assert np.asarray(image.get_array()).shape[0] == shown * 8  # 6 bands + 2 gap rows each
    assert fig.get_figheight() <= 9.6


def test_sparse_balance_by_year_with_counted_points(
    figures: list[Figure], sparse: pd.DataFrame
) -> None:
    fig = keep(figures, charts.figure_section_balance(sparse))
    ax, right = fig.axes[0], fig.axes[1]
    assert ax.get_gid() == "balance-by-year"
    assert fig.get_suptitle() == "Status shares by year — all sections"
    assert _text(fig, "subtitle").startswith("By year · net balance where a year holds at least 3")
    cells = charts.balance_cells(sparse, "year")
    assert int(cells["total"].sum()) == len(sparse)
    # bars (not hairlines): as wide as most of a year
    shares = [c for c in ax.collections if str(c.get_gid()).startswith("share-")]
    widths = [np.ptp(path.vertices[:, 0]) for c in shares for path in c.get_paths()]
    assert len(widths) >= int((cells["total"] > 0).sum()) and min(widths) > 250  # days
    # net balance drawn only where three verdicts stand behind it
    line = next(ln for ln in right.get_lines() if ln.get_gid() == "net-balance")
    drawn = np.isfinite(np.asarray(line.get_ydata(), dtype=float))
    assert drawn.tolist() == (cells["verdicts"] >= 3).tolist()
    assert line.get_marker() == "o"
    counts = [t.get_text() for t in ax.texts if t.get_gid() == "verdict-count"]
    assert counts == [str(n) for n in cells["verdicts"] if n]


def test_crowded_balance_by_quarter_and_dense_demo_weekly(
    figures: list[Figure], crowded: pd.DataFrame
) -> None:
    fig = keep(figures, charts.figure_section_balance(crowded))
    assert fig.axes[0].get_gid() == "balance-by-quarter"
    # a dense three-year section keeps the weekly stack with its rolling window
    weeks = pd.date_range("2021-01-04", "2023-12-25", freq="7D")
    rows = [
        (i, w, [U, D, I][(i * k) % 3], "Economy") for i in range(1, 13) for k, w in enumerate(weeks)
    ]
    fig = keep(figures, charts.figure_section_balance(frame(rows)))
    assert fig.axes[0].get_gid() == "balance-by-week"
    assert fig.get_suptitle() == "Weekly status shares — Economy"


def test_history_overview_one_panel_per_section(
    figures: list[Figure], sparse: pd.DataFrame
) -> None:
    fig = keep(figures, charts.figure_history_overview(sparse))
    panels = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert len(panels) == 8
    assert panels[0].get_title(loc="left") == "Domestic politics · 10 assessments"
    assert {ax.get_gid() for ax in panels} == {"balance-by-year"}
    assert len({ax.get_xlim() for ax in panels}) == 1  # one time axis for all
    assert fig.get_figheight() <= 9.6


def test_streak_table_rows_stay_on_their_stripes_whatever_the_glyphs(
    figures: list[Figure],
) -> None:
    """Thirty rows whose names reach past the font's ascender and descender (brackets,
    accents, an ellipsis from shortening): every column's lines keep to the row stripes, so
    a status chip never sits beside another row's streak."""
    names = ["Ąčęńt (Żółw) Ögłę", "Plain name", "Quay of Jörð {brackets} yg"]
    rows = [(k, WEEKS[w], U if k % 2 else D, "Économie") for k in range(30) for w in (0, 1)]
    many = frame(rows).assign(issue=lambda f: [names[k % 3] + f" {k}" * 12 for k in f["issue_id"]])
    fig = keep(figures, charts.figure_streak_table(many))
    ax = fig.axes[0]
    fig.canvas.draw()
    per_unit = abs(ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1])
    for text in ax.texts:
        if str(text.get_gid()).startswith("column-"):
            height = text.get_window_extent().height
            assert height == pytest.approx(per_unit * (30 - 0.5), rel=0.01), text.get_gid()


def test_streak_table_lists_silent_issues_last(figures: list[Figure]) -> None:
    """An issue not assessed for more than half a year has no current streak: its long old
    run must not top a report's table."""
    old = frame(
        [(7, pd.Timestamp("2021-01-04") + pd.Timedelta(weeks=w), U, "Society") for w in range(40)]
    ).assign(id=lambda f: f["id"] + 500)
    both = pd.concat([MANY, old], ignore_index=True)
    fig = keep(figures, charts.figure_streak_table(both))
    columns = {t.get_gid(): t.get_text().split("\n\n") for t in fig.axes[0].texts if t.get_gid()}
    assert columns["column-Issue"] == ["Issue 3", "Issue 2", "Issue 1", "Issue 7"]
    assert columns["column-Current streak"][-1] == "silent"
    assert columns["column-since"][-1] == "4 Oct 2021"  # its last week
    assert columns["column-unchanged"][-1] == "40"  # its longest run is still shown
    chips = [p for p in fig.axes[0].patches if (p.get_gid() or "").startswith("chip")]
    assert to_hex(chips[-1].get_facecolor()) == "#ffffff"
    notes = " ".join(" ".join(t.get_text() for t in fig.texts).split())
    assert "1 issue without an assessment in the last 26 weeks: silent, ranked last" in notes
    # without the old issue, nothing is called silent
    plain = keep(figures, charts.figure_streak_table(MANY))
    assert "silent" not in " ".join(t.get_text() for t in plain.texts)


def test_streak_table_long_names_stop_before_the_next_column(
    figures: list[Figure], sparse: pd.DataFrame
) -> None:
    fig = keep(figures, charts.figure_streak_table(sparse))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    column = {t.get_gid(): t for t in ax.texts if str(t.get_gid()).startswith("column-")}
    order = ["Issue", "Section", "Current streak", "since"]
    for left, right in itertools.pairwise(order):
        a = column[f"column-{left}"].get_window_extent(renderer)
        b = column[f"column-{right}"].get_window_extent(renderer)
        assert a.x1 < b.x0, (left, right)
    issues = column["column-Issue"].get_text().split("\n\n")
    assert "Succession and the People's Assembly" in issues or any(
        i.startswith("Succession and the") and i.endswith("…") for i in issues
    )
    wide = frame([(1, WEEKS[0], U, "Security", "x")]).assign(
        issue="An issue name long enough to run far into the section column of the table",
        section="A section name that is long as well",
    )
    fig = keep(figures, charts.figure_streak_table(wide))
    fig.canvas.draw()
    ax = fig.axes[0]
    column = {t.get_gid(): t for t in ax.texts if str(t.get_gid()).startswith("column-")}
    assert column["column-Issue"].get_text().endswith("…")
    a = column["column-Issue"].get_window_extent(renderer)
    b = column["column-Section"].get_window_extent(renderer)
    assert a.x1 < b.x0


def test_timeline_leaders_never_cross(figures: list[Figure]) -> None:
    from tracker.charts.labels import LabelLayer, segments_cross

    assert segments_cross((0, 0, 10, 10), (0, 10, 10, 0))
    assert not segments_cross((0, 0, 10, 0), (0, 1, 10, 1))
    assert not segments_cross((0, 0, 5, 5), (5, 5, 10, 0))  # meeting at an end
    rng = np.random.default_rng(3)
    statuses = rng.choice([I, U, D], 60).tolist()
    rows = [
        (5, w, s, "Security", f"Headline {k} about the matter at hand")
        for k, (w, s) in enumerate(
            zip(pd.date_range("2022-01-03", periods=60, freq="7D"), statuses, strict=True)
        )
    ]
    fig = keep(figures, charts.figure_issue_timeline(frame(rows), max_labels=12))
    fig.canvas.draw()
    ax = fig.axes[0]
    (layer,) = [a for a in ax.get_children() if isinstance(a, LabelLayer)]
    anchors = ax.transData.transform(np.array([a.xy for a in layer.annotations], dtype=float))
    leaders = [
        (x, y, min(max(x, b[0]), b[2]), min(max(y, b[1]), b[3]))
        for (x, y), b in zip(anchors, layer.placed, strict=True)
        if b is not None
    ]
    assert len(leaders) >= 4
    for a, b in itertools.combinations(leaders, 2):
        assert not segments_cross(a, b)
