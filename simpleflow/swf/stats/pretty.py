"""Tables describing workflow executions, and the text formats they are printed in.

Each formatter (`info`, `profile`, `status`, `list`, `list_details`, `get_task`) returns
``(header, rows)``; `formatted` turns such a function into one that returns text in one
of the `FORMATS` (cli spec §2). Column names and orders are part of the 0.11.9 interface:
scripts parse this output.
"""

from __future__ import annotations

import builtins
import csv as _csv
import functools
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from tabulate import tabulate

from simpleflow.swf.stats.base import WorkflowStats, _state_timestamp
from simpleflow.utils import json_dumps

__all__ = [
    "DEFAULT_FORMAT",
    "FORMATS",
    "TIME_FORMAT",
    "csv",
    "formatted",
    "get_task",
    "get_timestamps",
    "human",
    "info",
    "jsonify",
    "list",
    "list_details",
    "profile",
    "status",
    "tabular",
]

#: The format used when none is chosen.
DEFAULT_FORMAT = "tabular"
#: How `profile` shows times (to the minute).
TIME_FORMAT = "%Y-%m-%d %H:%M"

Header = Sequence[str]
Rows = builtins.list[Sequence[Any]]
Values = Sequence[Sequence[Any]]


# --- formats ----------------------------------------------------------------------------


def tabular(values: Values, headers: Header, tablefmt: str, floatfmt: str) -> str:
    """A text table rendered by ``tabulate`` (``None`` cells are empty).

    Text cells are shown as they are: tabulate would otherwise read a version ``1.0`` or an
    id ``007`` as a number and print ``1.00`` or ``7``. Numbers keep ``floatfmt``.
    """
    text_columns = sorted(
        {index for row in values for index, cell in enumerate(row) if isinstance(cell, str)}
    )
    return tabulate(
        values,
        headers=builtins.list(headers),
        tablefmt=tablefmt,
        floatfmt=floatfmt,
        disable_numparse=text_columns or False,
    )


def csv(values: Values, headers: Header, delimiter: str = ",") -> str:
    """CSV text (``csv`` default dialect, ``\\r\\n`` records), with a header record first
    when ``headers`` is not empty."""
    buffer = io.StringIO()
    writer = _csv.writer(buffer, delimiter=delimiter)
    if headers:
        writer.writerow(headers)
    writer.writerows(values)
    return buffer.getvalue()


def human(values: Values, headers: Header) -> str:
    """The first row only, one ``column value`` line per column; empty without rows."""
    if not values:
        return ""
    pairs = [(column, str(value)) for column, value in zip(headers, values[0], strict=False)]
    return tabulate(pairs, tablefmt="plain")


def jsonify(values: Values, headers: Header) -> str:
    """A JSON array: of ``{column: value}`` objects with headers, else of arrays."""
    if headers:
        return json_dumps([dict(zip(headers, row, strict=False)) for row in values])
    return json_dumps(values)


def _jsonify_indented(values: Values, headers: Header) -> str:
    # Same document as ``jsonify``, indented with 2 spaces for people to read.
    return json.dumps(json.loads(jsonify(values, headers)), indent=2)


#: Format name -> function ``(rows, headers) -> text``.
FORMATS: dict[str, Callable[[Values, Header], str]] = {
    "csv": csv,
    "tsv": functools.partial(csv, delimiter="\t"),
    "json": jsonify,
    "prettyjson": _jsonify_indented,
    "tabular": functools.partial(tabular, tablefmt="plain", floatfmt=".2f"),
    "human": human,
}


def _format_function(fmt: str | Callable[[Values, Header], str]) -> Callable[[Values, Header], str]:
    if callable(fmt):
        return fmt
    try:
        return FORMATS[fmt]
    except KeyError:
        choices = ", ".join(sorted(FORMATS))
        raise ValueError(f"unknown format {fmt!r}: use one of {choices}") from None


def formatted(
    with_info: bool = False,
    with_header: bool = False,
    fmt: str | Callable[[Values, Header], str] = DEFAULT_FORMAT,
) -> Callable[[Callable[..., tuple[Header, Iterable[Sequence[Any]]]]], Callable[..., str]]:
    """Decorator factory: the decorated function returns ``(header, rows)``, the wrapper
    returns them as text in the format ``fmt`` (a `FORMATS` name or a callable).

    Args:
        with_info: accepted for 0.11.9 compatibility, ignored.
        with_header: pass the column names to the format (``human`` always gets them).
        fmt: the format.

    Raises:
        ValueError: ``fmt`` is not a `FORMATS` name.
    """
    format_function = _format_function(fmt)
    headers_always = fmt == "human" or format_function is human

    def decorator(
        func: Callable[..., tuple[Header, Iterable[Sequence[Any]]]],
    ) -> Callable[..., str]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> str:
            header, rows = func(*args, **kwargs)
            headers = builtins.list(header) if with_header or headers_always else []
            return format_function(builtins.list(rows), headers)

        return wrapper

    return decorator


# --- formatters -------------------------------------------------------------------------


def _parsed_history(workflow_execution: Any) -> Any:
    from simpleflow import format as _format
    from simpleflow.history import History

    swf_history = workflow_execution.history()
    _format.resolve_events(swf_history.events)  # values on S3 shown, not references
    history = History(swf_history)
    history.parse()
    return history


def _strftime(value: datetime | None) -> str | None:
    return value.strftime(TIME_FORMAT) if value is not None else None


def _seconds(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds()


def _task_name(task: dict[str, Any]) -> Any:
    # A ``ScheduleActivityTaskFailed``-only entry has no ``name``, only ``activity_type``.
    name = task.get("name")
    if name is None:
        name = (task.get("activity_type") or {}).get("name")
    return name


def get_timestamps(task: dict[str, Any]) -> tuple[str, datetime | None, datetime | str]:
    """``(last_state, last_state_timestamp, scheduled_timestamp)`` of a task entry.

    A missing timestamp is ``None`` (last state) or ``""`` (scheduled).
    """
    scheduled = task.get("scheduled_timestamp")
    return task.get("state", ""), _state_timestamp(task), scheduled if scheduled else ""


def info(workflow_execution: Any) -> tuple[Header, Rows]:
    """One row describing an execution; ``execution_time`` spans the first to the last
    event of its history and ``input`` is the decoded input of the execution."""
    history = _parsed_history(workflow_execution)
    events = history.events
    started = events[0] if events else None
    workflow_input = started.input if started is not None else None
    header = (
        "domain",
        "workflow_type.name",
        "workflow_type.version",
        "task_list",
        "workflow_id",
        "run_id",
        "tag_list",
        "execution_time",
        "input",
    )
    workflow_type = workflow_execution.workflow_type
    row = (
        workflow_execution.domain.name,
        getattr(workflow_type, "name", None),
        getattr(workflow_type, "version", None),
        workflow_execution.task_list,
        workflow_execution.workflow_id,
        workflow_execution.run_id,
        ",".join(workflow_execution.tag_list or []),
        WorkflowStats(history).total_time(),
        workflow_input,
    )
    return header, [row]


def profile(workflow_execution: Any, nb_tasks: int | None = None) -> tuple[Header, Rows]:
    """The tasks that ran, slowest first, with their share of the execution time."""
    stats = WorkflowStats(_parsed_history(workflow_execution))
    header = (
        "Task",
        "Last State",
        "Scheduled",
        "Time Scheduled",
        "Start",
        "Time Running",
        "End",
        "Percentage of total time",
    )
    rows: Rows = [
        (
            task_id,
            last_state,
            _strftime(scheduled),
            _seconds(scheduled, start),
            _strftime(start),
            duration,
            _strftime(end),
            percentage,
        )
        for task_id, last_state, scheduled, start, end, duration, percentage in (
            timing for timing in stats.get_timings_with_percentage() if timing is not None
        )
    ]
    # Longest running first; a missing duration (never expected here) sorts last.
    rows.sort(key=lambda row: (row[5] is not None, row[5] or 0.0), reverse=True)
    return header, rows[:nb_tasks] if nb_tasks else rows


def status(workflow_execution: Any, nb_tasks: int | None = None) -> tuple[Header, Rows]:
    """Every task (activity or child workflow) with its last state, most recent first."""
    history = _parsed_history(workflow_execution)
    header = ("Tasks", "Last State", "Last State Time", "Scheduled Time")
    rows: Rows = [(_task_name(task), *get_timestamps(task)) for task in reversed(history._tasks)]
    return header, rows[:nb_tasks] if nb_tasks else rows


def list(workflow_executions: Iterable[Any]) -> tuple[Header, Rows]:  # 0.11.9 name
    """Workflow id, type name and status of each execution."""
    header = ("Workflow ID", "Workflow Type", "Status")
    rows: Rows = [
        (execution.workflow_id, getattr(execution.workflow_type, "name", None), execution.status)
        for execution in workflow_executions
    ]
    return header, rows


def list_details(workflow_executions: Iterable[Any]) -> tuple[Header, Rows]:
    """Every field of each execution's list record (fields lists omit are empty)."""
    header = (
        "Workflow ID",
        "Workflow Type",
        "Workflow Version",
        "Run ID",
        "Status",
        "Task List",
        "Child Policy",
        "Close Status",
        "Execution Timeout",
        "Input",
        "Tags",
        "Decision Tasks Timeout",
    )
    rows: Rows = [
        (
            execution.workflow_id,
            getattr(execution.workflow_type, "name", None),
            getattr(execution.workflow_type, "version", None),
            execution.run_id,
            execution.status,
            execution.task_list,
            execution.child_policy,
            execution.close_status,
            execution.execution_timeout,
            execution.input,
            execution.tag_list,
            execution.decision_tasks_timeout,
        )
        for execution in workflow_executions
    ]
    return header, rows


def get_task(workflow_execution: Any, task_id: str, details: bool = False) -> tuple[Header, Rows]:
    """The activity task ``task_id`` of an execution: its type, state, input and outcome.

    Raises:
        swf.exceptions.DoesNotExistError: the execution has no activity with this id.
    """
    history = _parsed_history(workflow_execution)
    task = history._activities.get(task_id)
    if task is None:
        from swf.exceptions import DoesNotExistError

        raise DoesNotExistError(
            f"task '{task_id}' not found in execution "
            f"{workflow_execution.workflow_id} {workflow_execution.run_id}"
        )
    activity_type = task.get("activity_type") or {}
    header: tuple[str, ...] = (
        "type",
        "id",
        "name",
        "version",
        "state",
        "timestamp",
        "input",
        "result",
        "reason",
    )
    row: tuple[Any, ...] = (
        task.get("type", "activity"),
        task.get("id", task_id),
        _task_name(task),
        task.get("version", activity_type.get("version")),
        task.get("state"),
        _state_timestamp(task),
        task.get("input"),
        _or_empty(task.get("result")),
        _or_empty(task.get("reason")),
    )
    if details:
        header += ("details",)
        row += (_or_empty(task.get("details")),)
    return header, [row]


def _or_empty(value: Any) -> Any:
    return "" if value is None else value
