"""The web view in-process (Starlette's TestClient): every page and its JSON twin on SQLite
and PostgreSQL, escaping, errors, charts, downloads, and the guards on edits."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tests.serve_fixture import EVIL, EVIL_ISSUE, FORMULA, HOSTILE, PEACE, fill, running_server
from tracker.api import Tracker
from tracker.cli import app as cli_app
from tracker.serve import create_app
from tracker.serve.app import CSRF_COOKIE

PAGES = {
    "/": "Every issue, week by week",
    "/issue/belarus-un-peacekeeping": PEACE,
    "/week/2023-W03": "Week 2023-W03",
    "/section/security-issues": "Alerts",
    "/search?q=peacekeeping": "Results for",
    "/review": "What needs a curator",
    "/report": "Download a trend report",
}


@pytest.fixture
def filled(tracker: Tracker) -> dict[str, int]:
    return fill(tracker)


@pytest.fixture
def client(tracker: Tracker, filled: dict[str, int]) -> Iterator[TestClient]:
    with TestClient(create_app(tracker), base_url="http://127.0.0.1") as test_client:
        yield test_client


@pytest.fixture
def editor(tracker: Tracker, filled: dict[str, int]) -> Iterator[TestClient]:
    app = create_app(tracker, allow_edits=True, allowed_hosts=["127.0.0.1"])
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        yield test_client


def cli_json(tracker: Tracker, *args: str) -> Any:
    result = CliRunner().invoke(cli_app, ["--db", tracker.url, *args, "--format", "json"],
                                catch_exceptions=False)  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_and_its_json_twin(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert PAGES[path] in page.text
    twin_path = page.text.split('rel="alternate" type="application/json" href="')[1].split('"')[0]
    assert twin_path.startswith("/api/")
    twin = client.get(twin_path.replace("&amp;", "&"))
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "application/json"
    assert isinstance(twin.json(), dict) and twin.json()


def test_json_twins_carry_the_cli_data(client: TestClient, tracker: Tracker) -> None:
    history = client.get("/api/issue/belarus-un-peacekeeping").json()
    assert history["history"] == cli_json(tracker, "history", PEACE)
    assert history["issue"]["name"] == PEACE
    assert history["issue"]["aliases"] == []
    week = client.get("/api/week/2023-W03").json()
    assert week["assessments"] == cli_json(tracker, "week", "2023-01-16")
    assert (week["previous"], week["next"]) == ("2023-W02", "2023-W04")
    found = client.get("/api/search?q=peacekeeping").json()
    assert found["results"] == cli_json(tracker, "search", "peacekeeping")
    issues = client.get("/api/").json()["issues"]
    listed = cli_json(tracker, "issues")
    assert [{k: v for k, v in row.items() if k != "strip"} for row in issues] == listed
    review = client.get("/api/review").json()
    assert review["links"] == cli_json(tracker, "review")
    assert [r["id"] for r in client.get("/api/review?limit=1").json()["links"]] == [
        r["id"] for r in cli_json(tracker, "review", "--limit", "1")
    ]
    section = client.get("/api/section/security-issues").json()
    alerts = cli_json(tracker, "trends", "--kind", "alerts", "--section", "Security issues")
    assert [{k: v for k, v in row.items() if k != "slug"} for row in section["alerts"]] == alerts
    assert section["alerts"][0]["issue"] == PEACE


def test_index_strips_filters_and_groups(client: TestClient) -> None:
    data = client.get("/api/").json()
    assert len(data["strip_weeks"]) == 26 and data["strip_weeks"][-1] == "2023-02-27"
    peace = next(r for r in data["issues"] if r["issue"] == PEACE)
    assert peace["strip"][-9:] == ["unchanged", "improved", "unchanged", "deteriorated",
                                   "deteriorated", "none", "unchanged", "deteriorated",
                                   "deteriorated"]  # fmt: skip
    assert peace["strip"][:17] == [None] * 17
    worse = client.get("/api/?status=deteriorated").json()["issues"]
    assert {r["issue"] for r in worse} == {PEACE, EVIL_ISSUE}
    economy = client.get("/api/?section=economy").json()["issues"]
    assert [r["issue"] for r in economy] == ["Potash exports"]
    late = client.get("/api/?since=2023-02-20").json()["issues"]
    assert {r["issue"] for r in late} == {PEACE, "Potash exports", "Minsk and the blue helmets"}
    html = client.get("/?section=Economy").text
    assert "Clear filters" in html and PEACE not in html


def test_issue_page_shows_history_chart_and_downloads(client: TestClient) -> None:
    html = client.get("/issue/belarus-un-peacekeeping").text
    img = re.search(r'<img src="([^"]+)" alt="([^"]+)"', html)
    assert img is not None
    src, alt = img.group(1).replace("&amp;", "&"), img.group(2)
    assert alt.startswith(f"Timeline of {PEACE}: 9 assessments from 2023-W01 to 2023-W09")
    assert "4 deteriorated" in alt and "1 improved" in alt
    assert "/history.csv" in html and "/history.xlsx" in html
    assert 'href="/week/2023-W09"' in html
    svg = client.get(src)
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert svg.content.lstrip().startswith(b"<?xml") and b"<svg" in svg.content
    assert "immutable" in svg.headers["cache-control"]
    assert b"<script" not in svg.content  # the hostile headline is a label, escaped


def test_other_names_of_an_issue_redirect_to_its_page(client: TestClient) -> None:
    moved = client.get("/issue/Belarus%20UN%20peacekeeping", follow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["location"] == "/issue/belarus-un-peacekeeping"
    twin = client.get("/api/issue/Belarus%20UN%20peacekeeping", follow_redirects=False)
    assert twin.headers["location"] == "/api/issue/belarus-un-peacekeeping"
    assert PEACE in client.get("/issue/Belarus%20UN%20peacekeeping", follow_redirects=True).text


def test_charts_are_cached_until_the_data_change(client: TestClient, tracker: Tracker) -> None:
    site = client.app.state.site  # type: ignore[attr-defined]
    first = client.get("/chart/timeline.svg?issue=belarus-un-peacekeeping")
    misses = site.cache.misses
    again = client.get("/chart/timeline.svg?issue=belarus-un-peacekeeping")
    assert again.content == first.content and site.cache.misses == misses
    tracker.rename_issue(PEACE, "UN peacekeeping offers")
    renamed = client.get("/chart/timeline.svg?issue=belarus-un-peacekeeping")
    assert site.cache.misses > misses
    assert b"UN peacekeeping offers" in renamed.content
    assert "UN peacekeeping offers" in client.get("/issue/belarus-un-peacekeeping").text


def test_warming_builds_the_issue_list_ahead(tracker: Tracker, filled: dict[str, int]) -> None:
    from tracker.serve.pages import warm

    app = create_app(tracker)
    warm(app.state.site)
    cache = app.state.site.cache
    built = cache.misses
    with TestClient(app) as warmed:
        assert warmed.get("/").status_code == 200
    assert cache.misses == built  # the page was rendered from what warming built


def test_section_page_has_both_charts_with_summaries(client: TestClient) -> None:
    html = client.get("/section/security-issues").text
    alts = re.findall(r'<img src="[^"]+" alt="([^"]+)"', html)
    assert len(alts) == 2
    assert alts[0].startswith("Weekly status shares in Security issues over")
    assert "net balance" in alts[0]
    assert alts[1].startswith("Status calendar of 2 issues in Security issues")
    for src in re.findall(r'<img src="([^"]+)"', html):
        assert client.get(src.replace("&amp;", "&")).status_code == 200


def test_search_pages_and_highlights(client: TestClient) -> None:
    first = client.get("/api/search?q=peacekeeping&per_page=10").json()
    assert len(first["results"]) == 10 and first["has_next"] is True
    second = client.get("/api/search?q=peacekeeping&per_page=10&page=2").json()
    assert len(second["results"]) == 9 and second["has_next"] is False
    ids = [r["id"] for r in first["results"]] + [r["id"] for r in second["results"]]
    assert len(ids) == len(set(ids))
    html = client.get("/search?q=army").text
    assert "<mark>army</mark>" in html
    only = client.get("/api/search?q=peacekeeping&section=Economy").json()["results"]
    assert only and {r["section"] for r in only} == {"Economy"}
    assert (
        'href="/search?q=peacekeeping&amp;per_page=10&amp;page=2"'
        in client.get("/search?q=peacekeeping&per_page=10").text
    )
    assert 'rel="next"' not in client.get("/search?q=peacekeeping").text


def test_hostile_strings_render_as_text_everywhere(
    client: TestClient, filled: dict[str, int]
) -> None:
    paths = [*PAGES, "/week/2023-W09", "/search?q=withdrawn", "/issue/rule-of-law-i-i-courts",
             "/section/domestic-politics", "/issue/no-such<script>"]  # fmt: skip
    shown = {"headline": False, "lead": False, "issue": False}
    for path in paths:
        html = client.get(path).text
        assert "<script" not in html, path
        assert "<b>bold</b>" not in html and "<i>&</i>" not in html, path
        shown["headline"] |= "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        shown["lead"] |= "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html
        shown["issue"] |= "Rule of law &lt;i&gt;&amp;&lt;/i&gt; courts" in html
    assert all(shown.values()), shown
    week = client.get("/api/week/2023-W09").json()["assessments"]
    hostile = next(row for row in week if row["id"] == filled["hostile"])
    assert (hostile["headline"], hostile["lead"]) == (HOSTILE, EVIL)


def test_security_headers_and_no_external_resources(client: TestClient) -> None:
    for path in PAGES:
        page = client.get(path)
        assert "script-src" not in page.headers["content-security-policy"]
        assert "default-src 'none'" in page.headers["content-security-policy"]
        assert page.headers["x-frame-options"] == "DENY"
        for attribute in re.findall(r'(?:src|href)="([^"]*)"', page.text):
            if attribute.startswith("http"):  # links to the original articles only
                assert "bulletin.example" in attribute, (path, attribute)
        assert "<script" not in page.text
    css = client.get("/static/site.css").text
    assert "url(" not in css and "@import" not in css
    theme = client.get("/status.css").text
    assert ".st-deteriorated { background: #cc3311" in theme
    assert "--accent: #1d4e89;" in theme  # the report's palette, from its style sheet


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/week/2023-W99", "2023 has no week 99"),
        ("/week/last-week", "is not a week"),
        ("/?since=yesterday", "since: 'yesterday' is not a date"),
        ("/?since=2023-02-01&until=2023-01-01", "starts after it ends"),
        ("/?status=awful", "status: 'awful' is not one of the choices"),
        ("/?section=Sport", "section: 'Sport' is not one of the choices"),
        ("/search?q=peacekeeping&page=0", "page: 0 is out of range"),
        ("/search?q=peacekeeping&page=two", "page: 'two' is not a whole number"),
        ("/search?q=%21%21%21", "nothing to search for"),
        ("/chart/timeline.svg", "a timeline is of one issue"),
        ("/report/download?format=docx", "format: 'docx' is not one of the choices"),
    ],
)
def test_bad_parameters_are_400_pages_that_say_why(
    client: TestClient, path: str, said: str
) -> None:
    page = client.get(path)
    assert page.status_code == 400
    assert said in page.text.replace("&#39;", "'")
    if not path.startswith(("/chart", "/report")):
        twin = client.get("/api" + path)
        assert twin.status_code == 400 and said in twin.json()["error"]


def test_unknown_issue_is_a_404_with_the_closest_names(client: TestClient) -> None:
    page = client.get("/issue/peacekeeping")
    assert page.status_code == 404
    assert "no issue named" in page.text
    assert '<a href="/issue/belarus-un-peacekeeping">Belarus UN peacekeeping</a>' in page.text
    twin = client.get("/api/issue/peacekeeping")
    assert twin.status_code == 404 and PEACE in twin.json()["closest"]
    section = client.get("/section/securty-issues")
    assert section.status_code == 404 and 'href="/section/security-issues"' in section.text
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/chart/pie.svg").status_code == 404
    assert client.get("/issue/nothing-like-it/history.csv").status_code == 404
    unknown_filter = client.get("/search?q=army&issue=peacekeepin")
    assert unknown_filter.status_code == 400 and "issue: no issue named" in unknown_filter.text
    assert 'href="/issue/belarus-un-peacekeeping"' in unknown_filter.text


# --------------------------------------------------------------------------- downloads


def test_history_downloads_keep_formulas_as_text(client: TestClient) -> None:
    from openpyxl import load_workbook

    csv_text = client.get("/issue/potash-exports/history.csv")
    assert csv_text.headers["content-disposition"].endswith('"potash-exports-history.csv"')
    table = list(csv.reader(io.StringIO(csv_text.text.lstrip("\ufeff"))))
    assert table[0][:7] == ["id", "week_start", "week_end", "status", "status_text", "headline",
                            "lead"]  # fmt: skip
    assert len(table) == 1 + 9 and table[1][1] == "2023-01-02"
    assert "'=HYPERLINK" in csv_text.text
    book = load_workbook(io.BytesIO(client.get("/issue/potash-exports/history.xlsx").content))
    sheet = book["history"]
    header = [c.value for c in sheet[1]]
    lead = [row[header.index("lead")] for row in sheet.iter_rows(min_row=2)]
    formula = [cell for cell in lead if cell.value == FORMULA]
    assert len(formula) == 1 and formula[0].data_type == "s"
    assert sheet.max_row == 10


def test_report_downloads(client: TestClient) -> None:
    html = client.get("/report/download?format=html&since=2023-01-01&section=Economy")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "attachment" in html.headers["content-disposition"]
    assert "Potash exports" in html.text and PEACE not in html.text
    pdf = client.get("/report/download?format=pdf&since=2023-01-01&until=2023-03-05")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    page = client.get("/report").text
    assert 'href="/report/download?format=pdf&amp;since=2022-12-05&amp;until=2023-03-05"' in page


# --------------------------------------------------------------------------- edits


def test_edits_refused_without_allow_edits(client: TestClient, tracker: Tracker) -> None:
    page = client.get("/review")
    assert "read-only" in page.text and "<form" not in page.text.split("</header>", 2)[2]
    before = tracker.log()
    attempts = [
        ("rename", {"issue": "potash-exports", "name": "Potash"}),
        ("undo", {}),
        ("link", {"assessment": "1", "issue": "potash-exports"}),
    ]
    for action, fields in attempts:
        refused = client.post(f"/review/{action}", data=fields)
        assert refused.status_code == 403
        assert "read-only" in refused.text
    assert client.get("/review/rename").status_code == 405
    assert tracker.log().equals(before)
    assert tracker.issue_info("potash-exports")["name"] == "Potash exports"


def _token(client: TestClient) -> str:
    page = client.get("/review")
    assert CSRF_COOKIE in client.cookies
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert match is not None
    return match.group(1)


def test_csrf_and_origin_refused(editor: TestClient, tracker: Tracker) -> None:
    token = _token(editor)
    fields = {"issue": "potash-exports", "name": "Potash"}
    assert editor.post("/review/rename", data=fields).status_code == 403
    assert editor.post("/review/rename", data={**fields, "csrf": "0" * 64}).status_code == 403
    other = editor.post("/review/rename", data={**fields, "csrf": token},
                        headers={"origin": "http://evil.example"})  # fmt: skip
    assert other.status_code == 403
    stranger = TestClient(editor.app, base_url="http://127.0.0.1")
    assert stranger.post("/review/rename", data={**fields, "csrf": token}).status_code == 403
    assert editor.get("/", headers={"host": "rebound.example"}).status_code == 400
    assert tracker.issue_info("potash-exports")["name"] == "Potash exports"


def test_edits_through_the_review_page(
    editor: TestClient, tracker: Tracker, filled: dict[str, int]
) -> None:
    page = editor.get("/review")
    assert "Minsk and the blue helmets" in page.text and "provisional issue" in page.text
    token = _token(editor)
    done = editor.post("/review/rename", data={"issue": "potash-exports", "name": "Potash",
                                                "csrf": token}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == "/review?done=rename#log"
    assert tracker.issue_info("potash-exports")["name"] == "Potash"
    assert "Done: renamed the issue" in editor.get(done.headers["location"]).text
    assert tracker.log(limit=1)["action"].iloc[0] == "rename"
    moved = editor.post("/review/link", data={"assessment": str(filled["provisional"]),
                                              "issue": PEACE, "csrf": token},
                        headers={"accept": "application/json"})  # fmt: skip
    assert moved.status_code == 200 and moved.json()["ok"] is True
    assert tracker.history(PEACE)["id"].isin([filled["provisional"]]).any()
    bad = editor.post("/review/merge", data={"source": "potash-exports", "target": "potash-exports",
                                             "csrf": token})  # fmt: skip
    assert bad.status_code == 409 and "itself" in bad.text
    missing = editor.post("/review/rename", data={"issue": "potash-exports", "csrf": token})
    assert missing.status_code == 400 and "name: missing" in missing.text
    not_id = editor.post("/review/link", data={"assessment": "x", "issue": PEACE, "csrf": token})
    assert not_id.status_code == 400
    assert editor.post("/review/undo", data={"csrf": token}).status_code == 200  # redirected
    assert not tracker.history(PEACE)["id"].isin([filled["provisional"]]).any()
    log = tracker.log()
    rename = log[log["action"] == "rename"]["batch"].iloc[0]
    editor.post("/review/undo", data={"csrf": token, "batch": rename})
    assert tracker.issue_info("potash-exports")["name"] == "Potash exports"


def test_serve_command_refuses_a_port_in_use(tracker: Tracker) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["--db", tracker.url, "serve", "--port", str(port)])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is in use" in result.output


def test_a_server_error_is_a_page_without_a_traceback(
    tracker: Tracker, filled: dict[str, int]
) -> None:
    app = create_app(tracker)
    site = app.state.site

    def broken() -> None:
        raise RuntimeError("secret internals")

    site.tracker = type("Broken", (), {"issues": staticmethod(broken), "engine": tracker.engine,
                                       "vocabulary": tracker.vocabulary,
                                       "session": tracker.session})()  # fmt: skip
    with TestClient(app, raise_server_exceptions=False) as broken_client:
        page = broken_client.get("/")
        assert page.status_code == 500
        assert "something went wrong on the server" in page.text
        assert "secret internals" not in page.text and "Traceback" not in page.text
        twin = broken_client.get("/api/")
        assert twin.status_code == 500 and twin.json()["error"].startswith("something went wrong")


def test_the_real_server_on_this_engine(tracker: Tracker, filled: dict[str, int]) -> None:
    """``tracker serve`` as a process on a free port, on SQLite and on PostgreSQL."""
    import signal
    import urllib.request

    url = tracker.engine.url.render_as_string(hide_password=False)
    with running_server(url) as (base, process):
        assert process.stderr is not None
        for path in PAGES:
            twin = "/api/" if path == "/" else "/api" + path
            for address in (base + path, base + twin):
                with urllib.request.urlopen(address, timeout=60) as reply:
                    assert reply.status == 200
                    body = reply.read().decode()
                    assert "<script" not in body or address.startswith(base + "/api")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert "stopped" in process.stderr.read()


def test_a_vanished_database_is_a_503_page(tmp_path: Path) -> None:
    import shutil

    from tracker import open_tracker

    folder = tmp_path / "shared-drive"
    folder.mkdir()
    vanishing = open_tracker(str(folder / "team.db"))
    fill(vanishing)
    with TestClient(create_app(vanishing), raise_server_exceptions=False) as gone:
        assert gone.get("/").status_code == 200
        vanishing.engine.dispose()
        shutil.rmtree(folder)
        page = gone.get("/issue/potash-exports")
        assert page.status_code == 503
        assert "the database did not answer" in page.text and "Traceback" not in page.text
        assert gone.get("/api/week/2023-W02").json()["status"] == 503
    vanishing.close()


UNDATED_PAGE = (
    "The Defence Ministry announces a new reserve call-up scheme\n"
    "The Defence Ministry presented a scheme under which reservists will be called up for "
    "short training sessions twice a year instead of a single long one.\n"
    "Officials say the change aims to keep reservists' skills fresh without taking them away "
    "from their jobs for weeks at a time.\n"
)


def test_undated_assessments_are_listed_and_dated_from_the_review_page(
    editor: TestClient, tracker: Tracker, tmp_path: Path
) -> None:
    page = tmp_path / "reader-view.txt"
    page.write_text(UNDATED_PAGE, encoding="utf-8")
    tracker.ingest([page])
    undated = tracker.assessments(undated=True)
    assert len(undated) == 1
    (assessment,) = undated["id"].tolist()
    review = editor.get("/review")
    assert "Undated assessments" in review.text
    assert "new reserve call-up scheme" in review.text
    assert f'id="dt-{assessment}"' in review.text  # the date form, with edits allowed
    listed = editor.get("/api/review").json()
    assert [row["id"] for row in listed["undated"]] == [assessment]
    token = _token(editor)
    bad = editor.post("/review/date", data={"assessment": str(assessment), "week": "someday",
                                            "csrf": token})  # fmt: skip
    assert bad.status_code == 400 and "someday" in bad.text
    assert len(tracker.assessments(undated=True)) == 1
    done = editor.post("/review/date", data={"assessment": str(assessment), "week": "2019-W29",
                                             "csrf": token}, follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert tracker.assessments(undated=True).empty
    dated = tracker.assessments()
    row = dated[dated["id"] == assessment].iloc[0]
    assert str(row["week_start"])[:10] == "2019-07-15"
    assert tracker.log(limit=1)["action"].iloc[0] == "date"
    editor.post("/review/undo", data={"csrf": token})
    assert tracker.assessments(undated=True)["id"].tolist() == [assessment]


def test_the_undated_panel_offers_no_form_read_only(client: TestClient, tracker: Tracker,
                                                     tmp_path: Path) -> None:  # fmt: skip
    page = tmp_path / "reader-view.txt"
    page.write_text(UNDATED_PAGE, encoding="utf-8")
    tracker.ingest([page])
    review = client.get("/review")
    assert "new reserve call-up scheme" in review.text
    assert 'name="week"' not in review.text
    assert [row["id"] for row in client.get("/api/review").json()["links"]
            if row["week_start"] is None] == []  # fmt: skip


def test_search_in_all_languages_and_by_date(client: TestClient, tracker: Tracker) -> None:
    russian = tracker.add(
        issue=PEACE,
        week="2023-03-06",
        headline="Минск снова предлагает миротворцев ООН",
        status="unchanged",
        section="Security issues",
        lead="Миротворческая рота остаётся единственным вкладом страны.",
        language="ru",
        source="Weekly Bulletin",
    )
    plain = client.get("/api/search", params={"q": "peacekeeping"}).json()["results"]
    assert russian not in [row["id"] for row in plain]
    wide = client.get("/api/search", params={"q": "peacekeeping", "any_language": "on"}).json()
    found = {row["id"]: row for row in wide["results"]}
    assert found[russian]["via"] == "translation"
    assert wide["filters"]["any_language"] is True
    page = client.get("/search", params={"q": "peacekeeping", "any_language": "on"})
    assert "found through a translation (ru)" in page.text
    assert 'name="any_language" value="on" checked' in page.text
    newest = client.get("/api/search", params={"q": "peacekeeping", "sort": "date"}).json()
    weeks = [row["week_start"] for row in newest["results"]]
    assert weeks == sorted(weeks, reverse=True) and len(weeks) > 1
    assert newest["results"] == cli_json(tracker, "search", "peacekeeping", "--sort", "date")
    bad = client.get("/search", params={"q": "peacekeeping", "sort": "sideways"})
    assert bad.status_code == 400 and "sort" in bad.text
    unreadable = client.get("/search", params={"q": '"unclosed phrase'})
    assert unreadable.status_code == 400
