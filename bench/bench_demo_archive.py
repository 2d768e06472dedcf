"""The demo archive from inside the package: generated (what ``tracker demo`` does) against
shipped as package data (the alternative), by time and by size.

Cases, each the best of ``--repeat`` runs, wall and CPU seconds of this process:

- ``render``: :func:`tracker.demo.archive.render_archive`, the files in memory;
- ``generate + write``: :func:`tracker.demo.archive.write_archive` into a fresh folder (what
  ``tracker demo`` pays before ingesting);
- baseline ``copy``: ``shutil.copytree`` of the committed ``data/archive`` and
  ``data/register.toml`` into a fresh folder (what ``tracker demo`` would pay with the archive
  shipped as package data).

Sizes: the archive's bytes and files, and how much each choice adds to the wheel (a zip
archive, deflated as wheels are) and to an install.

    .venv/bin/python bench/bench_demo_archive.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from tracker.demo import archive as demo_archive
from tracker.demo import texts as demo_texts
from tracker.demo.archive import render_archive, write_archive

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def best(repeat: int, work: Callable[[Path], object]) -> tuple[float, float]:
    """The best wall time of ``repeat`` runs of ``work(fresh folder)``, and its CPU time."""
    timings = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as folder:
            cpu0, wall0 = time.process_time(), time.perf_counter()
            work(Path(folder))
            timings.append((time.perf_counter() - wall0, time.process_time() - cpu0))
    return min(timings)


def copy_data(folder: Path) -> None:
    shutil.copytree(DATA / "archive", folder / "archive")
    shutil.copy2(DATA / "register.toml", folder / "register.toml")


def deflated(paths: list[Path]) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in paths:
            zipped.write(path, path.relative_to(REPO).as_posix())
    return len(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cases = [
        ("render (in memory)", lambda _: render_archive()),
        ("generate + write", write_archive),
        ("baseline: copy package data", copy_data),
    ]
    results = [(name, *best(args.repeat, work)) for name, work in cases]
    base = results[-1][1]
    print(f"{'case':<30} {'wall s':>8} {'cpu s':>8} {'x copy':>8}")
    for name, wall, cpu in results:
        print(f"{name:<30} {wall:8.3f} {cpu:8.3f} {wall / base:8.2f}")

    data = sorted(p for p in (DATA / "archive").rglob("*") if p.is_file())
    data.append(DATA / "register.toml")
    sources = [Path(m.__file__ or "") for m in (demo_archive, demo_texts)]
    raw = sum(p.stat().st_size for p in data)
    print()
    print(f"archive: {len(data)} files, {raw / 1e6:.2f} MB")
    print(f"{'choice':<30} {'in the wheel':>14} {'installed':>14}")
    print(
        f"{'generator (archive.py, texts.py)':<30} {deflated(sources) / 1e3:11.0f} kB "
        f"{sum(p.stat().st_size for p in sources) / 1e3:11.0f} kB"
    )
    print(f"{'archive as package data':<30} {deflated(data) / 1e3:11.0f} kB {raw / 1e3:11.0f} kB")


if __name__ == "__main__":
    main()
