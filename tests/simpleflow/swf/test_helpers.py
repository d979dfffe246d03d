"""Execution lookups feeding repair mode, against moto's SWF server (cli spec §3.1, §3.3)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from simpleflow.history import History
from simpleflow.swf.helpers import get_workflow_execution
from simpleflow.swf.utils import get_workflow_history
from swf.exceptions import DoesNotExistError

pytestmark = pytest.mark.integration


def _connection() -> Any:
    from swf.core import ConnectedSWFObject

    return ConnectedSWFObject().connection


@pytest.fixture
def connection(domain_name: str) -> Any:
    connection = _connection()
    connection.register_workflow_type(
        domain_name,
        "lookup",
        "1",
        task_list="lookup-decisions",
        default_child_policy="TERMINATE",
        default_execution_start_to_close_timeout="600",
        default_task_start_to_close_timeout="60",
    )
    return connection


def start(connection: Any, domain: str, workflow_id: str) -> str:
    response = connection.start_workflow_execution(
        domain,
        workflow_id,
        "lookup",
        "1",
        task_list="lookup-decisions",
        input=json.dumps({"args": [1], "kwargs": {}}),
    )
    return str(response["runId"])


def test_execution_by_run_id_is_described(connection: Any, domain_name: str) -> None:
    run_id = start(connection, domain_name, "wf")
    execution = get_workflow_execution(domain_name, "wf", run_id)
    assert (execution.workflow_id, execution.run_id) == ("wf", run_id)
    assert execution.task_list == "lookup-decisions"


def test_without_run_id_the_open_execution_wins_over_closed_ones(
    connection: Any, domain_name: str
) -> None:
    old = start(connection, domain_name, "wf")
    connection.terminate_workflow_execution(domain_name, "wf", run_id=old)
    current = start(connection, domain_name, "wf")
    start(connection, domain_name, "wf-other")
    assert get_workflow_execution(domain_name, "wf").run_id == current


def test_without_run_id_the_latest_closed_execution_is_found(
    connection: Any, domain_name: str
) -> None:
    first = start(connection, domain_name, "wf")
    connection.terminate_workflow_execution(domain_name, "wf", run_id=first)
    second = start(connection, domain_name, "wf")
    connection.terminate_workflow_execution(domain_name, "wf", run_id=second)
    execution = get_workflow_execution(domain_name, "wf")
    assert execution.run_id == second
    assert execution.task_list == "lookup-decisions"


def test_unknown_executions_raise_does_not_exist(connection: Any, domain_name: str) -> None:
    with pytest.raises(DoesNotExistError, match="no execution found for workflow id nope"):
        get_workflow_execution(domain_name, "nope")
    run_id = start(connection, domain_name, "wf")
    with pytest.raises(DoesNotExistError, match=f"execution nope {run_id} not found"):
        get_workflow_execution(domain_name, "nope", run_id)


def test_workflow_history_is_returned_unparsed(connection: Any, domain_name: str) -> None:
    start(connection, domain_name, "wf")
    history = get_workflow_history(domain_name, "wf")
    assert isinstance(history, History)
    assert history._tasks == []
    assert history.events[0].input == {"args": [1], "kwargs": {}}
    history.parse()
    assert history._activities == {}
