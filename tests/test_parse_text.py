"""The plain-text reader and what every reader shares: files, encodings, layouts, errors."""
# ruff: noqa: E501  (embedded pages keep their real line lengths)

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from tracker.errors import InputError, ParseError, UnknownStatusError
from tracker.parse import ParseResult, commentary_to_dict, iter_input_files, read_path
from tracker.parse.files import MAX_PAGE_BYTES
from tracker.vocab import Vocabulary, load_vocabulary

PAGE = """July 15 – July 21, 2019
Security issues

Minsk keeps its peacekeeping plans modest

The situation has not changed
Minsk keeps its peacekeeping plans modest

The authorities again spoke about peacekeeping, but the plans remain limited to a company of soldiers and a few staff officers.

The defence ministry did not announce any new deployments. Officials repeated that Belarus is ready to contribute to missions in Africa.

Situation in Belarus
July 8 – July 14
View all
"""


def _write(tmp_path: Path, text: str, name: str = "page.txt", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _read(path: Path, **kwargs: object) -> ParseResult:
    return read_path(path, vocabulary=Vocabulary(), **kwargs)  # type: ignore[arg-type]


def test_reads_the_commentary_and_drops_the_sidebar(tmp_path: Path) -> None:
    result = _read(_write(tmp_path, PAGE))
    assert result.skipped is None
    assert result.encoding == "utf-8"
    (c,) = result.commentaries
    assert c.headline == "Minsk keeps its peacekeeping plans modest"
    assert c.section == "Security issues"
    assert c.status == "unchanged"
    assert c.status_text == "The situation has not changed"
    assert (c.week_start, c.week_end) == (date(2019, 7, 15), date(2019, 7, 21))
    assert c.lead is not None and c.lead.startswith("The authorities again spoke")
    assert c.body == (
        "The defence ministry did not announce any new deployments. Officials repeated that "
        "Belarus is ready to contribute to missions in Africa."
    )
    assert c.language == "en"
    assert c.line == 1
    assert c.origin == str(tmp_path / "page.txt")


def test_commentary_to_dict_shape(tmp_path: Path) -> None:
    (c,) = _read(_write(tmp_path, PAGE)).commentaries
    d = commentary_to_dict(c)
    assert list(d) == [
        "headline",
        "section",
        "status",
        "status_text",
        "lead",
        "body",
        "week_start",
        "week_end",
        "language",
        "authors",
        "published_on",
        "url",
        "week_basis",
    ]
    assert d["week_start"] == "2019-07-15" and d["published_on"] is None
    assert d["week_basis"] == "page"
    assert d["status"] == "unchanged"


def test_cp1251_is_read_and_reported(tmp_path: Path) -> None:
    text = PAGE.replace("The situation has not changed", "Ситуация не изменилась")
    result = _read(_write(tmp_path, text, encoding="cp1251"))
    assert result.encoding == "cp1251"
    assert result.commentaries[0].status == "unchanged"
    assert result.commentaries[0].status_text == "Ситуация не изменилась"


@pytest.mark.parametrize(("bom", "codec"), [(codecs.BOM_UTF8, "utf-8"), (b"", "utf-16")])
def test_boms(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(bom + PAGE.encode(codec))
    result = _read(path)
    assert result.commentaries[0].headline == "Minsk keeps its peacekeeping plans modest"
    assert result.encoding in ("utf-8", "utf-16")


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"   \n\n\t  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes(range(256)) * 50, "binary"),
    ],
)
def test_empty_and_binary_files(tmp_path: Path, data: bytes, fragment: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(ParseError) as info:
        _read(path)
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_too_large_file_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_PAGE_BYTES + 1024)  # sparse: costs no disk
    with pytest.raises(ParseError, match="too large"):
        _read(path)


def test_a_large_page_under_the_limit_is_read(tmp_path: Path) -> None:
    paragraph = "The ministry published yet another report on regional budgets this week. " * 3
    text = PAGE.replace("Situation in Belarus", (paragraph + "\n\n") * 2000 + "Read more")
    result = _read(_write(tmp_path, text))
    body = result.commentaries[0].body
    assert body is not None and body.count("yet another report") == 6000
    assert "July 8" not in body


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="does not exist"):
        _read(tmp_path / "nope.txt")


def test_two_disagreeing_verdicts(tmp_path: Path) -> None:
    text = PAGE.replace(
        "Minsk keeps its peacekeeping plans modest\n\nThe authorities",
        "Minsk keeps its peacekeeping plans modest\nThe situation got worse\n\nThe authorities",
    )
    with pytest.raises(ParseError) as info:
        _read(_write(tmp_path, text))
    assert "disagree" in str(info.value)
    assert info.value.line == 8


def test_agreeing_verdicts_are_fine(tmp_path: Path) -> None:
    text = PAGE.replace(
        "Minsk keeps its peacekeeping plans modest\n\nThe authorities",
        "Minsk keeps its peacekeeping plans modest\nSituation unchanged\n\nThe authorities",
    )
    assert _read(_write(tmp_path, text)).commentaries[0].status == "unchanged"


def test_unknown_verdict_names_line_and_fix(tmp_path: Path) -> None:
    text = PAGE.replace("The situation has not changed", "The situation is foggy")
    with pytest.raises(UnknownStatusError) as info:
        _read(_write(tmp_path, text))
    assert info.value.line == 6
    assert "The situation is foggy" in str(info.value)


def test_user_vocabulary_extends_the_reader(tmp_path: Path) -> None:
    vocab_file = tmp_path / "v.toml"
    vocab_file.write_text('[phrases]\nunchanged = ["The situation is foggy"]\n', encoding="utf-8")
    text = PAGE.replace("The situation has not changed", "The situation is foggy")
    result = read_path(_write(tmp_path, text), vocabulary=load_vocabulary(vocab_file))
    assert result.commentaries[0].status == "unchanged"


def test_week_without_year_needs_year(tmp_path: Path) -> None:
    text = PAGE.replace("July 15 – July 21, 2019", "July 15 – July 21")
    path = _write(tmp_path, text)
    (c,) = _read(path).commentaries  # kept undated, never refused; the note says what to do
    assert c.undated and c.week_note is not None and "--year" in c.week_note
    c = _read(path, year=2019).commentaries[0]
    assert c.week_start == date(2019, 7, 15)


def test_year_comes_from_the_commentarys_own_dates(tmp_path: Path) -> None:
    text = PAGE.replace("July 15 – July 21, 2019", "December 30 – January 5").replace(
        "Security issues", "Security issues\nPublished: January 7, 2020"
    )
    c = _read(_write(tmp_path, text)).commentaries[0]
    assert (c.week_start, c.week_end) == (date(2019, 12, 30), date(2020, 1, 5))
    assert c.published_on == date(2020, 1, 7)


def test_migration_stamp_is_not_a_year(tmp_path: Path) -> None:
    text = PAGE.replace("July 15 – July 21, 2019", "July 15 – July 21").replace(
        "Security issues", "Security issues\n2021-03-12 14:35:10"
    )
    (c,) = _read(_write(tmp_path, text)).commentaries  # undated, never dated by the stamp
    assert c.undated and c.week_note is not None and "has no year" in c.week_note
    (c,) = read_path(_write(tmp_path, text), year=2019).commentaries
    assert (c.week_start, c.week_basis) == (date(2019, 7, 15), "page")


def test_sidebar_week_is_never_the_commentarys(tmp_path: Path) -> None:
    text = PAGE.replace("July 15 – July 21, 2019\n", "")
    (c,) = _read(_write(tmp_path, text)).commentaries
    assert c.undated and c.week_basis is None  # kept undated, never the sidebar's week
    assert commentary_to_dict(c)["week_start"] is None


def test_no_verdict_is_none_not_unchanged(tmp_path: Path) -> None:
    text = PAGE.replace("The situation has not changed\n", "")
    c = _read(_write(tmp_path, text)).commentaries[0]
    assert c.status is None and c.status_text is None


def test_hard_wrapped_paragraphs_are_joined(tmp_path: Path) -> None:
    text = (
        "July 15 – July 21, 2019\nEconomy\n\nPrices rise again\n\nThe situation got worse\n\n"
        "Prices for food rose by two per cent in a month, the fastest\n"
        "growth since the spring, and the government blamed importers.\n\n"
        "The ministry of trade promised to check the margins of large\n"
        "retail chains in the coming weeks.\n"
    )
    c = _read(_write(tmp_path, text)).commentaries[0]
    assert c.lead == (
        "Prices for food rose by two per cent in a month, the fastest growth since the spring, "
        "and the government blamed importers."
    )
    assert c.body == (
        "The ministry of trade promised to check the margins of large retail chains in the "
        "coming weeks."
    )


def test_authors_and_captions_stay_out_of_the_body(tmp_path: Path) -> None:
    text = PAGE.replace(
        "Minsk keeps its peacekeeping plans modest\n\nThe authorities",
        "Minsk keeps its peacekeeping plans modest\nBy Ala Bialiatskaja and Ivan Kot\n"
        "Soldiers at a parade. Photo: BelTA\n\nThe authorities",
    )
    c = _read(_write(tmp_path, text)).commentaries[0]
    assert c.authors == ["Ala Bialiatskaja", "Ivan Kot"]
    assert "Photo" not in (c.lead or "") + (c.body or "")
    assert "Bialiatskaja" not in (c.lead or "") + (c.body or "")


def test_iter_input_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.pdf").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "y.txt").write_text("x", encoding="utf-8")
    extra = tmp_path / "c.pdf"
    found = list(iter_input_files([tmp_path, extra]))
    assert found == [tmp_path / "a.txt", tmp_path / "b" / "x.html", extra]
    with pytest.raises(InputError, match="no such file"):
        list(iter_input_files([tmp_path / "missing"]))


def test_format_is_sniffed_and_can_be_forced(tmp_path: Path) -> None:
    html = (
        "<!DOCTYPE html><html><body><article>"
        + "".join(f"<p>{line}</p>" for line in PAGE.splitlines() if line.strip())
        + "</article></body></html>"
    )
    path = _write(tmp_path, html, name="saved.txt")
    assert _read(path).commentaries[0].headline == "Minsk keeps its peacekeeping plans modest"
    with pytest.raises(InputError, match="unknown format"):
        _read(path, fmt="pdf")


ABOUT_PAGE = (
    "About monitoring\n\nApril 02, 2019 12:55\n\n"
    "Our office is an independent group of editors based in Warsaw. Every week we ask analysts "
    "in Minsk and abroad for short comments on what changed in Belarus, and we publish them "
    "in English and in Russian.\n\n"
    "Once a week the comments are grouped by topic, so that a reader can follow each one from "
    "week to week and see where things are going:\n"
    "> The ruling elite\n> Security issues\n> Belarus-West relations\n"
    "Each topic is marked green when things improve and red when they get worse, so that a "
    "reader sees the direction at a glance.\n"
)


def test_a_page_about_the_site_is_skipped_not_stored(tmp_path: Path) -> None:
    result = _read(_write(tmp_path, ABOUT_PAGE))
    assert result.commentaries == []
    assert result.skipped == "a page about the site ('About monitoring'), not a commentary"
    russian = (
        "О проекте\n\n02 апреля 2019 12:55\n\n"
        "Наша редакция работает в Варшаве. Каждую неделю мы просим аналитиков в Минске и за "
        "его пределами коротко оценить, что изменилось в Беларуси, и публикуем их оценки на "
        "русском и английском языках.\n\n"
        "Оценки сгруппированы по темам, чтобы читатель мог следить за каждой из них от недели "
        "к неделе и видеть, куда всё движется.\n"
    )
    ru = _read(_write(tmp_path, russian, "ru.txt"))
    assert (ru.commentaries, ru.skipped) == (
        [],
        "a page about the site ('О проекте'), not a commentary",
    )


def test_a_commentary_without_a_verdict_is_kept_whatever_its_first_word(tmp_path: Path) -> None:
    """A partner's republication has no verdict and no section; its headline is a sentence."""
    page = ABOUT_PAGE.replace(
        "About monitoring", "About a hundred officials lose their posts in the spring reshuffle"
    )
    (c,) = _read(_write(tmp_path, page)).commentaries
    assert c.headline.startswith("About a hundred officials")


def test_a_menu_line_before_a_commentary_does_not_make_it_a_site_page(tmp_path: Path) -> None:
    page = (
        "About us\n\nOfficials lose their posts in the spring reshuffle\n\n"
        "April 02, 2019 12:55\n\n"
        "The president replaced the heads of three ministries and two regional governors last "
        "week, the largest reshuffle since the elections, and promised more changes in May.\n\n"
        "Most of the new appointees come from the security services, which strengthens their "
        "hand in the government before the budget talks.\n"
    )
    (c,) = _read(_write(tmp_path, page)).commentaries
    assert c.headline == "Officials lose their posts in the spring reshuffle"
