"""Geometry of the timeline: the time scale, the axis ticks and the drawn rows.

Pure: ``ExecutionRows`` in, positioned items out (pixels), no markup.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from simpleflow._task_rows import (
    CHILD,
    OUTCOMES,
    SCHEDULE_FAILED,
    TIMER,
    Attempt,
    ExecutionRows,
    TaskRow,
)

#: Above this many tasks, rows are grouped by activity (or workflow type) name.
GROUP_THRESHOLD = 2000

LABEL_WIDTH = 300
CHART_WIDTH = 1000
ROW_HEIGHT = 16
BAR_HEIGHT = 10
#: Grouped rows stack their bars in up to this many lanes, so overlaps stay visible.
MAX_LANES = 12
LANE_HEIGHT = 4
MIN_BAR_WIDTH = 1.5
_NICE_STEPS = (
    *(0.001 * s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500)),
    *(1, 2, 5, 10, 15, 30),
    *(60 * m for m in (1, 2, 5, 10, 15, 30)),
    *(3600 * h for h in (1, 2, 3, 6, 12, 24)),
)
_TARGET_TICKS = 10


@dataclass(frozen=True, slots=True)
class Bar:
    """One attempt, placed: ``x``..``x + width``; ``wait`` is the width of the part spent
    scheduled but not started."""

    x: float
    width: float
    wait: float
    outcome: str
    row: TaskRow
    attempt: Attempt
    lane: int = 0


@dataclass(frozen=True, slots=True)
class Mark:
    """A schedule failure: SWF refused to schedule the activity (drawn as a small tick)."""

    x: float
    row: TaskRow
    attempt: Attempt


@dataclass(frozen=True, slots=True)
class DrawnRow:
    """One row of the picture: a task, or a group of same-name tasks."""

    label: str
    detail: str
    kind: str
    bars: tuple[Bar, ...]
    tasks: int
    marks: tuple[Mark, ...] = ()
    lanes: int = 0

    @property
    def height(self) -> float:
        """Pixels: one bar, or the stacked lanes of a group."""
        if not self.lanes:
            return ROW_HEIGHT
        return max(ROW_HEIGHT, self.lanes * LANE_HEIGHT + 6)


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class DecisionMark:
    x: float
    outcome: str
    started: datetime


@dataclass(frozen=True, slots=True)
class Layout:
    """Everything the renderers draw. ``grouped`` tells whether rows are name groups."""

    rows: tuple[DrawnRow, ...]
    decisions: tuple[DecisionMark, ...]
    ticks: tuple[Tick, ...]
    start: datetime | None
    end: datetime | None
    grouped: bool
    counts: dict[str, int]
    schedule_failures: int = 0

    @property
    def bar_count(self) -> int:
        return sum(len(row.bars) for row in self.rows)


class _Scale:
    def __init__(self, start: datetime, end: datetime) -> None:
        self.start = start
        self.span = max((end - start).total_seconds(), 1e-3)
        self.per_second = CHART_WIDTH / self.span

    def x(self, moment: datetime) -> float:
        offset = (moment - self.start).total_seconds()
        return min(max(offset, 0.0), self.span) * self.per_second


def layout(rows: ExecutionRows, now: datetime | None = None) -> Layout:
    """Place the rows of an execution.

    Args:
        rows: the execution's rows.
        now: where open attempts end (default: the last event, or later if given).
    """
    start = rows.start
    end = rows.end
    if now is not None and end is not None and rows.is_open and now > end:
        end = now
    counts = dict.fromkeys(OUTCOMES, 0)
    failures = 0
    for attempt in _attempts(rows.rows):
        if attempt.state == SCHEDULE_FAILED:
            failures += 1
        else:
            counts[attempt.outcome] += 1
    if start is None or end is None:
        return Layout((), (), (), start, end, False, counts, failures)
    scale = _Scale(start, end)
    grouped = len(rows.rows) > GROUP_THRESHOLD
    drawn = _grouped_rows(rows.rows, scale, end) if grouped else _task_rows(rows.rows, scale, end)
    decisions = tuple(
        DecisionMark(scale.x(d.started or d.scheduled), d.outcome, d.started or d.scheduled)
        for d in rows.decisions
    )
    return Layout(drawn, decisions, _ticks(scale), start, end, grouped, counts, failures)


def _attempts(rows: Iterable[TaskRow]) -> Iterable[Attempt]:
    for row in rows:
        yield from row.attempts


def _bar(row: TaskRow, attempt: Attempt, scale: _Scale, end: datetime) -> Bar:
    x0 = scale.x(attempt.scheduled)
    x1 = scale.x(attempt.closed or end)
    xs = scale.x(attempt.started) if attempt.started is not None else x1
    width = max(x1 - x0, MIN_BAR_WIDTH)
    return Bar(x0, width, max(0.0, min(xs, x1) - x0), attempt.outcome, row, attempt)


def _task_rows(rows: Sequence[TaskRow], scale: _Scale, end: datetime) -> tuple[DrawnRow, ...]:
    return tuple(
        DrawnRow(
            row.key,
            _describe_row(row),
            row.kind,
            tuple(_bar(row, attempt, scale, end) for attempt in row.tries),
            1,
            _marks(row, scale),
        )
        for row in rows
    )


def _marks(row: TaskRow, scale: _Scale) -> tuple[Mark, ...]:
    return tuple(
        Mark(scale.x(attempt.scheduled), row, attempt)
        for attempt in row.attempts
        if attempt.state == SCHEDULE_FAILED
    )


def _describe_row(row: TaskRow) -> str:
    kind = {CHILD: "child workflow", TIMER: "timer"}.get(row.kind, "activity")
    tries = f", {len(row.tries)} attempts" if len(row.tries) > 1 else ""
    name = "" if row.kind == TIMER else f" {row.name}"
    return f"{kind}{name} {row.key}: {row.state}{tries}"


def _grouped_rows(rows: Sequence[TaskRow], scale: _Scale, end: datetime) -> tuple[DrawnRow, ...]:
    groups: dict[tuple[str, str], list[TaskRow]] = {}
    for row in rows:
        groups.setdefault((row.kind, row.name), []).append(row)
    drawn = []
    for (kind, name), members in groups.items():
        bars = _stack(_bar(row, attempt, scale, end) for row in members for attempt in row.tries)
        marks = tuple(mark for row in members for mark in _marks(row, scale))
        outcomes: dict[str, int] = {}
        for row in members:
            outcomes[row.outcome] = outcomes.get(row.outcome, 0) + 1
        summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        label = f"{name} ×{len(members)}"
        detail = f"{len(members)} tasks {name}: {summary}"
        lanes = 1 + max((bar.lane for bar in bars), default=0)
        drawn.append(DrawnRow(label, detail, kind, bars, len(members), marks, lanes))
    return tuple(drawn)


def _stack(bars: Iterable[Bar]) -> tuple[Bar, ...]:
    """Give each bar the first lane free at its start (greedy, by start); past
    ``MAX_LANES`` the least busy lane takes it."""
    ends: list[float] = []
    stacked = []
    for bar in sorted(bars, key=lambda b: b.x):
        lane = next((i for i, end in enumerate(ends) if end <= bar.x), None)
        if lane is None:
            if len(ends) < MAX_LANES:
                ends.append(0.0)
                lane = len(ends) - 1
            else:
                lane = min(range(len(ends)), key=ends.__getitem__)
        ends[lane] = max(ends[lane], bar.x + bar.width)
        stacked.append(replace(bar, lane=lane))
    return tuple(stacked)


def _ticks(scale: _Scale) -> tuple[Tick, ...]:
    wanted = scale.span / _TARGET_TICKS
    step = next((s for s in _NICE_STEPS if s >= wanted), None)
    if step is None:
        step = 86400 * math.ceil(wanted / 86400)
    count = int(scale.span / step + 1e-9)
    return tuple(
        Tick(i * step * scale.per_second, format_offset(i * step)) for i in range(count + 1)
    )


def format_offset(seconds: float) -> str:
    """``+12s``, ``+1:30``, ``+2:00:00``, ``+0.25s`` — an offset from the execution start."""
    if seconds < 60:
        text = f"{seconds:.3f}".rstrip("0").rstrip(".")
        return f"+{text}s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"+{hours}:{minutes:02d}:{secs:02d}"
    return f"+{minutes}:{secs:02d}"


def format_duration(delta: timedelta | float) -> str:
    """A short human duration: ``0.35 s``, ``12.0 s``, ``3 min 20 s``, ``2 h 05 min``."""
    seconds = delta.total_seconds() if isinstance(delta, timedelta) else float(delta)
    if seconds < 60:
        return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
