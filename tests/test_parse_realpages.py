"""Pages in the layouts real saved bulletin pages come in (our own writing, see DESIGN.md
"Real pages"): every commentary is read, none is refused for lacking a week, the week comes
from the best evidence and says so, and the traps never become a week."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker.errors import ParseError, TrackerError, WeekError
from tracker.parse import commentary_to_dict, read_path
from tracker.weeks import parse_user_week, week_ended_before

DATA = Path(__file__).parent / "data" / "realpages"

# file -> (headline, status, section, language, week_start or None, week_basis)
GOLDEN: dict[str, tuple[str, str | None, str | None, str, str | None, str | None]] = {
    "new-site-ruling-elite.txt": (
        "Regional governors trade places as the centre tightens its grip on local budgets",
        "deteriorated",
        "The ruling elite",
        "en",
        "2024-03-04",  # not the sidebar's "March 18 – March 24"
        "page",
    ),
    "old-site-no-range-stamp.txt": (
        "Opposition parties sign a joint memorandum on the census campaign",
        None,
        None,
        "en",
        "2017-03-06",  # the week that ended before "March 13, 2017 9:28", not a similar article's
        "published",
    ),
    "migrated-empty-label.txt": (
        "Customs rules for small traders eased again",
        None,  # "Category status:" with nothing after it
        None,
        "en",
        "2016-10-24",  # from "October 31, 2016 11:26", never "Updated at 14:13,22-06-2018"
        "published",
    ),
    "migrated-improved-next-line.txt": (
        "Minsk and Warsaw reopen a border crossing for freight",
        "improved",  # "- (The situation has improved)" on the line after the label
        None,
        "en",
        "2016-04-04",
        "published",
    ),
    "reader-view.txt": (
        "The Defence Ministry announces a new reserve call-up scheme",
        None,
        None,
        "en",
        None,
        None,
    ),
    "2019-07-15-security-reader.txt": (
        "Border guards receive new surveillance drones",
        None,
        None,
        "en",
        "2019-07-15",
        "file",
    ),
    "ru-interface-stamp.txt": (
        "Минфин готовит новую программу заимствований",
        None,
        None,
        "ru",
        "2017-03-06",  # "13 марта 2017, 9:28"; not the similar item's date or the sidebar's week
        "published",
    ),
    "en-new-site-similar.html": (
        "Border guards rehearse the closure of crossings with Poland",
        "deteriorated",
        "Security issues",
        "en",
        "2023-11-06",  # not the similar article's week nor the sidebar's
        "page",
    ),
    "be-interface-ru-body.html": (
        "Власти продлили заморозку цен на социально значимые товары",
        "deteriorated",
        "Эканоміка",
        "ru",
        "2021-08-09",  # "Жнівень 9 – Жнівень 15, 2021", not the sidebar's "Жнівень 23 – …"
        "page",
    ),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_real_layouts_read_as_golden(name: str) -> None:
    headline, status, section, language, week, basis = GOLDEN[name]
    result = read_path(DATA / name)
    assert result.skipped is None
    (c,) = result.commentaries
    got = commentary_to_dict(c)
    assert (got["headline"], got["status"], got["section"], got["language"]) == (
        headline,
        status,
        section,
        language,
    )
    assert (got["week_start"], got["week_basis"]) == (week, basis)
    if week is not None:
        assert got["week_end"] == (date.fromisoformat(week) + timedelta(days=6)).isoformat()
    else:
        assert got["week_end"] is None and c.undated


def test_stamp_fills_published_on_only_where_it_dates_the_week() -> None:
    (c,) = read_path(DATA / "old-site-no-range-stamp.txt").commentaries
    assert c.published_on == date(2017, 3, 13)
    assert c.body is not None and "Trade unions" not in c.body  # the similar article is cut
    assert c.week_note is not None and "March 13, 2017 9:28" in c.week_note


def test_evidence_order_page_then_stamp_then_url_then_name_then_user(tmp_path: Path) -> None:
    user = parse_user_week("2020-W10")
    stamp_page = (DATA / "old-site-no-range-stamp.txt").read_text(encoding="utf-8")
    reader = (DATA / "reader-view.txt").read_text(encoding="utf-8")
    url_line = "https://example.org/analytics/2018/05/02/reserve-call-up\n"
    cases = {
        # the page's range beats a stamp, a dated name and --week
        "2001-01-01-ranged.txt": ("March 4 – March 10, 2024\n" + stamp_page, "2024-03-04", "page"),
        # a stamp beats the URL, the name and --week
        "2001-01-01-stamped.txt": (stamp_page + url_line, "2017-03-06", "published"),
        # a date in the URL beats the name and --week
        "2001-01-01-url.txt": (reader + url_line, "2018-04-30", "url"),
        # a date in the file name beats --week
        "2001-01-01-name.txt": (reader, "2001-01-01", "file"),
        # --week when nothing else
        "reader.txt": (reader, "2020-03-02", "user"),
    }
    for name, (text, week, basis) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        (c,) = read_path(path, week=user).commentaries
        assert (c.week_start.isoformat(), c.week_basis) == (week, basis), name
    (c,) = read_path(tmp_path / "reader.txt").commentaries
    assert c.undated and c.week_basis is None


def test_fallback_is_the_week_that_ended_before_the_stamp() -> None:
    assert week_ended_before(date(2017, 3, 13)) == (date(2017, 3, 6), date(2017, 3, 12))  # Monday
    assert week_ended_before(date(2017, 3, 19)) == (date(2017, 3, 6), date(2017, 3, 12))  # Sunday
    assert week_ended_before(date(2017, 3, 20)) == (date(2017, 3, 13), date(2017, 3, 19))


def test_two_different_stamps_are_refused_naming_both() -> None:
    with pytest.raises(ParseError) as info:
        read_path(DATA / "ru-two-stamps.txt")
    message = str(info.value)
    assert "ru-two-stamps.txt" in message and "13.03.2017" in message and "20.03.2017" in message


def test_a_stamp_in_the_future_is_refused() -> None:
    with pytest.raises(ParseError, match=r"ru-future-stamp\.txt.*13\.03\.2099.*future"):
        read_path(DATA / "ru-future-stamp.txt")


def test_an_impossible_date_in_the_file_name_is_refused() -> None:
    with pytest.raises(WeekError, match=r"2019-02-30-bad-name\.txt.*impossible date '2019-02-30'"):
        read_path(DATA / "2019-02-30-bad-name.txt")


@pytest.mark.parametrize("text", ["2019-W99", "next week", "2019-13-01", ""])
def test_an_unreadable_week_is_refused(text: str) -> None:
    with pytest.raises(TrackerError, match="week"):
        parse_user_week(text)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("2019-W29", "2019-07-15"),
        ("2019-07-17", "2019-07-15"),
        ("July 15 – July 21, 2019", "2019-07-15"),
    ],
)
def test_a_user_week_in_any_form(text: str, start: str) -> None:
    assert parse_user_week(text)[0].isoformat() == start


def test_a_meta_date_never_conflicts_with_the_visible_stamp(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><meta property='article:published_time' content='2017-03-12T23:30:00Z'>"
        "</head><body><h1>Opposition parties sign a joint memorandum</h1>"
        "<p>March 13, 2017 9:28</p>"
        "<p>Four registered opposition parties agreed last week on a common approach to the "
        "national census, encouraging respondents to state Belarusian as their language.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    (c,) = read_path(page).commentaries  # no "two different stamps" error
    assert (c.week_start, c.week_basis) == (date(2017, 3, 6), "published")
    assert c.week_note is not None and "March 13, 2017 9:28" in c.week_note
    only_meta = tmp_path / "meta.html"
    only_meta.write_text(page.read_text(encoding="utf-8").replace("<p>March 13, 2017 9:28</p>", ""))
    (c,) = read_path(only_meta).commentaries  # the meta date alone (a Sunday) is the stamp
    assert (c.week_start, c.week_basis) == (date(2017, 2, 27), "published")


def test_a_text_without_a_title_line_is_read_not_refused(tmp_path: Path) -> None:
    page = tmp_path / "no-title.txt"
    page.write_text(
        "The relationship between Minsk and the West was shaped by sanctions all year. "
        "Brussels synchronised its packages with those against Moscow.\n"
        "The regime hopes to trade prisoners for relief.\n",
        encoding="utf-8",
    )
    (c,) = read_path(page).commentaries
    assert (
        c.headline
        == "The relationship between Minsk and the West was shaped by sanctions all year."
    )
    assert c.undated and c.status is None and c.language == "en"


def test_a_title_only_in_the_metadata_is_the_headline(tmp_path: Path) -> None:
    page = tmp_path / "meta-title.html"
    page.write_text(
        '<html><head><meta property="og:title" content="Minsk and Vilnius argue over the '
        'nuclear plant"></head><body><p>Lithuania again called on Minsk to suspend the '
        "commissioning of the nuclear power plant near the border, citing incidents during "
        "its construction.</p><p>Belarusian officials answered that the plant met every "
        "international safety requirement.</p></body></html>",
        encoding="utf-8",
    )
    (c,) = read_path(page).commentaries
    assert c.headline == "Minsk and Vilnius argue over the nuclear plant"
    assert c.lead is not None and c.lead.startswith("Lithuania again called")
    assert c.body is not None and c.body.startswith("Belarusian officials answered")


def test_site_furniture_alone_is_skipped_not_refused(tmp_path: Path) -> None:
    page = tmp_path / "sidebar-only.txt"
    page.write_text("March 18 – March 24\nView all\n\nSubscribe to us\n\nRead more\n", "utf-8")
    result = read_path(page)
    assert result.commentaries == [] and result.skipped == "no commentary: only site furniture"


def test_a_cut_page_starting_at_its_verdict_keeps_the_verdict(tmp_path: Path) -> None:
    page = tmp_path / "cut.txt"
    page.write_text(
        "The situation got worse\n\nThe customs committee tightened the rules for small "
        "traders again. Market vendors in the regions expect higher prices.\n\n"
        "The rules take effect next month.\n",
        encoding="utf-8",
    )
    (c,) = read_path(page).commentaries
    assert c.status == "deteriorated"
    assert c.headline == "The customs committee tightened the rules for small traders again."
