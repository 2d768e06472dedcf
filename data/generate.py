#!/usr/bin/env python3
"""Rewrite the SYNTHETIC demo archive ``data/archive/`` and the register ``data/register.toml``.

The generator lives in the package (``tracker/demo/archive.py``, its invented texts in
``tracker/demo/texts.py``), so that ``tracker demo`` writes the same files from any install.
This script writes them here, into the checkout, and removes files of an older archive that
the generator no longer writes::

    python data/generate.py            # rewrite data/archive/ and data/register.toml
    python data/generate.py --out DIR  # write DIR/archive/ and DIR/register.toml instead

It runs without the project installed (only the standard library is used), and stops with a
list of problems, writing nothing, if a generated headline or lead would link to the wrong
issue under the register it writes, or carries a word a verdict vocabulary might take for a
verdict.  A test checks that the committed files equal what the generator writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the checkout's tracker/, installed or not

from tracker.demo.archive import check_items, render_archive, write_archive  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write (default: data/)")
    args = parser.parse_args(argv)
    demo = render_archive()
    problems = check_items(demo.items)
    if problems:
        print("generated text breaks the linking rules:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    write_archive(args.out, demo, replace=True)
    print(", ".join(f"{k}: {v}" for k, v in demo.counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
