from __future__ import annotations

import json
from collections.abc import Iterator
from unittest import mock

import pytest
from moto import mock_aws

from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    ResponseError,
    SWFResponseError,
    SWFWorkflowExecutionAlreadyStartedError,
)
from swf.models import Domain, WorkflowExecution, WorkflowType
from swf.models.workflow import CHILD_POLICIES


def _fault(code: str, message: str | None = "boom") -> SWFResponseError:
    return SWFResponseError(
        400, "Bad Request", {"__type": f"com.amazonaws.swf.base.model#{code}", "message": message}
    )


@pytest.fixture
def domain() -> Iterator[Domain]:
    with mock_aws():
        domain = Domain("dom")
        domain.save()
        yield domain


def test_child_policies_is_a_namedtuple_of_names() -> None:
    assert type(CHILD_POLICIES).__name__ == "CHILD_POLICY"
    assert CHILD_POLICIES._fields == ("TERMINATE", "REQUEST_CANCEL", "ABANDON")
    assert tuple(CHILD_POLICIES) == CHILD_POLICIES._fields
    assert "TERMINATE" in CHILD_POLICIES


def test_defaults_and_repr() -> None:
    domain = Domain("dom", connection=mock.Mock())
    wt = WorkflowType(domain, "wf", "1", connection=mock.Mock())

    assert (wt.child_policy, wt.execution_timeout, wt.decision_tasks_timeout) == (
        "TERMINATE",
        "300",
        "300",
    )
    assert (wt.creation_date, wt.deprecation_date, wt.task_list) == (0.0, 0.0, None)
    assert repr(wt) == "<WorkflowType domain=dom name=wf version=1 status=REGISTERED>"


def test_invalid_child_policy_raises_value_error() -> None:
    with pytest.raises(ValueError, match="invalid child policy value: KILL"):
        WorkflowType(Domain("dom", connection=mock.Mock()), "wf", "1", child_policy="KILL")


def test_none_child_policy_is_accepted() -> None:
    wt = WorkflowType(Domain("d", connection=mock.Mock()), "wf", "1", child_policy=None)
    assert wt.child_policy is None


def test_save_omits_none_values_and_stringifies_others() -> None:
    connection = mock.Mock()
    domain = Domain("dom", connection=connection)
    WorkflowType(domain, "wf", "1", execution_timeout=60, connection=connection).save()

    connection.register_workflow_type.assert_called_once_with(
        "dom",
        "wf",
        "1",
        description=None,
        default_child_policy="TERMINATE",
        default_execution_start_to_close_timeout="60",
        default_task_start_to_close_timeout="300",
    )


def test_save_exists_and_diff(domain: Domain) -> None:
    wt = WorkflowType(domain, "wf", "1", task_list="tl", description="d")
    assert wt.exists is False
    assert wt.is_synced is False

    wt.save()

    assert wt.exists is True
    # creation_date is set by SWF, deprecation_date is absent (read as None).
    assert wt.changes.differing_fields() == ["creation_date", "deprecation_date"]
    upstream = wt.upstream()
    assert (upstream.name, upstream.version, upstream.task_list) == ("wf", "1", "tl")
    assert (upstream.execution_timeout, upstream.child_policy) == ("300", "TERMINATE")


def test_save_twice_raises_already_exists(domain: Domain) -> None:
    WorkflowType(domain, "wf", "1").save()
    with pytest.raises(AlreadyExistsError, match="already exists"):
        WorkflowType(domain, "wf", "1").save()


@pytest.mark.usefixtures("domain")
def test_save_in_unknown_domain_raises_does_not_exist() -> None:
    with pytest.raises(DoesNotExistError):
        WorkflowType(Domain("nope"), "wf", "1").save()


@pytest.mark.usefixtures("domain")
def test_exists_in_unknown_domain_raises_response_error() -> None:
    with pytest.raises(ResponseError):
        WorkflowType(Domain("nope"), "wf", "1").exists  # noqa: B018


def test_delete_then_delete_again_raises_does_not_exist(domain: Domain) -> None:
    wt = WorkflowType(domain, "wf", "1")
    wt.save()
    wt.delete()

    assert wt.upstream().status == "DEPRECATED"
    with pytest.raises(DoesNotExistError):
        wt.delete()


@pytest.mark.parametrize("method", ["save", "delete"])
def test_unexpected_faults_propagate_from_save_and_delete(method: str) -> None:
    connection = mock.Mock()
    fault = _fault("LimitExceededFault")
    connection.register_workflow_type.side_effect = fault
    connection.deprecate_workflow_type.side_effect = fault
    wt = WorkflowType(Domain("dom", connection=connection), "wf", "1", connection=connection)

    with pytest.raises(SWFResponseError) as info:
        getattr(wt, method)()
    assert info.value is fault


def test_start_execution_returns_the_execution(domain: Domain) -> None:
    wt = WorkflowType(domain, "wf", "1", task_list="tl")
    wt.save()

    execution = wt.start_execution(workflow_id="wid", input={"args": [1]}, tag_list=["t"])

    assert isinstance(execution, WorkflowExecution)
    assert execution.workflow_id == "wid" and execution.run_id
    history = execution.history()
    assert history[0].input == {"args": [1]}
    assert history[0].task_list == {"name": "tl"}
    assert execution.upstream().tag_list == ["t"]


def test_start_execution_defaults_the_workflow_id_and_sends_null_input() -> None:
    connection = mock.Mock()
    connection.start_workflow_execution.return_value = {"runId": "r"}
    domain = Domain("dom", connection=connection)
    wt = WorkflowType(domain, "wf", "1", task_list="tl", connection=connection)

    execution = wt.start_execution()

    args, kwargs = connection.start_workflow_execution.call_args
    assert args[0] == "dom" and args[2:] == ("wf", "1")
    assert args[1].startswith("wf-1-") and args[1] == execution.workflow_id
    assert kwargs == {
        "task_list": "tl",
        "child_policy": "TERMINATE",
        "execution_start_to_close_timeout": None,
        "input": json.dumps(None),
        "tag_list": None,
        "task_start_to_close_timeout": None,
        "task_priority": None,
    }
    assert execution.run_id == "r"


def test_start_execution_twice_lets_the_fault_through(domain: Domain) -> None:
    wt = WorkflowType(domain, "wf", "1", task_list="tl")
    wt.save()
    wt.start_execution(workflow_id="wid")

    with pytest.raises(SWFWorkflowExecutionAlreadyStartedError):
        wt.start_execution(workflow_id="wid")
