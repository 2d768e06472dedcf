"""Standing checks: lint and types are part of the test suite, so CI runs them too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _tool(module: str) -> None:
    if shutil.which(module, path=str(Path(sys.executable).parent)) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[dev]')")


def test_ruff_is_clean() -> None:
    _tool("ruff")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "tracker", "tests", "bench", "data"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_on_the_package() -> None:
    _tool("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "tracker"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
