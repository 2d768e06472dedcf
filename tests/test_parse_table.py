"""CSV / JSON / JSON Lines tables of verdicts, with column mapping."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.errors import InputError, ParseError, UnknownStatusError, WeekError
from tracker.parse import commentary_to_dict, read_path
from tracker.vocab import Vocabulary

V = Vocabulary()


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_canonical_columns(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "v.csv",
        "week_start,week_end,section,headline,status,lead,language\n"
        "2021-01-04,2021-01-10,Economy,Prices rise,deteriorated,Food got dearer.,en\n"
        '2021-01-11,2021-01-17,Economy,"Prices, again",,"Quiet week, no change.",en\n',
    )
    result = read_path(path, vocabulary=V)
    a, b = result.commentaries
    assert a.headline == "Prices rise" and a.status == "deteriorated" and a.line == 2
    assert b.headline == "Prices, again" and b.status is None and b.line == 3
    assert b.week_start == date(2021, 1, 11)


def test_other_peoples_columns_with_a_map(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "t.csv",
        "country;month;trend;summary\n"
        "Belarus;2019-07;Ситуация ухудшилась;Репрессии усилились\n"
        "Belarus;August 2019;improved;Prisoners released\n",
    )
    with pytest.raises(ParseError) as info:
        read_path(path, vocabulary=V)
    message = str(info.value)
    assert "missing required column(s): headline, status" in message
    assert "country, month, trend, summary" in message and "--map" in message
    result = read_path(path, vocabulary=V, column_map={"trend": "status", "summary": "headline"})
    a, b = result.commentaries
    assert (a.week_start, a.week_end) == (date(2019, 7, 1), date(2019, 7, 31))
    assert a.status == "deteriorated" and a.status_text == "Ситуация ухудшилась"
    assert a.language == "ru"
    assert (b.week_start, b.week_end) == (date(2019, 8, 1), date(2019, 8, 31))


@pytest.mark.parametrize(
    ("row", "error", "fragments"),
    [
        ("2021-01-04,Prices,so-so", UnknownStatusError, ["row 2", "'status'", "so-so", ":3:"]),
        ("2021-02-30,Prices,improved", WeekError, ["row 2", "'week'", ":3:"]),
        ("someday,Prices,improved", WeekError, ["someday", "'week'"]),
        ("2021-01-04,,improved", ParseError, ["headline is empty", "'headline'"]),
    ],
)
def test_bad_row_names_file_line_and_column(
    tmp_path: Path, row: str, error: type[Exception], fragments: list[str]
) -> None:
    path = _file(tmp_path, "bad.csv", f"week,headline,status\n2021-01-11,Fine,unchanged\n{row}\n")
    with pytest.raises(error) as info:
        read_path(path, vocabulary=V)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message


def test_map_errors(tmp_path: Path) -> None:
    path = _file(tmp_path, "t.csv", "a,b,c\n1,2,3\n")
    with pytest.raises(InputError, match="not a field"):
        read_path(path, vocabulary=V, column_map={"a": "colour"})
    with pytest.raises(InputError, match="has no column 'zzz'"):
        read_path(path, vocabulary=V, column_map={"zzz": "status"})


def test_header_only_table_is_skipped(tmp_path: Path) -> None:
    result = read_path(_file(tmp_path, "e.csv", "week,headline,status\n"), vocabulary=V)
    assert result.commentaries == [] and result.skipped == "the table has no rows"


def test_json_list_with_scores_and_iso_weeks(tmp_path: Path) -> None:
    items = [
        {"week": "2019-W29", "headline": "A", "status": -1, "authors": ["X Y"]},
        {"week": "July 15 – July 21, 2019", "headline": "B", "status": "The situation got worse"},
        {"date": "2019-07-17", "title": "C", "verdict": None},
    ]
    result = read_path(_file(tmp_path, "v.json", json.dumps(items)), vocabulary=V)
    a, b, c = result.commentaries
    assert a.status == "deteriorated" and a.authors == ["X Y"]
    assert a.week_start == b.week_start == c.week_start == date(2019, 7, 15)
    assert b.status_text == "The situation got worse"
    assert c.headline == "C" and c.status is None


def test_json_round_trips_tracker_parse_output(tmp_path: Path) -> None:
    first = read_path(
        _file(tmp_path, "v.json", json.dumps([{"week": "2019-W29", "headline": "A", "status": 1}])),
        vocabulary=V,
    )
    dumped = [
        {
            "path": "v.json",
            "commentaries": [commentary_to_dict(c) for c in first.commentaries],
            "skipped": None,
            "error": None,
        }
    ]
    again = read_path(_file(tmp_path, "again.json", json.dumps(dumped)), vocabulary=V)
    assert [commentary_to_dict(c) for c in again.commentaries] == dumped[0]["commentaries"]


def test_jsonl_errors_name_the_line(tmp_path: Path) -> None:
    good = json.dumps({"week": "2019-W29", "headline": "A", "status": "improved"})
    path = _file(tmp_path, "v.jsonl", f"{good}\n\n{{broken\n")
    with pytest.raises(ParseError) as info:
        read_path(path, vocabulary=V)
    assert info.value.line == 3
    path = _file(tmp_path, "w.jsonl", f'{good}\n"just text"\n')
    with pytest.raises(ParseError, match="expected an object"):
        read_path(path, vocabulary=V)


def test_invalid_json(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="not valid JSON"):
        read_path(_file(tmp_path, "v.json", '[{"a": 1},'), vocabulary=V)
    with pytest.raises(ParseError, match="list of objects"):
        read_path(_file(tmp_path, "n.json", "42"), vocabulary=V)
