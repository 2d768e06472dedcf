"""Writing figures to files: the format follows the file's extension."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from tracker.charts.style import chart_style
from tracker.errors import InputError

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

__all__ = ["FORMATS", "write_figure"]


def write_figure(fig: Figure, path: Path, *, dpi: int = 150) -> Path:
    """Save ``fig`` as PNG, SVG or PDF according to ``path``'s extension; return the path.

    Raises :class:`~tracker.errors.InputError` for any other extension or a bad dpi.  Missing
    parent folders are created.  SVG and PDF output carries no creation date, so the same data
    gives the same file.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        shown = path.suffix or "no extension"
        raise InputError(
            f"cannot write a chart as {shown!r}",
            path=str(path),
            hint="end the file name in .png, .svg or .pdf",
        )
    if not 30 <= dpi <= 1200:
        raise InputError(f"dpi {dpi} is out of range", hint="use a value from 30 to 1200")
    metadata: dict[str, str | None] = {"Creator": "tracker"}
    if fmt == "pdf":
        metadata["CreationDate"] = None
    elif fmt == "svg":
        metadata["Date"] = None
    # Cell images use interpolation "none": vector files embed the raw grid, crisp at any
    # zoom.  Agg would then resample with its slower path, so raster output uses "nearest",
    # which draws the same cells.
    images = [im for ax in fig.axes for im in ax.images if im.get_interpolation() == "none"]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "png":
            for image in images:
                image.set_interpolation("nearest")
        with chart_style():
            extra: dict[str, Any] = {"pil_kwargs": {"compress_level": 3}} if fmt == "png" else {}
            fig.savefig(path, format=fmt, dpi=dpi, metadata=metadata, **extra)
    except OSError as exc:
        raise InputError(f"cannot write the chart: {exc.strerror or exc}", path=str(path)) from exc
    finally:
        for image in images:
            image.set_interpolation("none")
    return path
