"""Place annotation labels so that they never overlap each other or the data markers.

:func:`place_boxes` is the algorithm, on plain rectangles in display pixels, so it can be tested
alone: labels are taken in priority order; each tries candidate positions (above or below its
point — its preferred side first — at growing distances, centred or shifted left/right) and takes
the first one that lies inside the plotting area and clears every box already placed and every
obstacle.  A label with no free position is dropped rather than drawn over another one.

:class:`LabelLayer` runs it at draw time, with the renderer that draws the figure, so the layout
holds for any size, dpi or output format (PNG, SVG, PDF) and after the layout engine has moved
the axes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.text import Annotation, Text

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels

__all__ = ["LabelLayer", "boxes_overlap", "place_boxes", "segments_cross"]


def boxes_overlap(a: Box, b: Box, pad: float = 0.0) -> bool:
    """True if rectangles ``a`` and ``b`` (grown by ``pad`` on every side) intersect."""
    return not (
        a[2] + pad <= b[0] or b[2] + pad <= a[0] or a[3] + pad <= b[1] or b[3] + pad <= a[1]
    )


def _candidates(
    x: float, y: float, w: float, h: float, side: int, gap: float, levels: int
) -> list[Box]:
    """Candidate boxes around (x, y), nearest first; the preferred side wins ties."""
    scored: list[tuple[float, Box]] = []
    shifts = (-w / 2, -w * 0.15, -w * 0.85, gap * 0.5, -w - gap * 0.5, -2 * w - gap, w + gap)
    for level in range(levels):
        for s in (side, -side):
            lift = gap + level * (h + gap * 0.6)
            y0 = y + lift if s > 0 else y - lift - h
            for dx in shifts:
                box = (x + dx, y0, x + dx + w, y0 + h)
                cx, cy = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
                distance = float(np.hypot(cx - x, cy - y)) * (1.0 if s == side else 1.35)
                scored.append((distance, box))
    scored.sort(key=lambda item: item[0])
    return [box for _, box in scored]


def _leader(x: float, y: float, box: Box) -> tuple[float, float, float, float]:
    """The leader line from the anchor to the nearest point of its box."""
    return x, y, min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])


def segment_hits_box(seg: tuple[float, float, float, float], box: Box) -> bool:
    """True if the segment crosses the rectangle (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = seg
    dx, dy = x1 - x0, y1 - y0
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return hi - lo > 1e-9


def segments_cross(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> bool:
    """True if segments ``a`` and ``b`` cross at a point inside both (touching ends or
    collinear overlap do not count: two leaders from one marker may meet there)."""

    def side(px: float, py: float, qx: float, qy: float, rx: float, ry: float) -> float:
        return (qx - px) * (ry - py) - (qy - py) * (rx - px)

    d1 = side(b[0], b[1], b[2], b[3], a[0], a[1])
    d2 = side(b[0], b[1], b[2], b[3], a[2], a[3])
    d3 = side(a[0], a[1], a[2], a[3], b[0], b[1])
    d4 = side(a[0], a[1], a[2], a[3], b[2], b[3])
    return d1 * d2 < 0 and d3 * d4 < 0


def place_boxes(
    anchors: npt.ArrayLike,
    sizes: npt.ArrayLike,
    sides: Sequence[int],
    bounds: Box,
    *,
    obstacles: npt.ArrayLike | None = None,
    gap: float = 8.0,
    pad: float = 2.0,
    levels: int = 6,
) -> list[Box | None]:
    """For each label (in priority order) a free box ``(x0, y0, x1, y1)``, or None if dropped.

    ``anchors``: (n, 2) points the labels belong to; ``sizes``: (n, 2) widths and heights;
    ``sides``: +1 to prefer above the point, -1 below; ``bounds``: the area labels must stay in;
    ``obstacles``: (m, 4) boxes to keep clear (markers).  All in the same pixel units.
    A box is free when it is inside ``bounds``, clear (by ``pad``) of every placed box and
    obstacle, its leader line crosses no placed box and no other leader, and no placed leader
    crosses it.
    """
    pts = np.asarray(anchors, dtype=float).reshape(-1, 2)
    dims = np.asarray(sizes, dtype=float).reshape(-1, 2)
    blocked = (
        np.asarray(obstacles, dtype=float).reshape(-1, 4)
        if obstacles is not None
        else np.zeros((0, 4))
    )
    placed: list[Box] = []
    leaders: list[tuple[float, float, float, float]] = []
    result: list[Box | None] = []
    bx0, by0, bx1, by1 = bounds
    for (x, y), (w, h), side in zip(pts, dims, sides, strict=True):
        chosen: Box | None = None
        for box in _candidates(x, y, w, h, 1 if side >= 0 else -1, gap, levels):
            if box[0] < bx0 or box[1] < by0 or box[2] > bx1 or box[3] > by1:
                continue
            if any(boxes_overlap(box, other, pad) for other in placed):
                continue
            if len(blocked) and bool(
                np.any(
                    (box[0] < blocked[:, 2])
                    & (blocked[:, 0] < box[2])
                    & (box[1] < blocked[:, 3])
                    & (blocked[:, 1] < box[3])
                )
            ):
                continue
            leader = _leader(x, y, box)
            if any(segment_hits_box(leader, other) for other in placed):
                continue
            if any(segment_hits_box(line, box) for line in leaders):
                continue
            if any(segments_cross(leader, line) for line in leaders):
                continue
            chosen = box
            break
        result.append(chosen)
        if chosen is not None:
            placed.append(chosen)
            leaders.append(_leader(x, y, chosen))
    return result


def _dpi(renderer: RendererBase) -> float:
    return float(getattr(renderer, "dpi", 72.0))


class LabelLayer(Artist):
    """Positions a set of annotations (already added to ``ax``) each time the axes are drawn.

    ``points`` are the data coordinates of markers the labels must not cover; ``marker_px`` is
    their size in points.  The layer draws nothing itself; give it a zorder below the labels.
    """

    def __init__(
        self,
        ax: Axes,
        annotations: Sequence[Annotation],
        sides: Sequence[int],
        *,
        points: npt.ArrayLike | None = None,
        marker_pt: float = 6.0,
        gap_pt: float = 9.0,
    ) -> None:
        super().__init__()
        self.annotations = list(annotations)
        self.sides = list(sides)
        self.points = np.asarray(points if points is not None else np.zeros((0, 2)), dtype=float)
        self.marker_pt = marker_pt
        self.gap_pt = gap_pt
        self.placed: list[Box | None] = []
        self.set_zorder(0.1)
        self.axes = ax
        self.set_figure(ax.figure)

    def _text_size(self, ann: Annotation, renderer: RendererBase) -> tuple[float, float, float]:
        extent = Text.get_window_extent(ann, renderer)
        patch = ann.get_bbox_patch()
        pad = 0.0
        if patch is not None:
            style = patch.get_boxstyle()
            pad = (
                float(getattr(style, "pad", 0.3)) * float(ann.get_fontsize()) * _dpi(renderer) / 72
            )
        return extent.width + 2 * pad, extent.height + 2 * pad, pad

    def draw(self, renderer: RendererBase) -> None:
        ax = self.axes
        if ax is None or not self.annotations:
            return
        scale = _dpi(renderer) / 72
        frame = ax.get_window_extent(renderer)
        inset = 2 * scale
        bounds = (frame.x0 + inset, frame.y0 + inset, frame.x1 - inset, frame.y1 - inset)
        anchors = ax.transData.transform(np.array([a.xy for a in self.annotations], dtype=float))
        for ann in self.annotations:
            ann.set_visible(True)  # a hidden text measures as empty: a previous draw hid some
        measured = [self._text_size(a, renderer) for a in self.annotations]
        sizes = [(w, h) for w, h, _ in measured]
        half = self.marker_pt * scale / 2 + scale
        obstacles = np.zeros((0, 4))
        if len(self.points):
            px = ax.transData.transform(self.points)
            obstacles = np.column_stack(
                [px[:, 0] - half, px[:, 1] - half, px[:, 0] + half, px[:, 1] + half]
            )
        self.placed = place_boxes(
            anchors,
            sizes,
            self.sides,
            bounds,
            obstacles=obstacles,
            gap=self.gap_pt * scale,
            pad=2 * scale,
        )
        for ann, box, (x, y), (_, _, pad) in zip(
            self.annotations, self.placed, anchors, measured, strict=True
        ):
            if box is None:
                ann.set_visible(False)
                continue
            ann.set_visible(True)
            ann.set_horizontalalignment("left")
            ann.set_verticalalignment("bottom")
            ann.set_anncoords("offset pixels")
            ann.xyann = (box[0] + pad - x, box[1] + pad - y)
        self.stale = False
