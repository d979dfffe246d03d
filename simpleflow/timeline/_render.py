"""SVG and HTML markup of a timeline ``Layout``.

Self-contained output: inline styles, the generic ``sans-serif`` font, tooltips from SVG
``<title>`` elements; no script, no external resource.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from simpleflow._task_rows import OUTCOMES, Attempt
from simpleflow.timeline._layout import (
    BAR_HEIGHT,
    CHART_WIDTH,
    LABEL_WIDTH,
    LANE_HEIGHT,
    ROW_HEIGHT,
    Bar,
    Layout,
    Mark,
    format_duration,
)

COLOURS = {
    "completed": "#2ca02c",
    "failed": "#d62728",
    "timed_out": "#ff7f0e",
    "canceled": "#8c8c8c",
    "open": "#1f77b4",
}
LEGEND = {
    "completed": "completed",
    "failed": "failed",
    "timed_out": "timed out",
    "canceled": "canceled",
    "open": "still open",
}
WIDTH = LABEL_WIDTH + CHART_WIDTH + 20
_HEADER_HEIGHT = 56
_LABEL_CHARS = 46

STYLE = (
    "svg.sf-timeline{font-family:sans-serif;font-size:11px;background:#fff}"
    "svg.sf-timeline .label{fill:#222}"
    "svg.sf-timeline .row .band{fill:none}"
    "svg.sf-timeline .row:nth-child(even) .band{fill:#000;fill-opacity:.04}"
    "svg.sf-timeline .grid{stroke:#e1e4e8;stroke-width:1}"
    "svg.sf-timeline .axis text{fill:#555}"
    "svg.sf-timeline .wait{fill:#fff;fill-opacity:.55}"
    "svg.sf-timeline .grouped .bar{fill-opacity:.8}"
    "svg.sf-timeline .tick{stroke-width:1.5}"
    "svg.sf-timeline .schedule-failed{stroke:#d62728;stroke-width:1;stroke-dasharray:2 1}"
    + "".join(
        f"svg.sf-timeline .bar.{name},svg.sf-timeline .swatch.{name}{{fill:{colour}}}"
        f"svg.sf-timeline .tick.{name}{{stroke:{colour}}}"
        for name, colour in COLOURS.items()
    )
)


def _time(moment: datetime | None) -> str:
    if moment is None:
        return "-"
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3] + " UTC"


def _clip(text: str, size: int = _LABEL_CHARS) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _tooltip(bar: Bar) -> str:
    row, attempt = bar.row, bar.attempt
    lines = [f"{row.kind} {row.name} {row.key}", _attempt_line(attempt, len(row.tries))]
    if attempt.reason:
        lines.append(f"reason: {_clip(str(attempt.reason), 200)}")
    return escape("\n".join(lines))


def _attempt_line(attempt: Attempt, total: int) -> str:
    parts = [f"attempt {attempt.number}/{total}: {attempt.state}"]
    parts.append(f"scheduled {_time(attempt.scheduled)}")
    if attempt.started is not None:
        waited = format_duration(attempt.started - attempt.scheduled)
        parts.append(f"started {_time(attempt.started)} (after {waited})")
    if attempt.closed is not None:
        since = attempt.started or attempt.scheduled
        parts.append(
            f"closed {_time(attempt.closed)} (after {format_duration(attempt.closed - since)})"
        )
    return "\n".join(parts)


def legend_svg(x: float, y: float) -> str:
    """The legend: one swatch per outcome, the waiting part and the decision ticks."""
    items = []
    offset = x
    for name in OUTCOMES:
        items.append(
            f'<rect class="swatch {name}" x="{offset:.1f}" y="{y - 9}" width="14" height="10"/>'
            f'<text x="{offset + 18:.1f}" y="{y}">{LEGEND[name]}</text>'
        )
        offset += 30 + 6.5 * len(LEGEND[name])
    items.append(
        f'<rect class="swatch completed" x="{offset:.1f}" y="{y - 9}" width="14" height="10"/>'
        f'<rect class="wait" x="{offset:.1f}" y="{y - 9}" width="7" height="10"/>'
        f'<text x="{offset + 18:.1f}" y="{y}">light part: scheduled, not yet started</text>'
    )
    offset += 260
    items.append(
        f'<line class="schedule-failed" x1="{offset:.1f}" x2="{offset:.1f}" y1="{y - 10}" '
        f'y2="{y + 1}"/><text x="{offset + 6:.1f}" y="{y}">schedule failed</text>'
    )
    offset += 110
    items.append(
        f'<line class="tick completed" x1="{offset:.1f}" x2="{offset:.1f}" y1="{y - 10}" '
        f'y2="{y + 1}"/><text x="{offset + 6:.1f}" y="{y}">decision task</text>'
    )
    return f'<g class="legend">{"".join(items)}</g>'


def axis_svg(layout: Layout, y: float, height: float, labels: bool = True) -> str:
    """Tick labels at ``y`` (unless not ``labels``) and grid lines ``height`` pixels down."""
    parts = []
    for tick in layout.ticks:
        x = LABEL_WIDTH + tick.x
        if height:
            parts.append(
                f'<line class="grid" x1="{x:.1f}" x2="{x:.1f}" y1="{y + 4}" y2="{y + 4 + height}"/>'
            )
        if labels:
            parts.append(f'<text x="{x:.1f}" y="{y}" text-anchor="middle">{tick.label}</text>')
    return f'<g class="axis">{"".join(parts)}</g>'


def _bar_svg(bar: Bar, y: float, height: float = BAR_HEIGHT) -> str:
    x = LABEL_WIDTH + bar.x
    attempt = bar.attempt
    wait = ""
    if bar.wait >= 1:
        wait = (
            f'<rect class="wait" x="{x:.1f}" y="{y:.1f}" width="{bar.wait:.1f}" height="{height}"/>'
        )
    return (
        f'<rect class="bar {bar.outcome}" data-task="{escape(bar.row.key)}" '
        f'data-attempt="{attempt.number}" x="{x:.1f}" y="{y:.1f}" width="{bar.width:.1f}" '
        f'height="{height}"><title>{_tooltip(bar)}</title></rect>{wait}'
    )


def _mark_svg(mark: Mark, y: float, height: float = ROW_HEIGHT) -> str:
    x = LABEL_WIDTH + mark.x
    text = escape(
        f"{mark.row.key}: SWF could not schedule it at {_time(mark.attempt.scheduled)} "
        f"({mark.attempt.reason}); scheduled again"
    )
    return (
        f'<line class="schedule-failed" x1="{x:.1f}" x2="{x:.1f}" y1="{y + 1:.1f}" '
        f'y2="{y + height - 1:.1f}"><title>{text}</title></line>'
    )


def body_svg(layout: Layout) -> tuple[str, float]:
    """The decision row and the task rows; returns the markup and its height."""
    parts = []
    y = 0.0
    parts.append(
        f'<g class="decisions"><rect class="band" x="0" y="0" width="{WIDTH}" '
        f'height="{ROW_HEIGHT}" fill="#eef1f5"/>'
        f'<text class="label" x="6" y="{ROW_HEIGHT - 4}">decision tasks '
        f"({len(layout.decisions)})</text>"
    )
    for mark in layout.decisions:
        x = LABEL_WIDTH + mark.x
        parts.append(
            f'<line class="tick {mark.outcome}" x1="{x:.1f}" x2="{x:.1f}" y1="2" '
            f'y2="{ROW_HEIGHT - 2}"><title>decision task {mark.outcome}, started '
            f"{_time(mark.started)}</title></line>"
        )
    parts.append("</g>")
    y += ROW_HEIGHT
    group_class = "rows grouped" if layout.grouped else "rows"
    parts.append(f'<g class="{group_class}">')
    bar_offset = (ROW_HEIGHT - BAR_HEIGHT) / 2
    for row in layout.rows:
        label = escape(_clip(row.label))
        height = row.height
        parts.append(
            f'<g class="row {row.kind}"><rect class="band" x="0" y="{y:.0f}" width="{WIDTH}" '
            f'height="{height:.0f}"/><text class="label" x="6" y="{y + 12:.0f}">'
            f"{label}<title>{escape(row.detail)}</title></text>"
        )
        if row.lanes:
            parts.extend(
                _bar_svg(bar, y + 3 + bar.lane * LANE_HEIGHT, LANE_HEIGHT - 1) for bar in row.bars
            )
        else:
            parts.extend(_bar_svg(bar, y + bar_offset) for bar in row.bars)
        parts.extend(_mark_svg(mark, y, height) for mark in row.marks)
        parts.append("</g>")
        y += height
    parts.append("</g>")
    return "".join(parts), y


def _title(layout: Layout, title: str) -> str:
    counts = ", ".join(
        f"{layout.counts[name]} {LEGEND[name]}" for name in OUTCOMES if layout.counts[name]
    )
    grouped = f"; rows grouped by name ({len(layout.rows)} groups)" if layout.grouped else ""
    if layout.schedule_failures:
        grouped += f"; {layout.schedule_failures} schedule failures (dashed)"
    return (
        f"{title} — started {_time(layout.start)}, {sum(r.tasks for r in layout.rows)} tasks, "
        f"{layout.bar_count} attempts ({counts or 'none'}){grouped}"
    )


def svg_document(layout: Layout, title: str) -> str:
    """A standalone SVG picture: title, legend, axis, decision row, task rows, axis."""
    body, body_height = body_svg(layout)
    top = _HEADER_HEIGHT + 18
    height = top + body_height + 24
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sf-timeline" width="{WIDTH}" '
        f'height="{height:.0f}" viewBox="0 0 {WIDTH} {height:.0f}">'
        f"<style>{STYLE}</style>"
        f'<rect x="0" y="0" width="{WIDTH}" height="{height:.0f}" fill="#fff"/>'
        f'<text class="label" x="6" y="16" font-size="13" font-weight="bold">'
        f"{escape(_title(layout, title))}</text>"
        f"{legend_svg(6, 38)}"
        f"{axis_svg(layout, top - 6, body_height)}"
        f'<g transform="translate(0,{top})">{body}</g>'
        f"{axis_svg(layout, top + body_height + 16, 0)}"
        "</svg>\n"
    )


def html_fragment(layout: Layout, title: str) -> str:
    """The timeline as HTML (two inline SVGs: a sticky header with legend and axis, and the
    rows), for the HTML file and the web view."""
    body, body_height = body_svg(layout)
    header_height = 48
    return (
        f'<div class="sf-timeline-box"><p class="sf-timeline-title">'
        f"{escape(_title(layout, title))}</p>"
        f'<div class="sf-timeline-head"><svg xmlns="http://www.w3.org/2000/svg" '
        f'class="sf-timeline" width="{WIDTH}" height="{header_height}" '
        f'viewBox="0 0 {WIDTH} {header_height}">{legend_svg(6, 16)}'
        f"{axis_svg(layout, header_height - 6, 0)}</svg></div>"
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sf-timeline sf-timeline-body" '
        f'width="{WIDTH}" height="{body_height:.0f}" viewBox="0 0 {WIDTH} {body_height:.0f}">'
        f"{axis_svg(layout, -4, body_height, labels=False)}{body}</svg></div>"
    )


PAGE_STYLE = (
    STYLE + ".sf-timeline-head{position:sticky;top:0;background:#fff;z-index:1;"
    "border-bottom:1px solid #ccd}"
    ".sf-timeline-title{font:bold 14px sans-serif;margin:4px 0}"
)


def html_document(layout: Layout, title: str) -> str:
    """A self-contained HTML page holding the timeline."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} — timeline</title>"
        f"<style>body{{margin:8px;font-family:sans-serif}}{PAGE_STYLE}</style></head>"
        f"<body>{html_fragment(layout, title)}</body></html>\n"
    )
