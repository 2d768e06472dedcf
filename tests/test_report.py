"""Reports in HTML, PDF and Markdown, from a ReportContent built by hand (no database)."""

from __future__ import annotations

import base64
import os
import re
import shutil
import stat
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from matplotlib.figure import Figure

from tracker.errors import InputError
from tracker.report import (
    Bullet,
    BulletList,
    ReportContent,
    ReportFigure,
    ReportSection,
    ReportTable,
    write_report,
    write_reports,
)
from tracker.report.markdown import md_escape
from tracker.vocab import NONE_COLOUR, STATUS_COLOURS

EVIL = "<script>window.__xss = 1</script> & <b>bold</b>"
CYRILLIC = "Ситуация у границы: Сітуацыя не змянілася"
HEADINGS = ["What changed this period", "Charts", "Every issue", "Appendix: sources"]


def small_figure(kind: str) -> Figure:
    fig = Figure(figsize=(4, 2.2))
    ax = fig.add_subplot()
    if kind == "bars":
        ax.bar(["a", "b", "c"], [3, 1, 2], color=list(STATUS_COLOURS.values()))
    else:
        ax.plot([0, 1, 2, 3], [0, -1, -1, 0], drawstyle="steps-post")
    ax.set_title(f"A {kind} chart — Минск")
    return fig


def issues_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "issue": ["Belarus UN peacekeeping", "Political prisoners", "Union State | pipes"],
            "section": ["Security issues", "Domestic politics", "Belarus–Russia relations"],
            "last_status": ["deteriorated", "unchanged", None],
            "streak_length": [2, 14, 0],
            "last_week": pd.to_datetime(["2023-12-18", "2023-12-25", "2023-11-06"]),
            "last_headline": [EVIL, CYRILLIC, "Minsk and Moscow report programmes on schedule"],
        }
    )


def sample_content(*, page_breaks: bool = False) -> ReportContent:
    """A small report with every kind of block; text from 'data' includes markup and Cyrillic."""
    sources = pd.DataFrame({"source": ["Weekly Bulletin"], "assessments": [1234], "share": [0.5]})
    empty = pd.DataFrame({"issue": pd.Series([], dtype=object), "hits": pd.Series([], dtype=int)})
    return ReportContent(
        title="Weekly assessments",
        period="2 October – 31 December 2023",
        generated_at=datetime(2024, 1, 2, 9, 30, tzinfo=UTC),
        source_note="Source: Weekly Bulletin (synthetic demo)",
        summary=[("Assessments", "1,234"), ("Issues", "34"), ("Deteriorated", "13")],
        sections=[
            ReportSection(
                HEADINGS[0],
                [
                    "Two issues moved.\n\nEverything else stayed where it was.",
                    BulletList(
                        [
                            Bullet(EVIL, label="Belarus UN peacekeeping", status="deteriorated",
                                   note="Security issues · week of 18 Dec 2023"),
                            Bullet(CYRILLIC, label="Political prisoners", status="improved"),
                            Bullet("A verdictless page", label="Union State", status="none"),
                        ]
                    ),
                    ReportTable("alerts", "Alerts", empty, note="No issue deteriorated twice."),
                ],
            ),
            ReportSection(
                HEADINGS[1],
                [
                    ReportFigure("balance", "Section balance", small_figure("bars"),
                                 caption="Net balance per week"),
                    ReportFigure("timeline", "Timeline: Belarus UN peacekeeping",
                                 small_figure("line")),
                ],
                page_break=page_breaks,
            ),
            ReportSection(
                HEADINGS[2],
                [ReportTable("issues", "Every issue", issues_frame(), note="Streak in weeks.")],
                page_break=page_breaks,
            ),
            ReportSection(HEADINGS[3], [ReportTable("sources", "Sources", sources)]),
        ],
    )  # fmt: skip


# --------------------------------------------------------------------------- any format


@pytest.mark.parametrize("name", ["report.docx", "report", "report.PNG"])
def test_unknown_extension_is_an_input_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError) as info:
        write_report(sample_content(), tmp_path / name)
    assert ".html, .pdf or .md" in str(info.value)
    assert list(tmp_path.iterdir()) == []


def test_reports_get_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    os.umask(umask)
    written = write_reports(sample_content(), [tmp_path / "r.html", tmp_path / "r.md"])
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.md", "r_charts"]


def test_unwritable_target_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.mkdir()  # a folder where the file should go
    with pytest.raises(InputError, match="cannot write the report"):
        write_report(sample_content(), target)
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temp file left


def test_duplicate_block_keys_are_refused(tmp_path: Path) -> None:
    frame = issues_frame()
    content = ReportContent(
        "T", "P", datetime(2024, 1, 1, tzinfo=UTC), "",
        sections=[ReportSection("S", [ReportTable("x", "A", frame), ReportTable("x", "B", frame)])],
    )  # fmt: skip
    with pytest.raises(InputError, match="share the key 'x'"):
        write_report(content, tmp_path / "r.html")


def test_write_reports_renders_each_chart_once_per_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved: list[str] = []
    original = Figure.savefig

    def counting(self: Figure, fname: object, **kwargs: object) -> None:
        saved.append(str(kwargs.get("format")))
        original(self, fname, **kwargs)

    monkeypatch.setattr(Figure, "savefig", counting)
    paths = [tmp_path / "r.html", tmp_path / "r.pdf", tmp_path / "r.md"]
    written = write_reports(sample_content(), paths)
    assert written[:3] == paths
    assert set(written) == {
        *paths,
        tmp_path / "r_charts/balance.png",
        tmp_path / "r_charts/timeline.png",
    }
    # Two figures: SVG for HTML, PNG shared by the PDF and the Markdown charts.
    assert sorted(saved) == ["png", "png", "svg", "svg"]


def test_write_reports_checks_every_name_first(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"'\.txt'"):
        write_reports(sample_content(), [tmp_path / "r.html", tmp_path / "r.txt"])
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- HTML


def read_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("image_format", ["svg", "png"])
def test_html_is_self_contained(tmp_path: Path, image_format: str) -> None:
    path = tmp_path / "report.html"
    assert write_report(sample_content(), path, image_format=image_format) == [path]
    soup = read_html(path)
    for tag in soup.find_all(True):
        for attribute in ("src", "href", "data", "srcset", "action"):
            value = str(tag.get(attribute, ""))
            assert not re.match(r"\s*(https?:)?//", value, re.I), (tag.name, value)
    assert soup.find_all("script") == []
    assert soup.find_all("link") == []
    assert "url(" not in soup.style.get_text()  # no fonts or images fetched by the CSS
    images = soup.find_all("img")
    assert len(images) == 2
    for img in images:
        src = str(img["src"])
        mime = "image/svg+xml" if image_format == "svg" else "image/png"
        assert src.startswith(f"data:{mime};base64,")
        data = base64.b64decode(src.split(",", 1)[1])
        if image_format == "svg":
            assert b"<svg" in data[:500]
        else:
            assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert int(img["width"]) == 384 and int(img["height"]) == 211  # 4 × 2.2 in at 96 px/in


def test_html_escapes_all_text_from_data(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_report(sample_content(), path)
    raw = path.read_text(encoding="utf-8")
    assert "<script>" not in raw and "<b>bold</b>" not in raw
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in raw
    soup = read_html(path)
    assert soup.find_all("b") == []
    bullets = [li.get_text(" ", strip=True) for li in soup.select("ul.bullets li")]
    assert EVIL in bullets[0] and CYRILLIC in bullets[1]
    cells = [td.get_text() for td in soup.select("#issues tbody td")]
    assert EVIL in cells and "Union State | pipes" in cells


def test_html_headings_tables_and_chips(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_report(sample_content(), path)
    soup = read_html(path)
    assert soup.h1.get_text() == "Weekly assessments"
    assert soup.title.get_text() == "Weekly assessments — 2 October – 31 December 2023"
    assert [h.get_text() for h in soup.find_all("h2")] == HEADINGS
    assert [a["href"] for a in soup.select("nav.toc a")] == [
        "#what-changed-this-period", "#charts", "#every-issue", "#appendix-sources",
    ]  # fmt: skip
    cards = [(c.dt.get_text(), c.dd.get_text()) for c in soup.select(".cards .card")]
    assert cards == [("Assessments", "1,234"), ("Issues", "34"), ("Deteriorated", "13")]

    table = soup.select_one("#issues table")
    assert [th.get_text() for th in table.select("thead th")] == [
        "Issue", "Section", "Last status", "Streak length", "Last week", "Last headline",
    ]  # fmt: skip
    rows = [[td.get_text() for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    assert rows == [
        ["Belarus UN peacekeeping", "Security issues", "Deteriorated", "2", "2023-12-18", EVIL],
        ["Political prisoners", "Domestic politics", "Unchanged", "14", "2023-12-25", CYRILLIC],
        ["Union State | pipes", "Belarus–Russia relations", "No verdict", "0", "2023-11-06",
         "Minsk and Moscow report programmes on schedule"],
    ]  # fmt: skip
    chips = table.select("td .chip")
    assert f"background:{STATUS_COLOURS['deteriorated']}" in chips[0]["style"]
    assert "color:#ffffff" in chips[0]["style"]  # white on the dark red
    assert f"background:{NONE_COLOUR}" in chips[2]["style"]
    assert "color:#1a1a1a" in chips[2]["style"]  # dark on the pale blue
    assert [td["class"] for td in table.select("tbody tr")[0].find_all("td")[3:4]] == [["num"]]
    assert soup.select_one("#alerts td.empty").get_text() == "No rows"
    assert soup.select_one("#alerts .note").get_text() == "No issue deteriorated twice."
    figure = soup.select_one("figure#balance")
    assert figure.h3.get_text() == "Section balance"
    assert figure.figcaption.get_text() == "Net balance per week"
    paragraphs = [p.get_text() for p in soup.select("#what-changed-this-period > p")]
    assert paragraphs == ["Two issues moved.", "Everything else stayed where it was."]


def test_html_prints_on_a4(tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_report(sample_content(page_breaks=True), path)
    css = read_html(path).style.get_text()
    assert re.search(r"@page\s*{\s*size:\s*A4", css)
    assert re.search(r"figure\s*{[^}]*page-break-inside:\s*avoid", css)
    assert re.search(r"thead\s*{\s*display:\s*table-header-group", css)
    assert "@media print" in css
    assert len(read_html(path).select("section.page-break")) == 2


def test_html_custom_status_colours(tmp_path: Path) -> None:
    content = sample_content()
    custom = ReportContent(
        content.title, content.period, content.generated_at, content.source_note,
        sections=[ReportSection("S", [BulletList([Bullet("x", status="escalated")])])],
        colours={**STATUS_COLOURS, "escalated": "#000000"},
    )  # fmt: skip
    path = tmp_path / "r.html"
    write_report(custom, path)
    chip = read_html(path).select_one("ul.bullets .chip")
    assert chip.get_text() == "Escalated"
    assert chip["style"] == "background:#000000;color:#ffffff"


# --------------------------------------------------------------------------- PDF


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def test_pdf_is_a4_with_expected_pages(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    assert write_report(sample_content(page_breaks=True), path) == [path]
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    # Sections 2 and 3 start new pages; the rest fits: three pages.
    assert pdf_pages(data) == 3
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(
        (round(float(w)), round(float(h))) == (595, 842) for w, h in boxes
    )  # A4 in points
    assert b"DejaVuSans" in data  # the embedded font that has Cyrillic
    assert data.count(b"/Subtype /Image") == 2


def test_pdf_outline_points_at_the_section_pages(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write_report(sample_content(page_breaks=True), path)
    data = path.read_bytes()
    kids = re.search(rb"/Kids \[([^\]]*)\]", data)
    assert kids is not None
    page_of = {int(n): i + 1 for i, n in enumerate(re.findall(rb"(\d+) 0 R", kids.group(1)))}
    entries = re.findall(rb"/Dest \[ (\d+) 0 R /Fit \][^>]*?/Title \(([^)]*)\)", data)
    outline = [(title.decode(), page_of[int(obj)]) for obj, title in entries]
    # Sections 2 and 3 start new pages; the appendix follows on page 3.
    assert outline == [(HEADINGS[0], 1), (HEADINGS[1], 2), (HEADINGS[2], 3), (HEADINGS[3], 3)]
    assert b"/PageMode /UseOutlines" in data


def test_pdf_is_deterministic(tmp_path: Path) -> None:
    write_report(sample_content(), tmp_path / "a.pdf")
    write_report(sample_content(), tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) absent")
def test_pdf_text(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    write_report(sample_content(page_breaks=True), path)
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    pages = text.split("\f")
    assert "Weekly assessments" in pages[0] and "Page 1 of 3" in pages[0]
    assert "Page 3 of 3" in pages[2]
    assert "2 October – 31 December 2023" in pages[1]  # running header from page 2
    flat = " ".join(text.split())
    for expected in [*HEADINGS, EVIL, CYRILLIC, "Union State | pipes", "1,234",
                     "Deteriorated", "No verdict", "2023-12-18", "No rows", "Net balance per week",
                     "Source: Weekly Bulletin (synthetic demo)"]:  # fmt: skip
        assert " ".join(expected.split()) in flat, expected
    assert flat.index(HEADINGS[0]) < flat.index(HEADINGS[1]) < flat.index(HEADINGS[2])


# --------------------------------------------------------------------------- Markdown


def test_markdown_links_chart_files(tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.md"
    written = write_report(sample_content(), path)
    folder = tmp_path / "out" / "report_charts"
    assert written == [path, folder / "balance.png", folder / "timeline.png"]
    text = path.read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert links == ["report_charts/balance.png", "report_charts/timeline.png"]
    for link in links:
        assert (path.parent / link).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert text.startswith("# Weekly assessments\n")
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == [
        md_escape(h) for h in HEADINGS
    ]


def test_markdown_escapes_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    write_report(sample_content(), path)
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>" not in text
    assert "&lt;script&gt;window.\\_\\_xss = 1&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
    lines = text.splitlines()
    start = lines.index("### Every issue") + 2
    table = lines[start : lines.index("", start)]
    assert len(table) == 2 + 3  # header, separator, three issues
    assert {line.count(" | ") for line in table} == {5}  # the pipe in a name is escaped
    assert "Union State \\| pipes" in table[4]
    assert "▼ Deteriorated" in table[2] and "○ No verdict" in table[4]
    assert "- ▼ Deteriorated — **Belarus UN peacekeeping**: " in text


def test_md_escape_keeps_plain_text_plain() -> None:
    assert md_escape("1. not a list") == "1\\. not a list"
    assert md_escape("- not a bullet") == "\\- not a bullet"
    assert md_escape("a_b *c* [d](e)") == "a\\_b \\*c\\* \\[d\\]\\(e\\)"
    assert md_escape("line\nbreak") == "line break"


# --------------------------------------------------------------------------- standard report


def demo_frame() -> pd.DataFrame:
    """Three issues over ten weeks; 'B' deteriorates twice at the end, 'C' stops early."""
    weeks = pd.date_range("2023-01-02", periods=10, freq="7D")
    verdicts = {
        ("A", "Economy"): ["unchanged"] * 6 + ["improved", "unchanged", "unchanged", "unchanged"],
        ("B", "Security issues"): ["unchanged"] * 7 + ["deteriorated", "deteriorated", None],
        ("C", "Economy"): ["unchanged", "deteriorated", "unchanged"] + [None] * 7,
    }
    rows = []
    for number, ((issue, section), statuses) in enumerate(verdicts.items(), start=1):
        for week, status in zip(weeks, statuses, strict=True):
            if issue == "C" and week > weeks[2]:
                break
            rows.append({"id": len(rows) + 1, "issue_id": number, "issue": issue, "slug": issue,
                         "section": section, "source": "Weekly Bulletin", "week_start": week,
                         "status": status, "headline": f"{issue} headline {week:%m-%d}",
                         "language": "ru" if issue == "A" else "en",
                         "origin": f"page-{len(rows)}.txt"})  # fmt: skip
    return pd.DataFrame(rows)


def test_standard_report_blocks(tmp_path: Path) -> None:
    from tracker.report.standard import close_figures, format_period, standard_report

    content = standard_report(
        demo_frame(), since="2023-02-06", until="2023-03-12", max_timelines=1,
        generated_at=datetime(2024, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    try:
        assert (
            content.period
            == "6 February – 12 March 2023"
            == format_period(datetime(2023, 2, 6).date(), datetime(2023, 3, 12).date())
        )
        assert content.source_note == "Source: Weekly Bulletin"
        summary = dict(content.summary)
        # Weeks 6-10 of A (5) and of B (5): 10 assessments, 2 issues.
        assert summary["Assessments"] == "10" and summary["Issues assessed"] == "2"
        assert summary["Deteriorated"] == "2" and summary["Improved"] == "1"
        assert summary["No verdict"] == "1" and summary["Changes of verdict"] == "3"
        headings = [s.heading for s in content.sections]
        assert headings == ["The whole history", "What changed this period", "Alerts",
                            "Section balance",
                            "Status calendar", "Issues that moved", "Every issue",
                            "Appendix: sources"]  # fmt: skip
        changes = next(b for b in content.sections[1].blocks if isinstance(b, BulletList))
        assert [(b.label, b.status) for b in changes.items] == [
            ("B", "deteriorated"), ("A", "improved"),
        ]  # newest first; A's return to "unchanged" is counted, not listed  # fmt: skip
        assert changes.items[0].text == "B headline 02-20"
        assert changes.items[0].note == "Security issues · week of 20 Feb 2023 · before: unchanged"
        assert str(content.sections[1].blocks[0]).startswith(
            "2 moves in 2 issues, most recent first; 1 return to “unchanged”."
        )
        alerts = next(b for b in content.sections[2].blocks if isinstance(b, BulletList))
        assert [b.label for b in alerts.items] == ["B"]  # C deteriorated too, but long ago
        # One timeline (the limit): one move each, so the latest mover, B, comes first.
        moved = content.sections[5].blocks
        figures = [b for b in moved if isinstance(b, ReportFigure)]
        assert [f.title for f in figures] == ["B"]
        assert str(moved[-1]) == "1 more issue moved; its timeline is left out."
        table = content.sections[6].blocks[0]
        assert isinstance(table, ReportTable)
        assert table.frame["issue"].tolist() == ["A", "C", "B"]  # by section, then name
        sources = content.sections[7].blocks[0]
        assert isinstance(sources, ReportTable)
        assert sources.frame.to_dict("records")[0]["assessments"] == 10
        assert len(content.figures()) == 4  # history, balance, calendar, one timeline
        path = tmp_path / "standard.html"
        write_report(content, path)
        assert len(read_html(path).find_all("img")) == 4
    finally:
        close_figures(content)


def test_standard_report_of_nothing(tmp_path: Path) -> None:
    from tracker.report.standard import standard_report

    content = standard_report(demo_frame().iloc[0:0], since="2023-01-02", until="2023-03-12")
    assert content.figures() == []
    assert dict(content.summary) == {"Assessments": "0"}
    written = write_reports(content, [tmp_path / "empty.html", tmp_path / "empty.pdf"])
    assert [p.stat().st_size > 0 for p in written] == [True, True]
    assert "No issue changed its verdict" in (tmp_path / "empty.html").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- real archives


def test_sparse_archive_report_covers_the_whole_history_and_says_why(tmp_path: Path) -> None:
    from tests.archives import sparse_decade
    from tracker.report.standard import close_figures, standard_report

    content = standard_report(sparse_decade(), generated_at=datetime(2024, 7, 1, tzinfo=UTC))
    try:
        assert content.period == "6 January 2014 – 17 June 2024"
        first = content.sections[0]
        assert first.heading == "The whole history" and first.page_break
        note, intro = str(first.blocks[0]), str(first.blocks[1])
        assert note.startswith(
            "This report covers the whole history, as no recent stretch holds the 30 "
            "assessments a trend needs: the last quarter held only 1 assessment."
        )
        assert intro.startswith("The archive holds 42 assessments of 30 issues in 8 sections")
        longest = first.blocks[2]
        assert isinstance(longest, ReportTable) and longest.key == "longest"
        assert longest.frame["assessments"].tolist()[:3] == [4, 3, 3]
        overview = first.blocks[3]
        assert isinstance(overview, ReportFigure) and overview.key == "history"
        panels = [ax for ax in overview.figure.axes if ax.get_title(loc="left")]
        assert len(panels) == 8 and {ax.get_gid() for ax in panels} == {"balance-by-year"}
        balance = next(f for f in content.figures() if f.key == "balance")
        assert balance.figure.axes[0].get_gid() == "balance-by-year"  # no hairlines
        path = tmp_path / "sparse.html"
        write_report(content, path)
        html = read_html(path)
        assert html.find("h2").get_text(strip=True).endswith("The whole history")
    finally:
        close_figures(content)


def test_default_period_grows_until_it_holds_enough(tmp_path: Path) -> None:
    from tracker.report.standard import ENOUGH_ASSESSMENTS, default_start

    end = datetime(2024, 12, 29).date()
    weeks = pd.date_range("2022-01-03", "2024-12-23", freq="7D")
    # two assessments a week for two and a half years, then a quiet last half-year
    rows = pd.DataFrame({"week_start": [w for w in weeks if w < pd.Timestamp("2024-07-01")] * 2})
    start, name, quarter = default_start(rows, end)
    assert (name, quarter) == ("the last year", 0)
    assert (rows["week_start"] >= pd.Timestamp(start)).sum() >= ENOUGH_ASSESSMENTS
    assert start == datetime(2024, 1, 1).date()  # 52 weeks back from the end, a Monday
    one = rows.iloc[: len(rows) // 2]  # one a week: the last year holds 26, two years hold 78
    assert default_start(one, end)[1] == "the last two years"
    busy = pd.DataFrame({"week_start": list(weeks) * 3})
    assert default_start(busy, end)[1] == "the last quarter"
    assert default_start(busy.iloc[:0], end)[1] == "the last quarter"


def test_crowded_archive_report_keeps_its_tables_short() -> None:
    from tests.archives import crowded_decade
    from tracker.report.standard import MAX_SILENT, close_figures, standard_report

    frame = crowded_decade()
    content = standard_report(frame, generated_at=datetime(2025, 1, 1, tzinfo=UTC))
    try:
        assert content.period == "17 September – 16 December 2024"  # the quarter is enough
        assert isinstance(content.sections[0].blocks[0], str)
        assert str(content.sections[0].blocks[0]).startswith("The archive holds 5,639")
        tables = {
            b.key: b for s in content.sections for b in s.blocks if isinstance(b, ReportTable)
        }
        assert len(tables["silent"].frame) == MAX_SILENT
        assert "have been quiet longer" in tables["silent"].note
        listed = tables["issues"].frame
        assert 0 < len(listed) < 100
        assert "not assessed in the period are left out" in tables["issues"].note
        calendar = next(f for f in content.figures() if f.key == "calendar")
        assert calendar.figure.axes[0].get_yticklabels()  # few enough rows to name each
    finally:
        close_figures(content)


def test_report_and_chart_create_output_folders(db_url: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tests.archives import load_archive, sparse_decade
    from tracker.cli import app

    load_archive(db_url, sparse_decade())
    runner = CliRunner()
    target = tmp_path / "out" / "deeper" / "report.html"
    result = runner.invoke(app, ["--db", db_url, "report", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file() and "The whole history" in target.read_text(encoding="utf-8")
    chart = tmp_path / "charts" / "calendar.png"
    result = runner.invoke(
        app, ["--db", db_url, "chart", "calendar", "-o", str(chart), "--resolution", "year"]
    )
    assert result.exit_code == 0, result.output
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    result = runner.invoke(
        app, ["--db", db_url, "chart", "streaks", "-o", str(chart), "--select", "changed"]
    )
    assert result.exit_code == 1
    assert "--select does not apply to a streaks chart" in result.output
