"""One run of ``tracker demo`` per test session, shared by tests/test_demo.py and
tests/test_notebooks.py (the demo ingests a whole archive and takes 15–40 s).

``demo_run`` is a checkout's way: ``tracker demo --data <checkout>/data`` run in-process
(Typer's runner) in a session temp folder, so that it writes ``<folder>/tracker-demo.db`` and
``<folder>/tracker-demo/`` as the README's first command would.  A second run of the demo in
the same folder is ``demo_second_run``: the README's command, ``tracker demo``, as a real
subprocess, which writes the built-in archive into ``<folder>/tracker-demo/archive`` and
ingests that, as from any install.  tests/test_demo.py uses the pair for "a second run gives
the same database", "the built-in archive gives the same database as the checkout's data/"
and "the README's quick start runs", so the suite pays for two demo runs, not four.

Bring a fixture into a test module by name (an assignment, so that a test's parameter of the
same name is not a redefinition for the linter)::

    from tests import demo_fixture

    demo_run = demo_fixture.demo_run

Pytest registers a fixture imported into two modules as two fixtures, each "session-scoped"
within its module; the results are therefore kept in :data:`_RUNS`, so the demo still runs once
per session whichever modules ask for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

#: Where ``tracker demo`` without ``--data`` writes its archive, relative to its working folder.
DEMO_DATA = Path("tracker-demo")

#: Fields that record when (or in which batch) something was written: they differ between
#: two runs by design and are left out when two databases are compared.
VOLATILE_FIELDS = frozenset({"ingested_at", "created_at", "updated_at", "at", "batch"})


@dataclass(frozen=True)
class DemoRun:
    """Where a demo run wrote its files, and what it printed."""

    folder: Path
    db: Path
    out: Path
    exit_code: int
    stdout: str
    stderr: str


def data_files(folder: Path) -> dict[str, bytes]:
    """Every file of a demo data folder (``archive/`` and ``register.toml``), by path relative
    to the folder."""
    paths = [*(folder / "archive").rglob("*"), folder / "register.toml"]
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths if p.is_file()}


def tracker_script() -> Path:
    """The ``tracker`` console script installed beside the running interpreter."""
    return Path(sys.executable).with_name("tracker")


def isolated_env(folder: Path) -> dict[str, str]:
    """The environment for a subprocess: no user database or vocabulary leaks in."""
    env = dict(os.environ)
    env.pop("TRACKER_VOCAB", None)
    env["TRACKER_DB"] = str(folder / "default.db")
    env["COLUMNS"] = "200"
    return env


def database_content(db: Path, data: Path | None = None) -> dict[str, Any]:
    """Everything in a database (``tracker export`` JSON) minus timestamps and batch ids.

    With ``data``, the demo data folder the database was built from (as the demo was given it),
    file names in text (an assessment's ``origin``, an audit note's register file) are written
    relative to it (``archive/pages/2022/…``), so that databases built from two copies of the
    demo data compare equal.
    """
    from tracker import open_tracker

    tracker = open_tracker(str(db))
    try:
        text = tracker.export()
    finally:
        tracker.close()
    assert isinstance(text, str)
    data_prefix = f"{data}/" if data is not None else None

    def relative(value: Any) -> Any:
        if data_prefix and isinstance(value, str):
            return value.replace(data_prefix, "")
        return value

    return {
        name: [{k: relative(v) for k, v in row.items() if k not in VOLATILE_FIELDS} for row in rows]
        for name, rows in json.loads(text)["tables"].items()
    }


#: The session's demo runs, by fixture name, keyed by the session's temp root.
_RUNS: dict[tuple[str, Path], Any] = {}


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """``tracker demo --demo-db <folder>/tracker-demo.db --out <folder>/tracker-demo``, once."""
    key = ("demo_run", tmp_path_factory.getbasetemp())
    if key not in _RUNS:
        _RUNS[key] = first_run(tmp_path_factory)
    run: DemoRun = _RUNS[key]
    return run


_EXPORTS: dict[Path, Path] = {}  # demo database -> its export


def import_demo(run: DemoRun, db_url: str) -> None:
    """Copy the demo's database into ``db_url`` (either engine) through ``tracker export`` and
    ``tracker import``; the export is written once per demo run, in a folder of its own."""
    import tempfile

    from tracker.api import open_tracker

    exported = _EXPORTS.get(run.db)
    if exported is None:
        exported = Path(tempfile.mkdtemp(prefix="tracker-demo-export-")) / "demo.json"
        with open_tracker(str(run.db)) as demo:
            demo.export(exported)
        _EXPORTS[run.db] = exported
    with open_tracker(db_url) as tracker:
        tracker.import_(exported)


def first_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    from typer.testing import CliRunner

    from tracker.cli import app

    folder = tmp_path_factory.mktemp("demo")
    db, out = folder / "tracker-demo.db", folder / "tracker-demo"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        mp.delenv("TRACKER_VOCAB", raising=False)
        mp.setenv("TRACKER_DB", str(folder / "default.db"))
        mp.setenv("COLUMNS", "200")
        result = CliRunner().invoke(app, ["demo", "--data", str(DATA)], catch_exceptions=False)
    return DemoRun(folder, db, out, result.exit_code, result.stdout, result.stderr)


@dataclass(frozen=True)
class SecondRun:
    """The demo run again, by its console script, in the first run's folder, on the archive it
    writes there; ``before`` and ``after`` are the database's content after each run, file names
    relative to the demo data folder (see :func:`database_content`)."""

    argv: tuple[str, ...]
    run: DemoRun
    before: dict[str, Any]
    after: dict[str, Any]


@pytest.fixture(scope="session")
def demo_second_run(demo_run: DemoRun) -> SecondRun:
    """Run ``tracker demo`` (defaults: ./tracker-demo.db, ./tracker-demo/) in the folder the
    first run wrote to, as a user repeating the README's first command would; snapshot the
    database content before and after."""
    key = ("demo_second_run", demo_run.folder)
    if key not in _RUNS:
        _RUNS[key] = second_run(demo_run)
    result: SecondRun = _RUNS[key]
    return result


def second_run(demo_run: DemoRun) -> SecondRun:
    assert demo_run.exit_code == 0, demo_run.stdout + demo_run.stderr
    before = database_content(demo_run.db, DATA)
    argv = (str(tracker_script()), "demo")
    proc = subprocess.run(
        argv,
        cwd=demo_run.folder,
        env=isolated_env(demo_run.folder),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    run = DemoRun(
        demo_run.folder, demo_run.db, demo_run.out, proc.returncode, proc.stdout, proc.stderr
    )
    after = database_content(demo_run.db, DEMO_DATA) if proc.returncode == 0 else {}
    return SecondRun(argv, run, before, after)
