"""Reading only the newest events of a growing history (``swf._paging.newest_events``)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from simpleflow._task_rows import RowsBuilder, build_rows
from simpleflow.swf._execution_rows import closing_event, newest_events, refresh_rows
from swf._paging import newest_events as newest_raw_events
from swf.models import Domain, WorkflowExecution
from swf.transport import connect


@pytest.fixture
def execution(domain_name: str, swf_endpoint: str) -> WorkflowExecution:
    """An open execution with 1 + 20 signal events."""
    client = boto3.client("swf", endpoint_url=swf_endpoint, region_name="us-east-1")
    client.register_workflow_type(
        domain=domain_name,
        name="tail",
        version="1",
        defaultTaskList={"name": "tail"},
        defaultChildPolicy="TERMINATE",
        defaultExecutionStartToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="300",
    )
    run_id = client.start_workflow_execution(
        domain=domain_name, workflowId="tail-1", workflowType={"name": "tail", "version": "1"}
    )["runId"]
    for index in range(20):
        client.signal_workflow_execution(
            domain=domain_name, workflowId="tail-1", runId=run_id, signalName=f"s{index}"
        )
    return WorkflowExecution(Domain(domain_name), "tail-1", run_id)


def _raw(execution: WorkflowExecution, after: int, page_size: int) -> Any:
    return newest_raw_events(
        connect().get_workflow_execution_history,
        execution.domain.name,
        execution.run_id,
        execution.workflow_id,
        after=after,
        page_size=page_size,
    )


def _ids(events: list[dict[str, Any]]) -> list[int]:
    return [event["eventId"] for event in events]


def test_only_the_events_after_the_given_id_oldest_first(execution: WorkflowExecution) -> None:
    total = len(execution.history().events)
    assert total > 20
    for after, page_size in [(0, 1000), (0, 3), (5, 4), (total - 1, 2), (total, 5)]:
        assert _ids(_raw(execution, after, page_size)) == list(range(after + 1, total + 1))


def test_the_reading_stops_at_the_first_page_reaching_the_id(
    execution: WorkflowExecution, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection = connect()
    calls: list[dict[str, Any]] = []
    original = connection.get_workflow_execution_history

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return original(*args, **kwargs)

    total = len(execution.history().events)
    events = newest_raw_events(
        counted, execution.domain.name, execution.run_id, execution.workflow_id,
        after=total - 4, page_size=5,
    )  # fmt: skip
    assert _ids(events or []) == list(range(total - 3, total + 1))
    assert len(calls) == 1 and calls[0]["reverse_order"] is True


def test_a_backend_ignoring_reverse_order_is_detected(execution: WorkflowExecution) -> None:
    connection = connect()

    def forward(*args: Any, **kwargs: Any) -> Any:
        kwargs["reverse_order"] = False
        return connection.get_workflow_execution_history(*args, **kwargs)

    result = newest_raw_events(
        forward, execution.domain.name, execution.run_id, execution.workflow_id,
        after=3, page_size=4,
    )  # fmt: skip
    assert result is None


def test_refreshed_rows_equal_rows_built_from_the_whole_history(
    execution: WorkflowExecution, swf_endpoint: str
) -> None:
    builder = RowsBuilder()
    first = refresh_rows(execution, builder)
    client = boto3.client("swf", endpoint_url=swf_endpoint, region_name="us-east-1")
    client.terminate_workflow_execution(
        domain=execution.domain.name, workflowId=execution.workflow_id, reason="done"
    )
    again = refresh_rows(execution, builder)
    whole = build_rows(execution.history().events)
    assert first.is_open and not again.is_open
    assert again == whole
    assert [e.id for e in newest_events(execution, 0)] == [e.id for e in execution.history()]
    event = closing_event(execution, frozenset({"WorkflowExecutionTerminated"}))
    assert event is not None and event.reason == "done"
    assert closing_event(execution, frozenset({"WorkflowExecutionCompleted"})) is None
