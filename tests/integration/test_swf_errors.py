"""Errors of the swf object layer against moto's SWF server."""

from __future__ import annotations

import pytest

from swf.actors import ActivityWorker, Decider
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    ResponseError,
    SWFResponseError,
    SWFWorkflowExecutionAlreadyStartedError,
)
from swf.models import ActivityType, Domain, WorkflowExecution, WorkflowType
from swf.models.activity import ActivityTypeDoesNotExist
from swf.models.domain import DomainDoesNotExist
from swf.models.workflow import WorkflowExecutionDoesNotExist
from swf.querysets import DomainQuerySet, WorkflowExecutionQuerySet, WorkflowTypeQuerySet

pytestmark = pytest.mark.integration


@pytest.fixture
def domain(domain_name: str) -> Domain:
    return Domain(domain_name)


@pytest.mark.usefixtures("swf_endpoint")
def test_unknown_domain() -> None:
    unknown = Domain("no-such-domain")

    assert unknown.exists is False
    assert unknown.is_synced is False
    with pytest.raises(DoesNotExistError, match="No such domain: no-such-domain"):
        DomainQuerySet().get("no-such-domain")
    with pytest.raises(DomainDoesNotExist):
        unknown.delete()
    with pytest.raises(ResponseError):
        WorkflowType(unknown, "wf", "1").exists  # noqa: B018
    with pytest.raises(DoesNotExistError):
        WorkflowType(unknown, "wf", "1").save()
    with pytest.raises(DoesNotExistError):
        WorkflowTypeQuerySet(unknown).get("wf", "1")
    with pytest.raises(DoesNotExistError, match="Unable to poll decision task"):
        Decider(unknown, "tl").poll()
    with pytest.raises(DoesNotExistError, match="Unable to poll activity task"):
        ActivityWorker(unknown, "tl").poll()
    with pytest.raises(WorkflowExecutionDoesNotExist, match="Resource domain does not exist"):
        WorkflowExecution(unknown, "wid", "rid").terminate()


def test_unknown_types(domain: Domain) -> None:
    assert WorkflowType(domain, "nope", "1").exists is False
    assert ActivityType(domain, "nope", "1").exists is False
    assert ActivityType(domain, "nope", "1").is_synced is False
    with pytest.raises(ActivityTypeDoesNotExist):
        ActivityType(domain, "nope", "1").delete()
    with pytest.raises(DoesNotExistError):
        WorkflowType(domain, "nope", "1").delete()


def test_unknown_execution(domain: Domain) -> None:
    unknown = WorkflowExecution(domain, "no-such-execution", "no-such-run")

    assert unknown.exists is False
    with pytest.raises(DoesNotExistError):
        unknown._diff()
    with pytest.raises(DoesNotExistError):
        WorkflowExecutionQuerySet(domain).get("no-such-execution", "no-such-run")
    with pytest.raises(WorkflowExecutionDoesNotExist):
        unknown.signal("go")
    with pytest.raises(ResponseError):
        unknown.terminate()


def test_duplicate_registrations(domain: Domain) -> None:
    with pytest.raises(AlreadyExistsError, match=domain.name):
        Domain(domain.name).save()
    WorkflowType(domain, "wf", "1", task_list="tl").save()
    with pytest.raises(AlreadyExistsError):
        WorkflowType(domain, "wf", "1").save()
    ActivityType(domain, "act", "1").save()
    with pytest.raises(AlreadyExistsError, match="already exists"):
        ActivityType(domain, "act", "1").save()


def test_duplicate_open_execution(domain: Domain) -> None:
    workflow_type = WorkflowType(domain, "wf", "1", task_list="tl")
    workflow_type.save()
    workflow_type.start_execution(workflow_id="same")

    with pytest.raises(SWFWorkflowExecutionAlreadyStartedError):
        workflow_type.start_execution(workflow_id="same")


@pytest.mark.parametrize("name", ["a:b", "x" * 300, "", "with/slash", "arn", " padded"])
@pytest.mark.usefixtures("swf_endpoint")
def test_invalid_domain_names_are_refused(name: str) -> None:
    with pytest.raises(SWFResponseError) as info:
        Domain(name).save()

    assert info.value.error_code == "ValidationException"
    assert Domain("valid-name").exists is False


def test_invalid_type_names_and_workflow_ids_are_refused(domain: Domain) -> None:
    with pytest.raises(SWFResponseError, match="invalid activity type name"):
        ActivityType(domain, "a|b", "1").save()
    with pytest.raises(SWFResponseError, match="invalid workflow type version"):
        WorkflowType(domain, "wf", "v" * 257).save()
    workflow_type = WorkflowType(domain, "wf", "1", task_list="tl")
    workflow_type.save()
    with pytest.raises(SWFResponseError, match="invalid workflow id"):
        workflow_type.start_execution(workflow_id="a:b")


def test_malformed_task_tokens_raise_does_not_exist(domain: Domain) -> None:
    # SWF answers UnknownResourceFault for an unknown token (features.md §13.3, §20.15).
    worker = ActivityWorker(domain, "tl")
    with pytest.raises(DoesNotExistError, match="not-a-token"):
        worker.complete("not-a-token")
    with pytest.raises(DoesNotExistError, match="not-a-token"):
        worker.heartbeat("not-a-token")
    with pytest.raises(DoesNotExistError, match="not-a-token"):
        Decider(domain, "tl").complete("not-a-token")
