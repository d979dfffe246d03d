"""Timeline pictures of an execution: a Gantt chart as SVG or self-contained HTML.

One row per task (activity, child workflow, timer) with one bar per attempt, coloured by
outcome; decision tasks as ticks on their own row; a time axis and a legend. Above
``GROUP_THRESHOLD`` tasks, rows are grouped by name.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from simpleflow._task_rows import ExecutionRows
from simpleflow.timeline._layout import GROUP_THRESHOLD, Layout, layout
from simpleflow.timeline._render import html_document, html_fragment, svg_document

__all__ = [
    "FORMATS",
    "GROUP_THRESHOLD",
    "Layout",
    "html_fragment",
    "layout",
    "render",
    "write_timeline",
]

#: Output formats by file suffix.
FORMATS = {".html": "html", ".htm": "html", ".svg": "svg"}


def render(rows: ExecutionRows, format: str, title: str, now: datetime | None = None) -> str:
    """The timeline of ``rows`` as ``'svg'`` or ``'html'`` text.

    Args:
        rows: the execution's rows (``simpleflow._task_rows.build_rows``).
        format: ``'svg'`` or ``'html'``.
        title: shown at the top (e.g. the workflow id and run id).
        now: where open attempts end (default: the last event).

    Raises:
        ValueError: unknown format.
    """
    placed = layout(rows, now)
    if format == "svg":
        return svg_document(placed, title)
    if format == "html":
        return html_document(placed, title)
    raise ValueError(f"unknown timeline format {format!r}: use 'svg' or 'html'")


def format_of(path: str | Path) -> str:
    """The format named by a file's suffix.

    Raises:
        ValueError: the suffix is not ``.html``, ``.htm`` or ``.svg``.
    """
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        raise ValueError(
            f"cannot tell the timeline format of {str(path)!r}: the file name must end in "
            "'.html' or '.svg'"
        ) from None


def write_timeline(
    rows: ExecutionRows, path: str | Path, title: str, now: datetime | None = None
) -> int:
    """Write the timeline to ``path`` (format from its suffix); return the bytes written.

    Raises:
        ValueError: the suffix names no format.
        OSError: the file cannot be written.
    """
    text = render(rows, format_of(path), title, now)
    data = text.encode("utf-8")
    Path(path).write_bytes(data)
    return len(data)
