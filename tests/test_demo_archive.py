"""The demo archive generator inside the package (tracker/demo/archive.py): it writes exactly
the committed ``data/archive`` and ``data/register.toml``, keeps its own linking rules, never
mixes its files with someone else's, and ``data/generate.py`` runs on the standard library."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.demo_fixture import DATA, data_files
from tracker.cli import app
from tracker.demo.archive import (
    ARCHIVE,
    REGISTER,
    check_items,
    render_archive,
    write_archive,
)
from tracker.demo.texts import ISSUES
from tracker.errors import InputError


@pytest.fixture(scope="module")
def committed() -> dict[str, bytes]:
    files = data_files(DATA)
    assert len(files) > 1000, "data/archive is missing or nearly empty"
    return files


def differences(written: dict[str, bytes], committed: dict[str, bytes]) -> list[str]:
    problems = [f"missing {n}" for n in sorted(committed.keys() - written.keys())]
    problems += [f"extra {n}" for n in sorted(written.keys() - committed.keys())]
    problems += [
        f"differs {n}"
        for n in sorted(committed.keys() & written.keys())
        if written[n] != committed[n]
    ]
    return problems


def test_the_package_writes_the_committed_archive_byte_for_byte(
    tmp_path: Path, committed: dict[str, bytes]
) -> None:
    demo = write_archive(tmp_path)
    assert differences(data_files(tmp_path), committed) == []
    assert set(demo.files) == set(committed)
    assert demo.counts["commentaries"] == len(demo.items) > 1500


def test_rendering_is_deterministic() -> None:
    assert render_archive().files == render_archive().files


def test_generated_text_keeps_the_linking_rules() -> None:
    items = render_archive().items
    assert check_items(items) == []
    # the check can fail: a headline that names another issue's subject is reported
    other = next(spec for spec in ISSUES if spec.key != items[0].issue.key)
    items[
        0
    ].headline = f"{items[0].headline} and {other.aliases[0] if other.aliases else other.name}"
    problems = check_items(items)
    assert problems and problems[0].startswith(f"{items[0].issue.key}: headline also matches")


def test_writing_again_restores_the_demo_files(tmp_path: Path, committed: dict[str, bytes]) -> None:
    write_archive(tmp_path)
    edited = tmp_path / REGISTER
    edited.write_text("# edited by a user\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("beside the archive, not in it\n", encoding="utf-8")
    write_archive(tmp_path)
    assert differences(data_files(tmp_path), committed) == []
    assert (tmp_path / "notes.txt").is_file()  # outside archive/: left alone


def test_someone_elses_file_in_the_archive_stops_the_demo(tmp_path: Path) -> None:
    out, db = tmp_path / "tracker-demo", tmp_path / "demo.db"
    mine = out / ARCHIVE / "pages" / "mine.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("my own page\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["demo", "--demo-db", str(db), "--out", str(out)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(mine) in lines[0] and "did not write" in lines[0]
    assert "Traceback" not in result.output
    # nothing written, nothing removed
    assert [p for p in out.rglob("*") if p.is_file()] == [mine]
    assert not db.exists()


def test_the_error_counts_the_other_files(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        path = tmp_path / ARCHIVE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.txt and 2 more\)"):
        write_archive(tmp_path)


def test_an_unwritable_folder_is_one_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "tracker-demo"
    out.write_text("a file where the demo's folder would go\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["demo", "--demo-db", str(tmp_path / "demo.db"), "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert str(out) in lines[0] and "cannot write the demo archive" in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "demo.db").exists()


def test_replace_removes_an_older_archives_files(
    tmp_path: Path, committed: dict[str, bytes]
) -> None:
    old = tmp_path / ARCHIVE / "pages" / "2020" / "2020-12-28-gone.txt"
    old.parent.mkdir(parents=True)
    old.write_text("a page the generator no longer writes\n", encoding="utf-8")
    write_archive(tmp_path, replace=True)
    assert differences(data_files(tmp_path), committed) == []
    assert not old.parent.exists()  # its emptied folder too


def test_generate_script_needs_only_the_standard_library(
    tmp_path: Path, committed: dict[str, bytes]
) -> None:
    # -S: no site-packages (no pandas, no SQLAlchemy, not even an installed tracker)
    proc = subprocess.run(
        [sys.executable, "-S", str(DATA / "generate.py"), "--out", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"commentaries: {render_archive().counts['commentaries']}," in proc.stderr
    assert differences(data_files(tmp_path), committed) == []
