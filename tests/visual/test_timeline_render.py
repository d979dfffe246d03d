"""The timeline's SVG and HTML, without a browser: well formed, with the expected elements."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from simpleflow._task_rows import build_rows
from simpleflow.command import cli
from simpleflow.timeline import GROUP_THRESHOLD, format_of, layout, render, write_timeline
from simpleflow.timeline._layout import format_offset
from tests.visual.histories import fanout_history, mixed_history
from tests.visual.markup import parse_html, svg_elements, with_class

_EXTERNAL = re.compile(r"<script|<link|@import|url\(|src=|href=\"?https?:", re.IGNORECASE)


def test_svg_is_well_formed_with_one_bar_per_attempt_and_ticks_legend_axis() -> None:
    rows = build_rows(mixed_history().events)
    elements = svg_elements(render(rows, "svg", "visual-demo run-1"))

    bars = with_class(elements, "rect", "bar")
    assert len(bars) == 9  # 8 rows, one of them retried
    by_outcome = {o: len(with_class(bars, "rect", o)) for o in ("failed", "timed_out")}
    assert by_outcome == {"failed": 1, "timed_out": 1}
    assert len(with_class(bars, "rect", "completed")) == 4
    assert len(with_class(bars, "rect", "open")) == 2  # waiting-1 and running-1
    assert len(with_class(bars, "rect", "canceled")) == 1
    retried = [b for b in bars if b.get("data-task") == "double-1"]
    assert [b.get("data-attempt") for b in retried] == ["1", "2"]
    assert float(retried[0].get("x")) < float(retried[1].get("x"))
    assert len(with_class(elements, "line", "tick")) >= 3 + 1  # 3 decisions + legend
    assert len(with_class(elements, "g", "row")) == 8
    assert len(with_class(elements, "g", "axis")) == 2  # top and bottom
    legend = "".join(e.text or "" for e in with_class(elements, "g", "legend")[0].iter())
    for word in ("completed", "failed", "timed out", "canceled", "still open", "decision task"):
        assert word in legend
    titles = [e.text or "" for e in elements if e.tag.endswith("title")]
    assert any("attempt 2/2: completed" in t for t in titles)
    assert any("reason: boom" in t for t in titles)


def test_html_is_self_contained_and_well_formed() -> None:
    rows = build_rows(mixed_history(closed=False).events)
    text = render(rows, "html", "visual-demo <run>")
    parser = parse_html(text)
    assert parser.count("rect", "bar") == 9
    assert parser.count("svg", "sf-timeline") == 2  # sticky header, rows
    assert "visual-demo &lt;run&gt;" in text  # escaped
    assert not _EXTERNAL.search(text)
    assert "font-family:sans-serif" in text


def test_rows_are_grouped_by_name_above_the_threshold() -> None:
    small = layout(build_rows(fanout_history(50).events))
    assert not small.grouped and len(small.rows) == 50

    rows = build_rows(fanout_history(GROUP_THRESHOLD + 5, failed_every=10).events)
    placed = layout(rows)
    assert placed.grouped
    assert [r.label.split(" ×")[0] for r in placed.rows] == [f"bench.step{i}" for i in range(5)]
    assert sum(r.tasks for r in placed.rows) == GROUP_THRESHOLD + 5
    assert placed.bar_count == GROUP_THRESHOLD + 5
    elements = svg_elements(render(rows, "svg", "big"))
    assert len(with_class(elements, "rect", "bar")) == GROUP_THRESHOLD + 5
    assert len(with_class(elements, "g", "row")) == 5


def test_offsets_and_formats() -> None:
    assert [format_offset(s) for s in (0, 0.25, 12, 90, 7200)] == [
        "+0s",
        "+0.25s",
        "+12s",
        "+1:30",
        "+2:00:00",
    ]
    assert format_of("a/b.HTML") == "html" and format_of("x.svg") == "svg"
    with pytest.raises(ValueError, match="must end in '.html' or '.svg'"):
        format_of("picture.png")


def test_write_timeline_writes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.svg"
    size = write_timeline(build_rows(mixed_history().events), path, "t")
    assert path.stat().st_size == size
    svg_elements(path.read_text(encoding="utf-8"))


def test_timeline_command_rejects_an_unknown_suffix(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["workflow.timeline", "wf", "--domain", "d", "--output", str(tmp_path / "t.png")]
    )
    assert result.exit_code == 2
    assert "must end in '.html' or '.svg'" in result.output


def test_grouped_rows_stack_overlapping_attempts_in_lanes() -> None:
    from simpleflow.timeline._layout import MAX_LANES
    from swf.models.history import builder
    from tests.visual.histories import Activity, Workflow

    history = builder.History(Workflow)
    history.add_decision_task_completed()
    decision = history.last_id
    count = GROUP_THRESHOLD + 1
    step = Activity("parallel.step")
    scheduled = []
    for index in range(count):  # all scheduled at once: every attempt overlaps the others
        history.add_activity_task_scheduled(step, decision, f"p-{index}")
        scheduled.append(history.last_id)
    for event_id in scheduled:
        history.add_activity_task_started(event_id)
        history.add_activity_task_completed(event_id, history.last_id, result=1)
    placed = layout(build_rows(history.events))
    (row,) = placed.rows
    assert row.lanes == MAX_LANES
    assert {bar.lane for bar in row.bars} == set(range(MAX_LANES))
    assert row.height > 16
