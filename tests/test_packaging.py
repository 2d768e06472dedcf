"""The distribution: its name, metadata, licence, single version, ``python -m tracker``, the
README's install lines, the changelog, and what ``python -m build`` puts in the sdist and the
wheel (built here without network, from a copy of the checkout's files; .ci/run builds with
isolation and installs the wheel into a fresh virtual environment)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import tracker
from tests.demo_fixture import REPO, tracker_script

PYPROJECT: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT: dict[str, Any] = PYPROJECT["project"]
VERSION = PROJECT["version"]

#: What the sdist must hold besides the package: what its tests read, lint or run.
SDIST_FOLDERS = ("tracker", "tests", "data", "notebooks", "bench")
SDIST_FILES = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "MANIFEST.in")


# --- name, version, metadata -----------------------------------------------------------------


def test_distribution_name_is_not_the_taken_one() -> None:
    # "tracker" on the package index is an unrelated project; the command and the import
    # package keep the name
    assert PROJECT["name"] == tracker.DISTRIBUTION == "bulletin-tracker"
    assert PROJECT["scripts"] == {"tracker": "tracker.cli:main"}
    assert metadata.distribution(tracker.DISTRIBUTION).read_text("top_level.txt") == "tracker\n"


def test_version_is_written_once() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION)
    assert tracker.__version__ == metadata.version("bulletin-tracker") == VERSION
    # nowhere in the package is a version written by hand
    literal = re.compile("[\"']" + re.escape(VERSION) + "[\"']")
    written = [
        str(path.relative_to(REPO))
        for path in (REPO / "tracker").rglob("*.py")
        if literal.search(path.read_text(encoding="utf-8"))
    ]
    assert written == []


def test_tracker_version_prints_the_installed_version() -> None:
    proc = run([str(tracker_script()), "--version"])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"tracker {VERSION}\n"


def test_license_is_an_spdx_expression_with_its_file() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert re.search(r"^Copyright \(c\) \d{4} the tracker developers$", text, flags=re.M)
    assert 'THE SOFTWARE IS PROVIDED "AS IS"' in text
    # a licence classifier beside an SPDX expression is an error for the package index
    assert [c for c in PROJECT["classifiers"] if c.startswith("License ::")] == []
    requires = PYPROJECT["build-system"]["requires"]
    assert requires == ["setuptools>=77"]  # the first setuptools that takes PEP 639 fields


def test_classifiers_exist_and_match_requires_python() -> None:
    from trove_classifiers import classifiers

    assert [c for c in PROJECT["classifiers"] if c not in classifiers] == []
    minimum = re.fullmatch(r">=3\.(\d+)", PROJECT["requires-python"])
    assert minimum
    versions = [
        int(m[1])
        for c in PROJECT["classifiers"]
        if (m := re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", c))
    ]
    assert versions and min(versions) == int(minimum[1])
    assert "Typing :: Typed" in PROJECT["classifiers"]
    assert (REPO / "tracker" / "py.typed").is_file()
    assert len(PROJECT["keywords"]) >= 5


def test_installed_metadata() -> None:
    meta = metadata.metadata("bulletin-tracker")
    assert meta["Name"] == "bulletin-tracker"
    assert meta["Version"] == VERSION
    assert meta["Summary"] == PROJECT["description"]
    assert meta["Requires-Python"] == ">=3.11"


# --- python -m tracker ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["demo", "--help"], ["parse", "/nonexistent/page.txt"]],
    ids=["help", "version", "demo-help", "bad-file"],
)
def test_python_m_tracker_is_the_command(args: list[str]) -> None:
    script = run([str(tracker_script()), *args])
    module = run([sys.executable, "-m", "tracker", *args])
    assert (module.returncode, module.stdout, module.stderr) == (
        script.returncode,
        script.stdout,
        script.stderr,
    )
    if args == ["--help"]:
        assert script.returncode == 0 and script.stdout.startswith("Usage: tracker ")
    if args[0] == "parse":
        assert script.returncode == 1 and "/nonexistent/page.txt" in script.stderr


# --- README and CHANGELOG ---------------------------------------------------------------------


def test_readme_installs_the_distribution_by_its_name() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    installs = re.findall(r"\b(pipx? install(?: --user)?(?: -q)?) ([^\s`]+)", readme)
    # what is installed by name (not an option, not a path)
    named = {t for _, t in installs if not t.startswith(("-", ".")) and "/" not in t}
    assert named == {"bulletin-tracker"}, installs
    commands = {command for command, target in installs if target == "bulletin-tracker"}
    assert {"pipx install", "pip install"} <= commands
    # a built wheel by its file name, which the build normalises to bulletin_tracker-*
    wheels = [t for _, t in installs if t.endswith(".whl")]
    assert wheels == ["dist/bulletin_tracker-*.whl"]
    assert not re.search(r"pipx? install tracker\b", readme)


def test_changelog_says_what_each_version_brought() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", text, flags=re.M)
    assert headings[0] == ("Unreleased", "")
    released = [version for version, day in headings[1:] if day]
    assert released and released[0] == VERSION, headings
    assert released[-1] == "0.1.0"
    # every release says something, under Keep a Changelog's kinds of change
    for version in released:
        section = text.split(f"## [{version}]", 1)[1].split("\n## [", 1)[0]
        kinds = re.findall(r"^### (\w+)$", section, flags=re.M)
        assert kinds and set(kinds) <= {
            "Added",
            "Changed",
            "Deprecated",
            "Removed",
            "Fixed",
            "Security",
        }, version
        assert len(re.findall(r"^- ", section, flags=re.M)) >= 3, version


# --- what the build puts where ------------------------------------------------------------------


def source_files() -> list[str]:
    """The checkout's files as git knows them (tracked, or new and not ignored), that exist."""
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout: the sdist's file list is checked against git's")
    proc = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    return sorted({name for name in proc.stdout.split("\0") if name and (REPO / name).is_file()})


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """``python -m build`` (sdist, then the wheel from the sdist) on a copy of the checkout's
    files, without isolation (the dev extra has setuptools and build): (sdist, wheel, output)."""
    files = source_files()
    root = tmp_path_factory.mktemp("build")
    source, dist = root / "src", root / "dist"
    for name in files:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    proc = run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(source)],
        env=env,
        timeout=300,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    return sdist, wheel, output


@pytest.mark.slow
def test_build_prints_no_warning(built: tuple[Path, Path, str]) -> None:
    sdist, wheel, output = built
    assert sdist.name == f"bulletin_tracker-{VERSION}.tar.gz"
    assert wheel.name == f"bulletin_tracker-{VERSION}-py3-none-any.whl"
    warnings = [line for line in output.splitlines() if re.search(r"warn|deprecat", line, re.I)]
    assert warnings == []


@pytest.mark.slow
def test_sdist_holds_what_its_tests_need(built: tuple[Path, Path, str]) -> None:
    sdist, _, _ = built
    top = f"bulletin_tracker-{VERSION}/"
    with tarfile.open(sdist) as archive:
        names = {m.name.removeprefix(top) for m in archive.getmembers() if m.isfile()}
    needed = [
        name
        for name in source_files()
        if name.split("/", 1)[0] in SDIST_FOLDERS or name in SDIST_FILES
    ]
    assert len(needed) > 1400
    assert [name for name in needed if name not in names] == []
    assert [name for name in names if "__pycache__" in name or name.endswith(".pyc")] == []


@pytest.mark.slow
def test_wheel_holds_the_package_and_its_metadata(built: tuple[Path, Path, str]) -> None:
    _, wheel, _ = built
    info = f"bulletin_tracker-{VERSION}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta = Parser().parsestr(archive.read(f"{info}/METADATA").decode("utf-8"))
        entry_points = archive.read(f"{info}/entry_points.txt").decode("utf-8")
        license_text = archive.read(f"{info}/licenses/LICENSE").decode("utf-8")
    package = sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "tracker").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    assert [name for name in package if name not in names] == []
    # the package, its metadata and nothing else: no tests, no demo data beside it
    assert {name.split("/", 1)[0] for name in names} == {"tracker", info}
    assert "tracker/demo/archive.py" in names and "tracker/py.typed" in names
    assert meta["Name"] == "bulletin-tracker" and meta["Version"] == VERSION
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    assert meta["Requires-Python"] == ">=3.11"
    assert meta["Description-Content-Type"] == "text/markdown"
    assert set(meta.get_all("Classifier") or []) == set(PROJECT["classifiers"])
    assert "tracker = tracker.cli:main" in entry_points
    assert license_text == (REPO / "LICENSE").read_text(encoding="utf-8")


def run(
    argv: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    base = dict(os.environ if env is None else env)
    base["COLUMNS"] = "100"
    base.pop("TRACKER_VOCAB", None)
    return subprocess.run(
        argv, cwd=cwd, env=base, capture_output=True, text=True, timeout=timeout, check=False
    )
