"""``tracker demo`` end to end: a checkout's demo archive (``--data data``) becomes a database,
a report in three formats and its charts; the README's command, which writes the built-in
archive into the working folder first, gives the same database and files byte-identical to
``data/``; the README's quick start runs.  The demo itself runs once per session
(tests/demo_fixture.py) and once more, as the README's command, for the tests of the second
run.  The archive generator alone is tested in tests/test_demo_archive.py.
"""

from __future__ import annotations

import base64
import re
import shlex
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import demo_fixture
from tests.demo_fixture import (
    DATA,
    DEMO_DATA,
    REPO,
    DemoRun,
    SecondRun,
    data_files,
    tracker_script,
)
from tracker.cli import app

# the session's demo runs, shared with tests/test_notebooks.py
demo_run = demo_fixture.demo_run
demo_second_run = demo_fixture.demo_second_run

pytestmark = pytest.mark.slow

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"


def expected_ingest() -> tuple[int, int, list[Path]]:
    """(files, commentaries, skipped files) in data/archive, as tracker.parse reads them."""
    from tracker.parse import iter_input_files, read_path

    files = list(iter_input_files([DATA / "archive"]))
    commentaries = 0
    skipped: list[Path] = []
    for path in files:
        result = read_path(path)
        commentaries += len(result.commentaries)
        if result.skipped:
            skipped.append(path)
    return len(files), commentaries, skipped


def summary_line(stdout: str) -> str:
    lines = [line for line in stdout.splitlines() if re.match(r"\d+ files: ", line)]
    assert len(lines) == 1, stdout
    return lines[0]


def listed_paths(run: DemoRun) -> list[Path]:
    """The files the demo says it wrote (``report:`` and the indented lines after it)."""
    paths: list[Path] = []
    in_files = False
    for line in run.stdout.splitlines():
        if line.startswith("report:"):
            in_files = True
            paths.append(Path(line.split(":", 1)[1].strip()))
        elif in_files and line.startswith(" ") and line.strip():
            paths.append(Path(line.strip()))
    return [p if p.is_absolute() else run.folder / p for p in paths]


# --- the first run ------------------------------------------------------------------------


def test_demo_prints_the_ingest_summary(demo_run: DemoRun) -> None:
    assert demo_run.exit_code == 0, demo_run.stdout + demo_run.stderr
    files, commentaries, skipped = expected_ingest()
    assert files > 1000 and commentaries > 1500  # the archive is three years of bulletins
    assert [p.name for p in skipped] == ["listing-security-issues.txt"]
    assert summary_line(demo_run.stdout) == (
        f"{files} files: added {commentaries}, already present 0, skipped 1, failed 0"
    )
    # the skipped listing page is named, with its reason, on stderr
    assert "skipped" in demo_run.stderr
    assert "listing-security-issues.txt: listing page" in demo_run.stderr
    assert "failed" not in demo_run.stderr


def test_demo_prints_where_everything_is(demo_run: DemoRun) -> None:
    lines = demo_run.stdout.splitlines()
    assert "database: tracker-demo.db" in lines
    assert "report:   tracker-demo/report.html" in lines
    # given --data, the demo reads that folder and writes no archive of its own
    assert not [line for line in lines if line.startswith("archive:")]
    assert not (demo_run.out / "archive").exists()
    paths = listed_paths(demo_run)
    names = {p.name for p in paths}
    assert {"report.html", "report.pdf", "report.md"} <= names
    assert {"calendar.png", "balance.png", "balance.svg", "streaks.png"} <= names
    missing = [p for p in paths if not p.is_file()]
    assert not missing


def test_html_report_is_self_contained(demo_run: DemoRun) -> None:
    html = (demo_run.out / "report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    sources = re.findall(r"""\bsrc\s*=\s*["']([^"']*)["']""", html, flags=re.I)
    assert len(sources) >= 3  # balance, calendar and at least one timeline
    assert [s[:40] for s in sources if not s.startswith("data:image/")] == []
    assert not re.search(r"""\bsrc\s*=\s*["']?\s*(https?:)?//""", html, flags=re.I)
    assert not re.search(r"<link\b[^>]*href\s*=\s*[\"']?\s*(https?:)?//", html, flags=re.I)
    assert not re.search(r"url\(\s*[\"']?\s*(https?:)?//", html, flags=re.I)
    assert "@import" not in html
    assert "<script" not in html.lower()
    # every inline image decodes to a valid PNG or SVG
    for source in sources:
        header, _, payload = source.partition(",")
        assert header.endswith(";base64"), header
        data = base64.b64decode(payload, validate=True)
        if header.startswith("data:image/png"):
            check_png(data)
        else:
            assert header.startswith("data:image/svg+xml"), header
            check_svg(data)


def test_pdf_report(demo_run: DemoRun) -> None:
    data = (demo_run.out / "report.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    pages = re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)
    assert len(pages) >= 2, "a report with charts and an issue table fills several pages"


def test_markdown_report_links_existing_charts(demo_run: DemoRun) -> None:
    text = (demo_run.out / "report.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", text)
    assert len(images) >= 3
    for target in images:
        assert not re.match(r"[a-z]+:", target), f"{target} is not a relative link"
        chart = demo_run.out / target
        assert chart.is_file(), f"report.md links {target}, which was not written"
        assert chart.suffix in {".png", ".svg"}
        assert chart.read_bytes()[:8] == PNG_SIGNATURE or chart.suffix == ".svg"
    links = re.findall(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)", text)
    local = [t for t in links if not re.match(r"[a-z]+:", t)]
    assert [t for t in local if not (demo_run.out / t).exists()] == []


def test_charts_are_valid_images(demo_run: DemoRun) -> None:
    charts = sorted(p for p in demo_run.out.rglob("*") if p.suffix in {".png", ".svg"})
    assert len([p for p in charts if p.suffix == ".png"]) >= 5
    assert [p.name for p in charts if p.suffix == ".svg"] == ["balance.svg"]
    for chart in charts:
        check_chart(chart)


def check_chart(path: Path) -> None:
    data = path.read_bytes()
    if path.suffix == ".png":
        check_png(data, name=str(path))
    else:
        check_svg(data, name=str(path))


def check_png(data: bytes, *, name: str = "image") -> None:
    """A PNG that decodes, of a plausible size, with more than a blank page in it."""
    import io

    import numpy as np
    from matplotlib import image as mpimg

    assert data.startswith(PNG_SIGNATURE), f"{name} is not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert 300 <= width <= 6000 and 200 <= height <= 6000, (name, width, height)
    pixels = mpimg.imread(io.BytesIO(data), format="png")
    assert pixels.shape[:2] == (height, width)
    rgb = (pixels[::3, ::3, :3] * 255).astype(np.uint32)
    packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
    assert len(np.unique(packed)) > 10, f"{name} is (nearly) blank"


def check_svg(data: bytes, *, name: str = "image") -> None:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg", f"{name} is not an SVG"
    assert root.get("viewBox") or (root.get("width") and root.get("height"))
    drawn = [el for el in root.iter() if el.tag in {f"{SVG_NS}path", f"{SVG_NS}use"}]
    assert len(drawn) > 20, f"{name} draws almost nothing"


def test_demo_database_has_the_register_and_three_years(demo_run: DemoRun) -> None:
    from tracker import open_tracker

    register = tomllib.loads((DATA / "register.toml").read_text(encoding="utf-8"))
    names = {entry["name"] for entry in register["issue"]}
    assert len(names) == 34
    tracker = open_tracker(str(demo_run.db))
    try:
        issues = tracker.issues()
        assessments = tracker.assessments()
    finally:
        tracker.close()
    # every commentary linked to a register issue: no provisional issues were made up
    assert set(issues["issue"]) == names
    assert not issues["provisional"].any()
    assert len(assessments) == summary_counts(demo_run.stdout)[1]
    by_year = assessments["week_start"].dt.year.value_counts()
    assert sorted(by_year.index) == [2021, 2022, 2023]
    assert by_year.min() > 500
    languages = assessments["language"].value_counts()
    assert set(languages.index) == {"en", "ru", "be"}
    assert languages["ru"] > 50 and languages["be"] > 20
    for year in (2021, 2022, 2023):
        in_year = assessments[assessments["week_start"].dt.year == year]
        assert set(in_year["language"]) == {"en", "ru", "be"}, year


def test_every_demo_assessment_names_its_source(demo_run: DemoRun) -> None:
    from tracker import open_tracker

    tracker = open_tracker(str(demo_run.db))
    try:
        sources = tracker.assessments()["source"]
    finally:
        tracker.close()
    assert sources.notna().all(), f"{sources.isna().sum()} of {len(sources)} have no source"
    assert set(sources) == {"Weekly Bulletin (synthetic demo)"}
    assert "(no source)" not in (demo_run.out / "report.md").read_text(encoding="utf-8")


def summary_counts(stdout: str) -> tuple[int, int]:
    match = re.match(r"(\d+) files: added (\d+),", summary_line(stdout))
    assert match
    return int(match[1]), int(match[2])


# --- errors -------------------------------------------------------------------------------


def test_demo_without_data_is_one_clear_error(tmp_path: Path) -> None:
    db, out = tmp_path / "demo.db", tmp_path / "out"
    result = CliRunner().invoke(
        app, ["demo", "--data", "/nonexistent", "--demo-db", str(db), "--out", str(out)]
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "/nonexistent" in lines[0]
    assert "archive" in lines[0]
    assert "Traceback" not in result.output
    assert not db.exists() and not out.exists()


# --- a second run, by the README's command --------------------------------------------------


def test_second_run_on_the_built_in_archive_gives_the_same_database(
    demo_second_run: SecondRun,
) -> None:
    """The README's command rebuilds the database from scratch, from the archive it writes: the
    same content as the checkout's data/ gave (file names relative to the data folder)."""
    run = demo_second_run.run
    assert run.exit_code == 0, run.stdout + run.stderr
    # rebuilt from scratch, not topped up: the same summary as a first run
    files, added = summary_counts(run.stdout)
    assert summary_line(run.stdout) == (
        f"{files} files: added {added}, already present 0, skipped 1, failed 0"
    )
    before, after = demo_second_run.before, demo_second_run.after
    assert len(before["assessment"]) == added
    assert before.keys() == after.keys()
    for table in before:
        assert len(after[table]) == len(before[table]), table
        differing = [
            (a.get("id"), b.get("id"))
            for a, b in zip(before[table], after[table], strict=True)
            if a != b
        ]
        assert differing[:5] == [], table


def test_readme_command_writes_the_archive_of_data(demo_second_run: SecondRun) -> None:
    run = demo_second_run.run
    assert run.exit_code == 0, run.stdout + run.stderr
    assert f"archive:  {DEMO_DATA / 'archive'}" in run.stdout.splitlines()
    assert f"loaded the issue register {DEMO_DATA / 'register.toml'}" in run.stderr
    written, committed = data_files(run.folder / DEMO_DATA), data_files(DATA)
    assert len(committed) > 1000
    assert sorted(written) == sorted(committed)
    assert [name for name in committed if written[name] != committed[name]] == []


def quick_start_commands(readme: str) -> list[str]:
    """The commands in the ```bash block(s) under the "Quick start" heading of the README."""
    lines = readme.splitlines()
    start = None
    level = 0
    fenced = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        heading = re.match(r"(#+)\s+(.*)", line)
        if not fenced and heading and "quick start" in heading[2].lower():
            start, level = number + 1, len(heading[1])
            break
    assert start is not None, "README.md has no 'Quick start' heading"
    blocks: list[list[str]] = []
    block: list[str] | None = None
    for line in lines[start:]:
        stripped = line.strip()
        if block is None:
            heading = re.match(r"(#+)\s", line)
            if heading and len(heading[1]) <= level:
                break
            if stripped.startswith("```"):
                block = [] if stripped[3:].strip() in {"bash", "sh", "shell", "console"} else None
                if block is None:
                    # a block of another kind (example output): skip to its end
                    block = ["<skip>"]
        elif stripped.startswith("```"):
            if block[:1] != ["<skip>"]:
                blocks.append(block)
            block = None
        else:
            block.append(line)
    assert len(blocks) == 1, f"expected one ```bash block under Quick start, found {len(blocks)}"
    commands: list[str] = []
    pending = ""
    for line in blocks[0]:
        text = line.strip()
        if not pending and (not text or text.startswith("#")):
            continue
        if text.endswith("\\"):
            pending += text[:-1].rstrip() + " "
            continue
        commands.append((pending + text).strip())
        pending = ""
    return commands


def test_quick_start_parser() -> None:
    readme = (
        "# x\n\n## Quick start\n\nText.\n\n```bash\n# install\npython3 -m venv .venv && \\\n"
        "  .venv/bin/tracker demo\n.venv/bin/python -m pytest\n```\n\n```\noutput\n```\n\n"
        "## Later\n\n```bash\nnot this\n```\n"
    )
    assert quick_start_commands(readme) == [
        "python3 -m venv .venv && .venv/bin/tracker demo",
        ".venv/bin/python -m pytest",
    ]
    with pytest.raises(AssertionError, match="one ```bash block"):
        quick_start_commands("## Quick start\n\n```bash\na\n```\n```bash\nb\n```\n")


def test_readme_quick_start_runs(demo_second_run: SecondRun) -> None:
    readme = REPO / "README.md"
    assert readme.is_file(), "README.md is missing"
    commands = quick_start_commands(readme.read_text(encoding="utf-8"))
    assert len(commands) == 2, commands
    first, second = commands
    demo_argv = shlex.split(first.split("&&")[-1])
    assert Path(demo_argv[0]).name == "tracker" and demo_argv[1:] == ["demo"], first
    test_argv = shlex.split(second.split("&&")[-1])
    assert "pytest" in test_argv or any(Path(a).name == "pytest" for a in test_argv), second
    # .ci/run runs the second command verbatim
    ci = REPO / ".ci" / "run"
    if ci.is_file():
        assert second in ci.read_text(encoding="utf-8")

    # The installs are CI's job; the demo part, with the console script of this venv, is what
    # the demo_second_run fixture ran in the first run's (temporary) working folder.
    argv = (str(tracker_script()), *demo_argv[1:])
    assert argv == demo_second_run.argv
    run = demo_second_run.run
    cwd, stdout, code = run.folder, run.stdout, run.exit_code
    assert code == 0, stdout + run.stderr
    report = [line for line in stdout.splitlines() if line.startswith("report:")]
    assert len(report) == 1, stdout
    path = Path(report[0].split(":", 1)[1].strip())
    assert path.name == "report.html"
    assert (cwd / path).is_file()
