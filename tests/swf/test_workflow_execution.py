from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from unittest import mock

import pytest
from moto import mock_aws

from swf.exceptions import ResponseError, SWFResponseError
from swf.models import Domain, History, WorkflowExecution, WorkflowType
from swf.models.workflow import WorkflowExecutionDoesNotExist


@pytest.fixture
def workflow_type() -> Iterator[WorkflowType]:
    with mock_aws():
        domain = Domain("dom")
        domain.save()
        wt = WorkflowType(domain, "wf", "1", task_list="tl")
        wt.save()
        yield wt


def test_status_constants() -> None:
    assert (WorkflowExecution.STATUS_OPEN, WorkflowExecution.STATUS_CLOSED) == ("OPEN", "CLOSED")
    assert WorkflowExecution.CLOSE_STATUS_CONTINUED_AS_NEW == "CONTINUED_AS_NEW"
    assert WorkflowExecution.CLOSE_STATUS_COMPLETED == "COMPLETED"
    assert WorkflowExecution.CLOSE_STATUS_FAILED == "FAILED"
    assert WorkflowExecution.CLOSE_STATUS_CANCELED == "CANCELED"
    assert WorkflowExecution.CLOSE_STATUS_TERMINATED == "TERMINATED"
    assert WorkflowExecution.CLOSE_TIMED_OUT == "TIMED_OUT"
    assert WorkflowExecution.kind == "execution"


def test_constructor_normalises_empty_collections() -> None:
    execution = WorkflowExecution(Domain("dom", connection=mock.Mock()), 42, connection=mock.Mock())

    assert execution.workflow_id == 42
    assert (execution.tag_list, execution.open_counts, execution.parent) == ([], {}, {})
    assert execution.status == "OPEN" and execution.run_id is None


def test_constructor_requires_a_domain() -> None:
    with pytest.raises(TypeError):
        WorkflowExecution("dom", "wid", connection=mock.Mock())


def test_exists_and_diff_of_a_started_execution(workflow_type: WorkflowType) -> None:
    started = workflow_type.start_execution(
        workflow_id="wid", execution_timeout="3600", decision_tasks_timeout="60"
    )
    local = WorkflowExecution(
        workflow_type.domain,
        "wid",
        started.run_id,
        task_list="tl",
        child_policy="TERMINATE",
        execution_timeout="3600",
        decision_tasks_timeout="60",
    )

    assert local.exists is True
    assert local.is_synced is True
    assert WorkflowExecution(workflow_type.domain, "wid", "other-run").exists is False


def test_upstream_reads_the_remote_execution(workflow_type: WorkflowType) -> None:
    started = workflow_type.start_execution(workflow_id="wid")

    upstream = started.upstream()

    assert (upstream.workflow_id, upstream.run_id, upstream.status) == (
        "wid",
        started.run_id,
        "OPEN",
    )
    assert upstream.task_list == "tl"
    assert upstream.workflow_type.name == "wf"
    assert upstream.open_counts["openDecisionTasks"] == 1


def test_history_of_a_fresh_execution(workflow_type: WorkflowType) -> None:
    execution = workflow_type.start_execution(workflow_id="wid", input={"a": 1})

    history = execution.history(domain="ignored")

    assert isinstance(history, History)
    assert [event.type for event in history] == ["WorkflowExecution", "DecisionTask"]
    assert history[0].input == {"a": 1}


def test_history_follows_page_tokens_until_missing_or_empty() -> None:
    pages: list[dict[str, Any]] = [
        {"events": [_event(1)], "nextPageToken": "p2"},
        {"events": [_event(2)], "nextPageToken": ""},
        {"events": [_event(3)]},
    ]
    connection = mock.Mock()
    connection.get_workflow_execution_history.side_effect = pages
    execution = WorkflowExecution(
        Domain("dom", connection=connection), "wid", "rid", connection=connection
    )

    history = execution.history(maximum_page_size=1)

    assert [event.id for event in history] == [1, 2]
    assert connection.get_workflow_execution_history.call_args_list == [
        mock.call("dom", "rid", "wid", next_page_token=None, maximum_page_size=1),
        mock.call("dom", "rid", "wid", next_page_token="p2", maximum_page_size=1),
    ]


def _event(event_id: int) -> dict[str, Any]:
    return {
        "eventId": event_id,
        "eventType": "WorkflowExecutionSignaled",
        "eventTimestamp": 0.0,
        "workflowExecutionSignaledEventAttributes": {"signalName": "s"},
    }


def test_signal_appends_a_signaled_event(workflow_type: WorkflowType) -> None:
    execution = workflow_type.start_execution(workflow_id="wid")

    execution.signal("go", input={"x": 1})

    (signaled,) = execution.history().filter(type="WorkflowExecution", state="signaled")
    assert (signaled.signal_name, signaled.input) == ("go", {"x": 1})


def test_signal_to_an_unknown_execution_raises_does_not_exist(workflow_type: WorkflowType) -> None:
    with pytest.raises(WorkflowExecutionDoesNotExist):
        WorkflowExecution(workflow_type.domain, "nope", "nope").signal("go")


def test_terminate_closes_the_execution_and_forwards_the_reason(
    workflow_type: WorkflowType,
) -> None:
    execution = workflow_type.start_execution(workflow_id="wid")

    execution.terminate(reason="because", details="details")

    upstream = execution.upstream()
    assert (upstream.status, upstream.close_status) == ("CLOSED", "TERMINATED")
    last = execution.history()[-1]
    assert (last.state, last.reason, last.details) == ("terminated", "because", "details")


def _fault(code: str, message: str) -> SWFResponseError:
    return SWFResponseError(
        400, "Bad Request", {"__type": f"com.amazonaws.swf.base.model#{code}", "message": message}
    )


def test_request_cancel_calls_the_connection() -> None:
    # moto does not implement RequestCancelWorkflowExecution.
    connection = mock.Mock()
    execution = WorkflowExecution(
        Domain("dom", connection=connection), "w", "r", connection=connection
    )

    execution.request_cancel()

    connection.request_cancel_workflow_execution.assert_called_once_with("dom", "w", run_id="r")


@pytest.mark.parametrize(
    ("method", "connection_method"),
    [
        ("request_cancel", "request_cancel_workflow_execution"),
        ("terminate", "terminate_workflow_execution"),
    ],
)
def test_cancel_and_terminate_map_an_unknown_domain_only(
    method: str, connection_method: str
) -> None:
    connection = mock.Mock()
    domain = Domain("dom", connection=connection)
    execution = WorkflowExecution(domain, "w", "r", connection=connection)
    getattr(connection, connection_method).side_effect = _fault(
        "UnknownResourceFault", "Unknown domain: dom"
    )
    with pytest.raises(WorkflowExecutionDoesNotExist, match="Resource domain does not exist"):
        getattr(execution, method)()

    getattr(connection, connection_method).side_effect = _fault(
        "UnknownResourceFault", "Unknown execution: WorkflowExecution=[workflowId=w, runId=r]"
    )
    with pytest.raises(ResponseError):
        getattr(execution, method)()


def test_terminate_of_an_unknown_execution_raises_response_error(
    workflow_type: WorkflowType,
) -> None:
    with pytest.raises(ResponseError):
        WorkflowExecution(workflow_type.domain, "nope", "nope").terminate()


def test_save_and_delete_are_not_supported() -> None:
    execution = WorkflowExecution(Domain("d", connection=mock.Mock()), "w", connection=mock.Mock())
    with pytest.raises(NotImplementedError):
        execution.save()
    with pytest.raises(NotImplementedError):
        execution.delete()
