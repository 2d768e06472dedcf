"""The export streams its rows (tracker/store/transfer.py) and writes exactly what the whole
export as one JSON value would be; the CSV folder has every row; both round-trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from tests.archives import crowded_decade, load_archive
from tracker import open_tracker
from tracker.cli import app
from tracker.store import transfer


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
