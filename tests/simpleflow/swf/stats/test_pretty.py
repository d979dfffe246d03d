"""The tables of `pretty` (`info`, `profile`, `status`, `list`, `list_details`,
`get_task`) built from synthetic histories."""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from simpleflow.swf.stats import pretty
from swf.exceptions import DoesNotExistError
from swf.models.history import builder
from tests.simpleflow.swf.stats._histories import (
    CHILD_ID,
    DELAY_ID,
    DOUBLE_ID,
    INC_ID,
    SLOW_ID,
    WORKFLOW,
    Clock,
    FakeExecution,
    activity,
    at,
    mixed_history,
)


def utc(offset: float) -> datetime:
    return datetime.fromtimestamp(at(offset), tz=timezone.utc)


def hhmm(offset: float) -> str:
    return utc(offset).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def execution(clock: Clock) -> FakeExecution:
    return FakeExecution(mixed_history(clock), tag_list=["a", "b"])


def test_info_uses_the_history_for_input_and_execution_time(execution: FakeExecution) -> None:
    header, rows = pretty.info(execution)

    assert header == (
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
    assert rows == [
        (
            "demo-domain",
            "demo.Workflow",
            "1.0",
            "decisions",
            "wf-1",
            "run-1",
            "a,b",
            200.0,
            {"args": [1], "kwargs": {}},
        )
    ]


def test_info_of_an_execution_without_tasks(clock: Clock) -> None:
    history = builder.History(WORKFLOW, input=[3])

    _, [row] = pretty.info(FakeExecution(history))

    assert row[6:] == ("", 20.0, [3])


def test_profile_lists_tasks_that_ran_slowest_first(execution: FakeExecution) -> None:
    header, rows = pretty.profile(execution)

    assert header == (
        "Task",
        "Last State",
        "Scheduled",
        "Time Scheduled",
        "Start",
        "Time Running",
        "End",
        "Percentage of total time",
    )
    assert rows == [
        (DOUBLE_ID, "failed", hhmm(30), 1.0, hhmm(31), 30.0, hhmm(61), 15.0),
        (SLOW_ID, "timed_out", hhmm(80), 10.0, hhmm(90), 20.0, hhmm(110), 10.0),
        (CHILD_ID, "completed", None, None, hhmm(125), 20.0, hhmm(145), 10.0),
        (INC_ID, "completed", hhmm(10), 5.0, hhmm(15), 10.0, hhmm(25), 5.0),
    ]


@pytest.mark.parametrize(("nb_tasks", "count"), [(None, 4), (0, 4), (1, 1), (3, 3), (10, 4)])
def test_profile_nb_tasks_keeps_the_first_rows(
    execution: FakeExecution, nb_tasks: int | None, count: int
) -> None:
    _, every = pretty.profile(execution)
    _, rows = pretty.profile(execution, nb_tasks)

    assert rows == every[:count]


def test_status_lists_every_task_most_recent_first(execution: FakeExecution) -> None:
    header, rows = pretty.status(execution)

    assert header == ("Tasks", "Last State", "Last State Time", "Scheduled Time")
    assert rows == [
        ("demo.Child", "completed", utc(145), ""),
        ("demo.slow", "timed_out", utc(110), utc(80)),
        ("demo.delay", "scheduled", utc(70), utc(70)),
        ("demo.double", "failed", utc(61), utc(30)),
        ("demo.increment", "completed", utc(25), utc(10)),
    ]
    assert pretty.status(execution, nb_tasks=2)[1] == rows[:2]


def test_status_tolerates_partial_records(clock: Clock) -> None:
    # A schedule failure (no name key), a child that is only initiated, one that failed
    # to start: 0.11.9 raised KeyError on each.
    history = builder.History(WORKFLOW)
    history.add_decision_task_completed()
    history.add_activity_task(
        activity("demo.missing"),
        decision_id=4,
        last_state="schedule_failed",
        activity_id="missing-1",
        cause="ACTIVITY_TYPE_DOES_NOT_EXIST",
    )
    history.add_child_workflow_start_initiated(
        SimpleNamespace(name="demo.Child", version="2"), workflow_id="child-a"
    )
    initiated = history.last_id
    history.add_child_workflow_start_initiated(
        SimpleNamespace(name="demo.Other", version="2"), workflow_id="child-b"
    )
    history.add_child_workflow_start_failed(history.last_id)

    _, rows = pretty.status(FakeExecution(history))

    assert [row[:2] for row in rows] == [
        ("demo.Other", "start_failed"),
        ("demo.Child", "start_initiated"),
        ("demo.missing", "schedule_failed"),
    ]
    assert rows[1][2] == history.events[initiated - 1].timestamp
    assert rows[0][3] == rows[1][3] == ""
    assert pretty.profile(FakeExecution(history))[1] == []


def test_get_timestamps_of_a_task_entry() -> None:
    task = {"state": "failed", "failed_timestamp": utc(9), "scheduled_timestamp": utc(1)}

    assert pretty.get_timestamps(task) == ("failed", utc(9), utc(1))
    assert pretty.get_timestamps({"state": "started"}) == ("started", None, "")


def test_get_task_of_a_completed_activity(execution: FakeExecution) -> None:
    header, rows = pretty.get_task(execution, INC_ID)

    assert header == (
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
    assert rows == [
        (
            "activity",
            INC_ID,
            "demo.increment",
            "1",
            "completed",
            utc(25),
            {"args": [1], "kwargs": {}},
            "2",
            "",
        )
    ]


def test_get_task_with_details_of_a_failed_activity(execution: FakeExecution) -> None:
    header, [row] = pretty.get_task(execution, DOUBLE_ID, details=True)

    assert header[-1] == "details"
    assert row[4:] == ("failed", utc(61), {}, "", "ValueError: boom", "Traceback: boom")


def test_get_task_of_an_activity_that_never_started(execution: FakeExecution) -> None:
    _, [row] = pretty.get_task(execution, DELAY_ID, details=True)

    assert row[4:] == ("scheduled", utc(70), {}, "", "", "")


def test_get_task_of_a_schedule_failure(clock: Clock) -> None:
    history = builder.History(WORKFLOW)
    history.add_decision_task_completed()
    history.add_activity_task_schedule_failed(
        "missing-1", 4, {"name": "demo.missing", "version": "3"}, "ACTIVITY_TYPE_DOES_NOT_EXIST"
    )

    _, [row] = pretty.get_task(FakeExecution(history), "missing-1")

    assert row[:5] == ("activity", "missing-1", "demo.missing", "3", "schedule_failed")


def test_get_task_of_an_unknown_task_names_the_execution(execution: FakeExecution) -> None:
    with pytest.raises(DoesNotExistError) as raised:
        pretty.get_task(execution, "nope-1")

    assert raised.value.message == "task 'nope-1' not found in execution wf-1 run-1"


def test_get_task_finds_only_activities(execution: FakeExecution) -> None:
    with pytest.raises(DoesNotExistError):
        pretty.get_task(execution, CHILD_ID)


def _listed(**fields: object) -> FakeExecution:
    return FakeExecution(None, **fields)  # type: ignore[arg-type]


def test_list_shows_id_type_and_status() -> None:
    executions = [
        _listed(workflow_id="a", status="OPEN"),
        _listed(workflow_id="b", status="CLOSED", workflow_type=SimpleNamespace(name="t")),
    ]

    header, rows = pretty.list(executions)

    assert header == ("Workflow ID", "Workflow Type", "Status")
    assert rows == [("a", "demo.Workflow", "OPEN"), ("b", "t", "CLOSED")]


def test_list_details_shows_every_list_field() -> None:
    execution = _listed(
        workflow_id="a",
        run_id="r",
        status="CLOSED",
        close_status="FAILED",
        tag_list=["x", "y"],
        task_list=None,
    )

    header, rows = pretty.list_details(iter([execution]))

    assert header == (
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
    assert rows == [
        (
            "a",
            "demo.Workflow",
            "1.0",
            "r",
            "CLOSED",
            None,
            None,
            "FAILED",
            None,
            None,
            ["x", "y"],
            None,
        )
    ]


class _PagedConnection:
    """Serves a history in pages of two events, linked by ``nextPageToken``."""

    def __init__(self, raw_events: list[dict[str, object]]) -> None:
        self.pages = [raw_events[i : i + 2] for i in range(0, len(raw_events), 2)]
        self.calls: list[object] = []

    def get_workflow_execution_history(
        self,
        domain: str,
        run_id: str,
        workflow_id: str,
        next_page_token: str | None = None,
        **_: object,
    ) -> dict[str, object]:
        self.calls.append(next_page_token)
        index = int(next_page_token or 0)
        page: dict[str, object] = {"events": self.pages[index]}
        if index + 1 < len(self.pages):
            page["nextPageToken"] = str(index + 1)
        return page


def test_formatters_read_every_page_of_the_history(clock: Clock) -> None:
    from swf.models import Domain, WorkflowExecution

    history = mixed_history(clock)
    connection = _PagedConnection([event.raw for event in history.events])
    domain = Domain("demo-domain", connection=connection)
    execution = WorkflowExecution(
        domain,
        "wf-1",
        run_id="run-1",
        workflow_type=SimpleNamespace(name="demo.Workflow", version="1.0"),
        connection=connection,
    )

    _, rows = pretty.status(execution)
    _, [info_row] = pretty.info(execution)

    assert len(connection.calls) == 2 * len(connection.pages)  # two formatters, every page
    assert [row[0] for row in rows][-1] == "demo.increment"
    assert len(rows) == 5
    assert info_row[7] == 200.0
