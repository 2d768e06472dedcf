"""Week ranges and dates in en/ru/be."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.errors import WeekError
from tracker.weeks import (
    find_dates,
    find_week_range,
    is_week_range_line,
    iso_week,
    parse_date,
    parse_week_range,
    week_bounds,
)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("July 15 – July 21, 2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("November 27 – December 3, 2023", date(2023, 11, 27), date(2023, 12, 3)),
        ("December 30 – January 5, 2020", date(2019, 12, 30), date(2020, 1, 5)),
        ("Жнівень 9 – Жнівень 15, 2021", date(2021, 8, 9), date(2021, 8, 15)),
        ("9 – 15 жніўня 2021", date(2021, 8, 9), date(2021, 8, 15)),
        ("30 декабря – 5 января 2020", date(2019, 12, 30), date(2020, 1, 5)),
        ("15–21 июля 2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("15-21 июля 2019 г.", date(2019, 7, 15), date(2019, 7, 21)),
        ("July 15-21, 2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("July 15—July 21, 2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("July 15 - July 21 2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("Jul 15 – Jul 21, 2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("December 30, 2019 – January 5, 2020", date(2019, 12, 30), date(2020, 1, 5)),
        ("30 снежня – 5 студзеня 2020", date(2019, 12, 30), date(2020, 1, 5)),
        ("Ліпень 15 – Ліпень 21, 2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("15 July – 21 July 2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("15.07 – 21.07.2019", date(2019, 7, 15), date(2019, 7, 21)),
        ("February 24 – March 2, 2020", date(2020, 2, 24), date(2020, 3, 2)),
    ],
)
def test_parse_week_range(text: str, start: date, end: date) -> None:
    assert parse_week_range(text) == (start, end)
    assert is_week_range_line(text)


def test_year_argument_is_the_end_year() -> None:
    assert parse_week_range("July 15 – July 21", year=2019) == (
        date(2019, 7, 15),
        date(2019, 7, 21),
    )
    assert parse_week_range("December 30 – January 5", year=2020) == (
        date(2019, 12, 30),
        date(2020, 1, 5),
    )
    # a written year wins over the argument
    assert parse_week_range("July 15 – July 21, 2019", year=2030)[0] == date(2019, 7, 15)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("July 15 – July 21", "--year"),
        ("July 21 – July 15, 2019", "before it starts"),
        ("February 27 – February 30, 2019", "impossible date"),
        ("July 1 – July 30, 2019", "at most two weeks"),
        ("Minsk wants peace", "cannot read the week range"),
        ("", "cannot read"),
    ],
)
def test_bad_ranges_name_the_value(text: str, fragment: str) -> None:
    with pytest.raises(WeekError) as info:
        parse_week_range(text, path="p.txt", line=3)
    assert fragment in str(info.value)
    assert "p.txt:3" in str(info.value)
    if text:
        assert text in str(info.value)


def test_find_week_range_inside_a_line() -> None:
    m = find_week_range("Situation in Belarus: July 15 – July 21 (view all)")
    assert m is not None and m.group(0).startswith("July 15")
    assert find_week_range("No dates here at all") is None
    assert not is_week_range_line("Minsk held talks on July 15 – July 21, 2019 with Moscow")


def test_find_dates() -> None:
    text = "Updated at 22.07.2019 12:40; published July 23, 2019; 5 жніўня 2021 г.; 31.02.2019"
    assert [d for d, _ in find_dates(text)] == [
        date(2019, 7, 22),
        date(2019, 7, 23),
        date(2021, 8, 5),
    ]


@pytest.mark.parametrize(
    "text", ["2019-07-15", "2019-W29", "15.07.2019", "July 15, 2019", "15 июля 2019", "2019-W29-1"]
)
def test_parse_date(text: str) -> None:
    assert parse_date(text) == date(2019, 7, 15)


@pytest.mark.parametrize("text", ["yesterday", "2019-13-01", "2019-W60", "31.02.2019", ""])
def test_parse_date_errors_name_the_value(text: str) -> None:
    with pytest.raises(WeekError) as info:
        parse_date(text)
    assert repr(text) in str(info.value)


def test_iso_week_and_bounds() -> None:
    assert iso_week(date(2019, 7, 15)) == "2019-W29"
    assert iso_week(date(2019, 12, 30)) == "2020-W01"
    assert week_bounds(date(2019, 7, 18)) == (date(2019, 7, 15), date(2019, 7, 21))
    assert week_bounds(date(2019, 7, 15)) == (date(2019, 7, 15), date(2019, 7, 21))


def test_long_garbage_line_is_fast() -> None:
    text = "1 – " * 200_000 + "July"
    assert find_week_range(text) is None
    assert not is_week_range_line(text)
