"""The Markdown report: text and pipe tables, with the charts written as PNG files beside it.

``report.md`` gets a folder ``report_charts/`` holding one ``<key>.png`` per figure, linked
relatively, so the pair can be moved or committed together.  Text from the content is escaped
so that Markdown and HTML syntax in a headline shows literally in any renderer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tracker.report import (
    BulletList,
    FigureImages,
    ReportContent,
    ReportFigure,
    ReportTable,
    anchor_of,
    cell_text,
    column_label,
    status_label,
    table_rows,
)

__all__ = ["chart_folder", "md_escape", "render_markdown", "write_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~>])")
_STATUS_MARK = {"improved": "▲", "unchanged": "●", "deteriorated": "▼"}


def md_escape(text: object) -> str:
    """Plain text that renders as itself: HTML characters as entities, Markdown punctuation
    backslash-escaped, newlines folded into spaces."""
    value = " ".join(str(text).split())
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _SPECIAL.sub(r"\\\1", value)
    # A leading "1." or "-" would start a list.
    value = re.sub(r"^(\d+)\.", r"\1\\.", value)
    return "\\" + value if value.startswith("-") else value


def chart_folder(path: Path) -> Path:
    """Where the charts of the Markdown report ``path`` go."""
    return path.with_name(f"{path.stem}_charts")


def status_text(status: object) -> str:
    label = status_label(status)
    mark = _STATUS_MARK.get(str(status), "○" if label == "No verdict" else "■")
    return f"{mark} {label}"


def render_markdown(content: ReportContent, charts: dict[str, str]) -> str:
    """The report as Markdown; ``charts`` maps a figure's key to its relative link."""
    when = content.generated_at.strftime("%Y-%m-%d %H:%M")
    zone = content.generated_at.tzname()
    lines = [f"# {md_escape(content.title)}", ""]
    if content.subtitle:
        lines += [f"*{md_escape(content.subtitle)}*", ""]
    lines += [f"**{md_escape(content.period)}**", ""]
    meta = f"Generated {when}{' ' + zone if zone else ''}"
    lines += [
        md_escape(meta) + (f" · {md_escape(content.source_note)}" if content.source_note else ""),
        "",
    ]
    if content.summary:
        lines += ["| Figure | Value |", "| --- | ---: |"]
        lines += [f"| {md_escape(k)} | {md_escape(v)} |" for k, v in content.summary]
        lines.append("")
    for section in content.sections:
        lines += [f"## {md_escape(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, str):
                for paragraph in block.split("\n\n"):
                    if paragraph.strip():
                        lines += [md_escape(paragraph), ""]
            elif isinstance(block, BulletList):
                for bullet in block.items:
                    text = ""
                    if bullet.chip and bullet.status is not None:
                        text += f"{status_text(bullet.status)} — "
                    if bullet.label:
                        text += f"**{md_escape(bullet.label)}**: "
                    text += md_escape(bullet.text)
                    if bullet.note:
                        text += f" *({md_escape(bullet.note)})*"
                    lines.append(f"- {text}")
                if block.items:
                    lines.append("")
            elif isinstance(block, ReportTable):
                lines += _table(block)
            else:
                lines += _figure(block, charts[block.key])
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(table: ReportTable) -> list[str]:
    columns = list(table.frame.columns)
    lines = [f"### {md_escape(table.title)}", ""]
    if not columns:
        return [*lines, "*No columns*", ""]
    lines.append("| " + " | ".join(md_escape(column_label(c)) for c in columns) + " |")
    lines.append("| " + " | ".join("---" for _ in columns) + " |")
    for values in table_rows(table):
        cells = [
            status_text(v) if table.is_status_column(c) else md_escape(cell_text(v))
            for c, v in zip(columns, values, strict=True)
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if table.frame.empty:
        lines.append("| " + " | ".join("—" for _ in columns) + " |")
    lines.append("")
    if table.note:
        lines += [f"*{md_escape(table.note)}*", ""]
    return lines


def _figure(block: ReportFigure, link: str) -> list[str]:
    lines = [f"### {md_escape(block.title)}", ""] if block.show_title else []
    lines += [f"![{md_escape(block.title)}]({link})", ""]
    if block.caption:
        lines += [f"*{md_escape(block.caption)}*", ""]
    return lines


def write_markdown(
    content: ReportContent,
    path: Path,
    write: Callable[[Path, bytes], None],
    *,
    images: FigureImages | None = None,
) -> list[Path]:
    """Write the charts into :func:`chart_folder` and the Markdown file; return the paths."""
    images = images if images is not None else FigureImages()
    folder = chart_folder(path)
    figures = content.figures()
    written: list[Path] = []
    links: dict[str, str] = {}
    if figures:
        folder.mkdir(parents=True, exist_ok=True)
    for figure in figures:
        target = folder / f"{anchor_of(figure.key)}.png"
        write(target, images.get(figure.figure, "png", dpi=200))
        written.append(target)
        links[figure.key] = f"{folder.name}/{target.name}"
    write(path, render_markdown(content, links).encode("utf-8"))
    return [path, *written]
