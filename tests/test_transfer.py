"""The export streams its rows (tracker/store/transfer.py) and writes exactly what the whole
export as one JSON value would be; the CSV folder has every row; both round-trip.  The import
(tracker/store/importer.py) streams too, and names the file and line of what breaks it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tests.archives import crowded_decade, load_archive
from tracker import open_tracker
from tracker.cli import app
from tracker.errors import InputError
from tracker.store import importer, transfer


def test_streamed_json_is_the_whole_export_text(db_url: str, tmp_path: Path) -> None:
    load_archive(db_url, crowded_decade())  # thousands of rows: many chunks
    with open_tracker(db_url) as tracker:
        with tracker.session() as session:
            whole = json.dumps(transfer.export_data(session), ensure_ascii=False, indent=1)
            assert len(whole) > 100 * transfer.CHUNK
            assert "".join(transfer.iter_json(session)) == whole
        assert tracker.export() == whole
        tracker.export(tmp_path / "out.json")
        stream = io.StringIO()
        tracker.export(stream)
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == whole + "\n"
    assert stream.getvalue() == whole + "\n"
    assert not list(tmp_path.glob("*.part"))
    result = CliRunner().invoke(app, ["--db", db_url, "export"])
    assert result.exit_code == 0 and result.stdout == whole + "\n"
    # and it imports again, every row
    target = str(tmp_path / "copy.db")
    with open_tracker(target) as copy:
        counts = copy.import_(tmp_path / "out.json")
    assert counts["assessment"] == len(crowded_decade())


def test_csv_folder_has_every_row(db_url: str, tmp_path: Path) -> None:
    load_archive(db_url, crowded_decade())
    with open_tracker(db_url) as tracker:
        tracker.export(tmp_path / "csv", fmt="csv")
        with tracker.session() as session:
            whole = transfer.export_data(session)
    for name, rows in whole["tables"].items():
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            read = list(csv.DictReader(handle))
        assert [int(r["id"]) for r in read] == [r["id"] for r in rows], name


def test_a_failed_export_leaves_no_file(db_url: str, tmp_path: Path) -> None:
    load_archive(db_url, crowded_decade())
    target = tmp_path / "out.json"

    class Broken(Exception):
        pass

    def broken(*_: object) -> object:
        raise Broken

    original = transfer._out
    transfer._out = broken  # type: ignore[assignment]
    try:
        with open_tracker(db_url) as tracker:
            try:
                tracker.export(target)
            except Broken:
                pass
            else:  # pragma: no cover
                raise AssertionError("the export did not fail")
    finally:
        transfer._out = original  # type: ignore[assignment]
    assert not target.exists() and not list(tmp_path.glob("*.part"))


# --------------------------------------------------------------------------- streamed import


def _emptied(db_url: str, tmp_path: Path) -> str:
    """A new empty database on the engine of ``db_url`` (the PostgreSQL one emptied)."""
    if db_url.startswith("postgresql"):
        from tests.conftest import _reset_pg

        _reset_pg(db_url)
        return db_url
    return str(tmp_path / "copy.db")


def test_an_export_without_renderings_gets_them_a_batch_at_a_time(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export made before renderings were recorded: the import gives every assessment its
    rendering row, read and written a batch at a time, the rows one batch would give."""
    from tracker.store import assessments

    load_archive(db_url, crowded_decade().head(200))
    with open_tracker(db_url) as tracker:
        whole = json.loads(str(tracker.export()))
    older = {**whole, "tables": {k: v for k, v in whole["tables"].items() if k != "rendering"}}
    target = tmp_path / "older.json"
    target.write_text(json.dumps(older), encoding="utf-8")

    def imported(batch: int) -> list[tuple[object, ...]]:
        monkeypatch.setattr(assessments, "_RENDERING_BATCH", batch)
        (tmp_path / str(batch)).mkdir()
        with open_tracker(_emptied(db_url, tmp_path / str(batch))) as copy:
            counts = copy.import_(target)
            assert counts["rendering"] == counts["assessment"] == 200
            rows = json.loads(str(copy.export()))["tables"]["rendering"]
        columns = ("assessment_id", "origin", "url", "url_key", "text_key", "language")
        return sorted(tuple(r[c] for c in columns) for r in rows)

    in_batches = imported(7)
    assert [r[0] for r in in_batches] == [a["id"] for a in older["tables"]["assessment"]]
    assert in_batches == imported(10_000)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_import_streams_in_chunks_and_gives_the_same_archive(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    # small chunks and pieces: many chunks per table, rows split across pieces of the file
    monkeypatch.setattr(importer, "IMPORT_CHUNK", 333)
    monkeypatch.setattr(importer, "READ_BYTES", 1000)
    load_archive(db_url, crowded_decade())
    target = tmp_path / ("export.json" if fmt == "json" else "export")
    with open_tracker(db_url) as tracker:
        tracker.add(
            issue="New issue",
            week="2019-07-15",
            status="improved",
            headline="Potash",
            new_issue=True,
        )
        tracker.merge_issues("New issue", str(tracker.issues()["issue"].iloc[0]))
        whole = tracker.export()
        issues = tracker.issues()
        found = tracker.search("pressures", limit=50)
        tracker.export(target, fmt=fmt)
    url = _emptied(db_url, tmp_path)
    ticks: list[tuple[int, int, str]] = []
    with open_tracker(url) as copy:
        counts = copy.import_(target, progress=lambda *tick: ticks.append(tick))
        assert counts["assessment"] == len(crowded_decade()) + 1
        assert copy.export() == whole
        pd.testing.assert_frame_equal(copy.issues(), issues)
        pd.testing.assert_frame_equal(copy.search("pressures", limit=50), found)
        assert list(copy.search("potash")["headline"]) == ["Potash"]
        with copy.session() as session:  # the summaries were computed by the import
            kept = session.connection().exec_driver_sql("SELECT count(*) FROM issue_summary")
            assert kept.scalar() == counts["issue"]
    reads = [t for t in ticks if t[2] == "import"]
    assert len(reads) > 10 and reads[-1][0] == reads[-1][1] == importer.export_size(target)
    assert [d for d, _, _ in reads] == sorted(d for d, _, _ in reads)
    indexed = [t for t in ticks if t[2] == "search index"]
    assert indexed[-1][:2] == (counts["assessment"], counts["assessment"])


def test_json_import_reads_as_it_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows before a broken place are read (and written) before the break is reached:
    the file is never read whole."""
    monkeypatch.setattr(importer, "READ_BYTES", 512)
    load_archive(str(tmp_path / "a.db"), crowded_decade())
    with open_tracker(str(tmp_path / "a.db")) as tracker:
        text = tracker.export()
    assert isinstance(text, str)
    broken = tmp_path / "broken.json"
    broken.write_text(text[: len(text) // 2], encoding="utf-8")  # cut off mid-way
    events = importer.read_export(broken)
    first = [next(events) for _ in range(50)]
    assert first[0] == ("source", str(broken), None, None)
    assert sum(1 for e in first if e[3] is not None) >= 45
    with pytest.raises(InputError, match=r"broken\.json:\d+: not a tracker export"):
        for _ in events:
            pass


def _export_lines(db_url: str, tmp_path: Path) -> tuple[Path, list[str]]:
    load_archive(db_url, crowded_decade())
    target = tmp_path / "export.json"
    with open_tracker(db_url) as tracker:
        tracker.export(target)
    return target, target.read_text(encoding="utf-8").split("\n")


def _assert_nothing_stored(url: str) -> None:
    with open_tracker(url) as fresh, fresh.session() as session:
        connection = session.connection()
        for table in ("issue", "assessment", "assessment_fts", "search_pending", "source"):
            count = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
            assert count == 0, table


def test_a_bad_row_deep_in_the_file_names_its_line_and_stores_nothing(
    db_url: str, tmp_path: Path
) -> None:
    target, lines = _export_lines(db_url, tmp_path)
    # a row of the last thousand assessments: many chunks were written before it
    number = max(n for n, line in enumerate(lines) if '"week_start": "' in line) - 1000
    lines[number] = lines[number].replace('"week_start": "', '"week_start": "x', 1)
    target.write_text("\n".join(lines), encoding="utf-8")
    url = _emptied(db_url, tmp_path)
    with open_tracker(url) as fresh:
        start = max(n for n in range(number) if lines[n].strip() == "{") + 1  # the row's line
        with pytest.raises(InputError, match=rf"export\.json:{start}: .* bad week_start 'x"):
            fresh.import_(target)
    _assert_nothing_stored(url)


def test_an_inconsistent_row_names_its_line_on_postgresql(db_url: str, tmp_path: Path) -> None:
    target, lines = _export_lines(db_url, tmp_path)
    # the last assessment repeats the content hash of the first
    hashes = [n for n, line in enumerate(lines) if '"content_hash": "' in line]
    first = lines[hashes[0]].split('"content_hash": ')[1]
    lines[hashes[-1]] = lines[hashes[-1]].split('"content_hash": ')[0] + '"content_hash": ' + first
    target.write_text("\n".join(lines), encoding="utf-8")
    url = _emptied(db_url, tmp_path)
    with (
        open_tracker(url) as fresh,
        pytest.raises(InputError, match="the export is inconsistent") as caught,
    ):
        fresh.import_(target)
    if db_url.startswith("postgresql"):  # COPY names the row, so the message names its line
        start = max(n for n in range(hashes[-1]) if lines[n].strip() == "{") + 1
        assert f"export.json:{start}:" in str(caught.value)
    _assert_nothing_stored(url)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"x\.json:1: not a tracker export: expected '\{', found the end of the file"),
        ('{"format": "tracker-export", "version": 1, "tables": {"issue": [1]}}',
         r"x\.json:1: table 'issue' is not a list of objects"),
        ('{"version": 1, "tables": {}}', r"x\.json: not a tracker export \(no 'format'"),
        ('{"format": "tracker-export", "version": 7, "tables": {}}',
         r"unsupported export version 7"),
        ('{"format": "tracker-export", "version": 1}', r"the export has no 'tables'"),
        ('{"format": "tracker-export", "version": 1, "tables": {}}\n\n]',
         r"x\.json:3: not a tracker export: text after"),
        ('{"format": "tracker-export", "version": 1, "tables": {\n "assessment": [],\n'
         ' "issue": []}}', r"x\.json: table 'issue' comes again or after 'assessment'"),
        ('{"format": "tracker-export",\n "version": 1, "tables": {"issue": [\n{"id": 1,}]}}',
         r"x\.json:3: not a tracker export: Expecting property name"),
    ],
)  # fmt: skip
def test_json_that_is_no_export_gets_one_clear_line(
    tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "x.json").write_text(text, encoding="utf-8")
    with open_tracker(str(tmp_path / "t.db")) as fresh, pytest.raises(InputError, match=message):
        fresh.import_(tmp_path / "x.json")
    _assert_nothing_stored(str(tmp_path / "t.db"))


def test_import_command_fails_with_one_line_and_exit_1(tmp_path: Path) -> None:
    target, lines = _export_lines(str(tmp_path / "a.db"), tmp_path)
    target.write_text("\n".join(lines[: len(lines) // 2]), encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "b.db"), "import", str(target)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "export.json:" in result.output
    assert "not a tracker export" in result.output
    _assert_nothing_stored(str(tmp_path / "b.db"))
