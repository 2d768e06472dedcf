"""The analyst notebooks run top to bottom on the demo database, and git holds them clean.

Each notebook is executed with nbclient in a Python kernel of this interpreter (the venv's
``python3`` kernelspec, or one made in a temp folder if that is missing or points at another
Python), with ``TRACKER_DEMO_DB`` set to the session's demo database and
``TRACKER_NOTEBOOK_OUT`` to a temp folder; the checks look at what the cells printed, drew and
wrote.  The committed notebooks must carry no outputs and be exactly what
``notebooks/build_notebooks.py`` writes.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests import demo_fixture
from tests.demo_fixture import REPO, DemoRun

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (dev extra)")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (dev extra)")

pytestmark = [
    pytest.mark.slow,
    # jupyter/zmq machinery warnings that say nothing about the notebooks
    pytest.mark.filterwarnings("ignore::DeprecationWarning:traitlets.*"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:nbclient.*"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:jupyter_core.*"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]

demo_run = demo_fixture.demo_run

NOTEBOOKS = REPO / "notebooks"
NAMES = ["01_issue_history.ipynb", "02_section_trends.ipynb"]
CELL_TIMEOUT = 300


def runs_this_python(argv: list[str]) -> bool:
    """Whether a kernelspec's command starts this interpreter (jupyter_client swaps a bare
    ``python``/``python3``/``python3.X`` for ``sys.executable``)."""
    bare = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info)}
    if not argv:
        return False
    if argv[0] in bare:
        return True
    return os.path.abspath(argv[0]) == os.path.abspath(sys.executable)


@pytest.fixture(scope="session")
def kernel_specs(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A KernelSpecManager whose ``python3`` kernel runs this interpreter."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    if importlib.util.find_spec("ipykernel") is None:
        pytest.skip("ipykernel is not installed: no Python kernel to run the notebooks")
    manager = KernelSpecManager()
    try:
        spec = manager.get_kernel_spec("python3")
    except NoSuchKernel:
        spec = None
    if spec is not None and runs_this_python(list(spec.argv)):
        return manager
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("jupyter")
    install(prefix=str(prefix))  # writes <prefix>/share/jupyter/kernels/python3 for sys.executable
    manager = KernelSpecManager(kernel_dirs=[str(prefix / "share" / "jupyter" / "kernels")])
    spec = manager.get_kernel_spec("python3")
    if not runs_this_python(list(spec.argv)):
        pytest.skip(f"no python3 kernel for {sys.executable} (kernelspec runs {spec.argv[0]})")
    return manager


def execute(
    name: str, demo: DemoRun, kernel_specs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, Path]:
    """Run one notebook top to bottom; return it with its outputs, and its output folder."""
    from jupyter_client.manager import AsyncKernelManager

    assert demo.exit_code == 0, demo.stdout + demo.stderr
    out = tmp_path / "out"
    out.mkdir()
    work = tmp_path / "work"  # the kernel's working folder: no tracker-demo.db here
    work.mkdir()
    monkeypatch.setenv("TRACKER_DEMO_DB", str(demo.db))
    monkeypatch.setenv("TRACKER_NOTEBOOK_OUT", str(out))
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        km=AsyncKernelManager(kernel_name="python3", kernel_spec_manager=kernel_specs),
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(work)}},
    )
    # the kernel manager is ours, so ask nbclient to shut the kernel down and close its sockets
    client.execute(cleanup_kc=True)
    return nb, out


def code_cells(nb: Any) -> list[Any]:
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def outputs_of(cell: Any, kind: str) -> list[Any]:
    """The cell's outputs that carry MIME type ``kind`` (or stream name, for streams)."""
    found = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream" and output.name == kind:
            found.append(output.text)
        elif kind in output.get("data", {}):
            found.append(output.data[kind])
    return found


def cell_with(nb: Any, source: str) -> Any:
    matches = [cell for cell in code_cells(nb) if source in cell.source]
    assert len(matches) == 1, f"{len(matches)} code cells contain {source!r}"
    return matches[0]


def assert_ran_cleanly(nb: Any) -> None:
    for number, cell in enumerate(code_cells(nb), start=1):
        assert cell.execution_count is not None, f"code cell {number} did not run"
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert errors == [], f"code cell {number} raised {errors[0].ename}: {errors[0].evalue}"
        # no warnings (pandas FutureWarnings, matplotlib layout warnings …) in front of an analyst
        stderr = outputs_of(cell, "stderr")
        assert stderr == [], f"code cell {number} wrote to stderr:\n{''.join(stderr)[:2000]}"


def check_png(data: bytes, name: str) -> None:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 300 and height >= 200, (name, width, height)


def test_issue_history_notebook(
    demo_run: DemoRun, kernel_specs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import open_tracker

    nb, _ = execute("01_issue_history.ipynb", demo_run, kernel_specs, tmp_path, monkeypatch)
    assert_ran_cleanly(nb)

    tracker = open_tracker(str(demo_run.db))
    try:
        issues, assessments = tracker.issues(), tracker.assessments()
    finally:
        tracker.close()
    printed = "".join(outputs_of(cell_with(nb, "issues = t.issues()"), "stdout"))
    assert printed.strip() == f"{len(issues)} issues, {len(assessments):,} assessments"

    # the search for "peacekeeping" finds the peacekeeping issue, and the notebook follows it
    chosen = outputs_of(cell_with(nb, "ISSUE = hits"), "text/plain")
    assert chosen == ["'Belarus UN peacekeeping'"]
    peacekeeping = assessments[assessments["issue"] == "Belarus UN peacekeeping"]
    printed = "".join(outputs_of(cell_with(nb, "history = t.history(ISSUE)"), "stdout"))
    assert printed.startswith(f"{len(peacekeeping)} assessments from ")

    # DataFrames shown as tables, charts drawn as images
    tables = [cell for cell in code_cells(nb) if outputs_of(cell, "text/html")]
    assert len(tables) >= 6
    for source in ("figure_issue_timeline(history", "both = Figure("):
        images = outputs_of(cell_with(nb, source), "image/png")
        assert len(images) == 1, source
        check_png(base64.b64decode(images[0]), source)
    week = outputs_of(cell_with(nb, "t.week(when)"), "text/html")
    assert len(week) == 1 and "Belarus UN peacekeeping" in week[0]


def test_section_trends_notebook(
    demo_run: DemoRun, kernel_specs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb, out = execute("02_section_trends.ipynb", demo_run, kernel_specs, tmp_path, monkeypatch)
    assert_ran_cleanly(nb)

    coverage = outputs_of(cell_with(nb, "a = t.assessments()"), "text/html")
    assert len(coverage) == 1
    for section in ("Security issues", "Economy", "Foreign policy", "Domestic politics"):
        assert section in coverage[0]
    for source in ("figure_section_balance(", "figure_small_multiples("):
        images = outputs_of(cell_with(nb, source), "image/png")
        assert len(images) == 1, source
        check_png(base64.b64decode(images[0]), source)

    # the exported chart and report are in TRACKER_NOTEBOOK_OUT, and nowhere else
    assert {"security-balance.png", "security-balance.svg", "security.html"} <= {
        p.name for p in out.iterdir()
    }
    assert list((tmp_path / "work").iterdir()) == []
    check_png((out / "security-balance.png").read_bytes(), "security-balance.png")
    svg = ET.parse(out / "security-balance.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    html = (out / "security.html").read_text(encoding="utf-8")
    assert "Security issues: weekly balance" in html
    images = re.findall(r"""\bsrc\s*=\s*["']([^"']*)["']""", html)
    assert images and all(src.startswith("data:image/") for src in images)
    listed = "".join(outputs_of(cell_with(nb, "written = write_report("), "text/plain"))
    assert "security.html" in listed


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_has_no_outputs(name: str) -> None:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    cells = code_cells(nb)
    assert cells
    dirty = [n for n, c in enumerate(cells, 1) if c.outputs or c.execution_count is not None]
    assert dirty == [], f"{name}: code cells {dirty} carry outputs; strip them before committing"
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_matches_its_builder(name: str) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_notebooks", NOTEBOOKS / "build_notebooks.py"
    )
    assert spec and spec.loader
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    build = {NAMES[0]: builder.issue_history, NAMES[1]: builder.section_trends}[name]
    built = json.loads(nbformat.writes(build()))
    committed = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    assert committed == built, f"run `python notebooks/build_notebooks.py` to refresh {name}"
