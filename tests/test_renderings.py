"""One commentary, one assessment: renderings (old and new site, a reader view, a partner's
republication, the same text saved twice) are stored once with every file kept, the fields
from the richest one, in any order and across ingests; translations stay apart."""

from __future__ import annotations

import shutil
from datetime import date
from itertools import permutations
from pathlib import Path

import pytest
from sqlalchemy import text

from tracker.api import Tracker
from tracker.models import normalise_text, rendering_url_key, same_opening

DATA = Path(__file__).parent / "data" / "renderings"
HEADLINE = "National Bank widens the currency corridor for the rouble"
RENDERINGS = ["old-site.txt", "new-site-reader.txt", "partner.txt"]


def _origins(tracker: Tracker) -> dict[int, set[str]]:
    with tracker.session() as session:
        rows = session.connection().execute(text("SELECT assessment_id, origin FROM rendering"))
        out: dict[int, set[str]] = {}
        for aid, origin in rows:
            out.setdefault(int(aid), set()).add(Path(origin).name)
    return out


def _all(tracker: Tracker) -> list[dict[str, object]]:
    frames = [tracker.assessments(with_body=True), tracker.assessments(undated=True)]
    return [r for f in frames for r in f.to_dict(orient="records")]


def _check_one(tracker: Tracker, files: list[str]) -> None:
    rows = [r for r in _all(tracker) if r["headline"] == HEADLINE and r["language"] == "en"]
    assert len(rows) == 1, rows
    (row,) = rows
    # the old site's page is the richest: its verdict, section and stated week win
    assert row["status"] == "deteriorated" and row["section"] == "Economy"
    assert row["week_start"].date() == date(2016, 10, 24) and row["week_basis"] == "page"
    assert _origins(tracker)[int(row["id"])] == set(files)


@pytest.mark.parametrize("order", list(permutations(RENDERINGS)), ids="-".join)
def test_renderings_are_stored_once_in_any_order(
    tracker: Tracker, tmp_path: Path, order: tuple[str, ...]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    paths = []
    for n, name in enumerate(order):  # the folder is read in this order
        paths.append(shutil.copy(DATA / name, folder / f"{n}-{name}"))
    summary = tracker.ingest([folder])
    assert (summary.added, summary.merged, summary.present) == (1, 2, 0)
    _check_one(tracker, [Path(p).name for p in paths])
    again = tracker.ingest([folder])
    assert (again.added, again.merged, again.present) == (0, 0, 3)


@pytest.mark.parametrize("first", RENDERINGS)
def test_renderings_merge_across_ingests(tracker: Tracker, first: str) -> None:
    rest = [n for n in RENDERINGS if n != first]
    assert tracker.ingest([DATA / first]).added == 1
    summary = tracker.ingest([DATA / n for n in rest])
    assert (summary.added, summary.merged) == (0, 2)
    _check_one(tracker, RENDERINGS)


def test_the_same_text_saved_in_two_files_is_two_renderings(
    tracker: Tracker, tmp_path: Path
) -> None:
    copy = Path(shutil.copy(DATA / "old-site.txt", tmp_path / "saved-again.txt"))
    summary = tracker.ingest([DATA / "old-site.txt", copy])
    assert (summary.added, summary.merged) == (1, 1)
    (aid,) = _origins(tracker)
    assert _origins(tracker)[aid] == {"old-site.txt", "saved-again.txt"}
    assert tracker.ingest([copy]).present == 1


def test_translations_and_other_commentaries_stay_apart(tracker: Tracker) -> None:
    summary = tracker.ingest(
        [DATA / "old-site.txt", DATA / "ru-translation.txt", DATA / "other-commentary.txt"]
    )
    assert (summary.added, summary.merged) == (3, 0)
    assert len(_origins(tracker)) == 3


def test_rendering_keys() -> None:
    old = rendering_url_key("https://belarusinfocus.info/economy/national-bank-widens-corridor")
    new = rendering_url_key(
        "http://www.belarusinfocus.pro/analytics/national-bank-widens-corridor/"
    )
    assert old == new == "slug:national-bank-widens-corridor"
    assert rendering_url_key("https://belarusinfocus.pro/6331?page=1") == "path:6331"
    assert rendering_url_key(None) is None
    assert normalise_text("A «strong» rouble — again") == normalise_text(
        'a "strong" rouble - again'
    )
    lead = "The National Bank let the rouble move more freely against the basket from November."
    assert same_opening(lead, lead.replace(" ", "  ").replace("rouble", "rouble,"))
    assert not same_opening(lead, "A different commentary under the same headline entirely.")


@pytest.mark.parametrize("untitled_first", [False, True])
def test_files_saved_under_their_urls_are_renderings(
    tracker: Tracker, tmp_path: Path, untitled_first: bool
) -> None:
    old = (DATA / "old-site.txt").read_text(encoding="utf-8").split("https://")[0]
    reader = (DATA / "new-site-reader.txt").read_text(encoding="utf-8").split("https://")[0]
    untitled = reader.split("\n", 1)[1]  # the reader view lost its title line too
    slug = "economy__national-bank-widens-currency-corridor-rouble"
    pro = "belarusinfocus.pro" if not untitled_first else "a-belarusinfocus.pro"
    (tmp_path / f"{pro}__{slug}.txt").write_text(untitled, encoding="utf-8")
    (tmp_path / f"belarusinfocus.info__{slug}.txt").write_text(old, encoding="utf-8")
    (tmp_path / f"belarusinfocus.info__{slug}__r2.txt").write_text(reader, encoding="utf-8")
    summary = tracker.ingest([tmp_path])
    assert (summary.added, summary.merged) == (1, 2)
    (row,) = tracker.assessments().to_dict(orient="records")
    assert (row["headline"], row["status"]) == (HEADLINE, "deteriorated")
    assert len(_origins(tracker)[int(row["id"])]) == 3
