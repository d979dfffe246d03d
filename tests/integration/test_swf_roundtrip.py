"""The swf object layer against moto's SWF server: register, start, decide, work, read."""

from __future__ import annotations

import json

import pytest

from swf.actors import ActivityWorker, Decider
from swf.constants import DEPRECATED
from swf.exceptions import PollTimeout
from swf.models import ActivityType, Domain, WorkflowExecution, WorkflowType
from swf.models.decision import ActivityTaskDecision, WorkflowExecutionDecision
from swf.querysets import (
    ActivityTypeQuerySet,
    DomainQuerySet,
    WorkflowExecutionQuerySet,
    WorkflowTypeQuerySet,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def domain(domain_name: str) -> Domain:
    return DomainQuerySet().get(domain_name)


@pytest.fixture
def workflow_type(domain: Domain) -> WorkflowType:
    return WorkflowTypeQuerySet(domain).create(
        "wf", "1", task_list="decisions", execution_timeout="3600", decision_tasks_timeout="60"
    )


@pytest.fixture
def activity_type(domain: Domain) -> ActivityType:
    return ActivityTypeQuerySet(domain).create(
        "act",
        "1",
        task_list="activities",
        task_heartbeat_timeout="60",
        task_schedule_to_close_timeout="120",
        task_schedule_to_start_timeout="60",
        task_start_to_close_timeout="60",
    )


def test_domain_lifecycle(swf_endpoint: str) -> None:
    domain = Domain("lifecycle", description="a domain", retention_period="3")
    assert domain.exists is False

    domain.save()

    assert domain.exists is True
    assert domain.is_synced is True
    assert not domain.changes
    assert DomainQuerySet().get("lifecycle").description == "a domain"
    assert "lifecycle" in [d.name for d in DomainQuerySet().all()]

    domain.delete()
    assert domain.upstream().status == DEPRECATED
    assert domain.is_synced is False
    assert domain.changes.differing_fields() == ["status"]
    assert "lifecycle" in [d.name for d in DomainQuerySet().all(registration_status=DEPRECATED)]


def test_types_register_describe_and_deprecate(
    domain: Domain, workflow_type: WorkflowType, activity_type: ActivityType
) -> None:
    assert workflow_type.exists and activity_type.exists
    assert activity_type.upstream().is_synced is True
    assert WorkflowTypeQuerySet(domain).get("wf", "1").decision_tasks_timeout == "60"
    assert [(t.name, t.version) for t in domain.workflows()] == [("wf", "1")]
    assert [(t.name, t.version) for t in domain.activities()] == [("act", "1")]
    assert ActivityTypeQuerySet(domain).get_or_create("act", "1").name == "act"

    activity_type.delete()
    workflow_type.delete()

    assert domain.activities() == []
    assert [t.name for t in domain.activities(status=DEPRECATED)] == ["act"]
    assert [t.status for t in WorkflowTypeQuerySet(domain).all(DEPRECATED)] == [DEPRECATED]


def test_decider_schedules_an_activity_that_a_worker_completes(
    workflow_type: WorkflowType, activity_type: ActivityType
) -> None:
    domain = workflow_type.domain
    execution = workflow_type.start_execution(workflow_id="roundtrip", input={"args": [1]})
    assert execution.exists

    decider = Decider(domain, "decisions")
    response = decider.poll(identity="decider-1")
    assert [e.type for e in response.history] == [
        "WorkflowExecution",
        "DecisionTask",
        "DecisionTask",
    ]
    assert response.history[0].input == {"args": [1]}
    assert response.execution.run_id == execution.run_id

    schedule = ActivityTaskDecision(
        "schedule",
        activity_id="act-1",
        activity_type=activity_type,
        input={"args": [2]},
        task_list="activities",
    )
    decider.complete(response.token, decisions=[schedule])

    worker = ActivityWorker(domain, "activities", identity="worker-1")
    token, task = worker.poll()
    assert (task.activity_id, task.activity_type.name, json.loads(task.input)) == (
        "act-1",
        "act",
        {"args": [2]},
    )
    assert task.workflow_execution.workflow_id == "roundtrip"
    assert worker.heartbeat(token, details="half") == {"cancelRequested": False}
    worker.complete(token, result=json.dumps(3))

    response = decider.poll()
    completed = response.history.filter(type="ActivityTask", state="completed")
    assert [json.loads(e.result) for e in completed] == [3]
    complete = WorkflowExecutionDecision()
    complete.complete(result="3")
    decider.complete(response.token, [complete])

    history = execution.history()
    assert history[-1].type == "WorkflowExecution"
    assert history[-1].state == "completed"
    assert execution.upstream().close_status == WorkflowExecution.CLOSE_STATUS_COMPLETED


def test_signal_terminate_and_list_executions(workflow_type: WorkflowType) -> None:
    domain = workflow_type.domain
    first = workflow_type.start_execution(workflow_id="first", tag_list=["blue"])
    second = workflow_type.start_execution(workflow_id="second")

    first.signal("wake", input={"n": 1})
    second.terminate(reason="not needed")

    signaled = first.history().filter(type="WorkflowExecution", state="signaled")
    assert [(e.signal_name, e.input) for e in signaled] == [("wake", {"n": 1})]
    queryset = WorkflowExecutionQuerySet(domain)
    assert [e.workflow_id for e in queryset.all()] == ["first"]
    assert [e.workflow_id for e in queryset.filter(workflow_id="first")] == ["first"]
    closed = queryset.filter(status=WorkflowExecution.STATUS_CLOSED)
    assert [(e.workflow_id, e.close_status) for e in closed] == [("second", "TERMINATED")]
    fetched = queryset.get("first", first.run_id)
    assert (fetched.tag_list, fetched.task_list, fetched.execution_timeout) == (
        ["blue"],
        "decisions",
        "3600",
    )
    assert second.history()[-1].reason == "not needed"


def test_empty_polls_time_out(domain: Domain) -> None:
    with pytest.raises(PollTimeout):
        Decider(domain, "nothing-here").poll()
    with pytest.raises(PollTimeout):
        ActivityWorker(domain, "nothing-here").poll()
