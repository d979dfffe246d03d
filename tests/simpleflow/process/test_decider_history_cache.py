"""Workflows decided from the decider's history cache make the decisions an uncached replay
makes, decision task after decision task (local engine on 127.0.0.1, activities answered by
the test through boto3)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from simpleflow import Workflow, activity, futures
from simpleflow.swf.executor import Executor
from simpleflow.swf.process.decider import DeciderPoller, DeciderWorker
from swf.actors._history_cache import HistoryCache
from swf.models import Domain
from swf.models.history import History
from swf.responses import Response

pytestmark = pytest.mark.integration

DECISIONS = "cache-replay-decisions"
ACTIVITIES = "cache-replay-activities"


@activity.with_attributes(task_list=ACTIVITIES, version="1")
def step(x: int) -> int:
    return x + 1


class _Base(Workflow):
    version = "1"
    task_list = DECISIONS
    execution_timeout = "600"
    decision_tasks_timeout = "60"


class FanOut(_Base):
    name = "cache-fanout"

    def run(self, n: int) -> int:
        results = [self.submit(step, i) for i in range(n)]
        futures.wait(*results)
        return sum(result.result for result in results)


class Chain(_Base):
    name = "cache-chain"

    def run(self, n: int) -> int:
        value = 0
        for _ in range(n):
            value = self.submit(step, value).result
        return value


class Mutating(_Base):
    """Changes its decoded input: a later replay from the cache must not see the change."""

    name = "cache-mutating"

    def run(self, items: list[int]) -> int:
        items.append(len(items))
        value = self.submit(step, len(items)).result
        value = self.submit(step, value + len(items)).result
        return self.submit(step, value + len(items)).result


def _forward(poller: DeciderPoller, response: Any) -> list[dict[str, Any]]:
    execution = response.execution
    events: list[dict[str, Any]] = []
    token = None
    while True:
        page = poller.connection.get_workflow_execution_history(
            poller.domain.name, execution.run_id, execution.workflow_id, next_page_token=token
        )
        events += page["events"]
        token = page.get("nextPageToken")
        if not token:
            return events[: len(response.history)]


def _decide_all(domain: str, workflow: type[Workflow], argument: Any) -> tuple[int, Any]:
    """Run ``workflow`` to its end; each decision is compared with an uncached replay.

    Returns:
        The number of decision tasks, and the workflow result.
    """
    executor = Executor(Domain(domain), workflow)
    poller = DeciderPoller([executor], Domain(domain), DECISIONS)
    assert poller.history_cache is not None
    poller.history_cache = cache = HistoryCache(first_page_size=10)
    client = boto3.client("swf", region_name="us-east-1")
    run_id = client.start_workflow_execution(
        domain=domain,
        workflowId=f"{workflow.name}-run",
        workflowType={"name": workflow.name, "version": "1"},
        taskList={"name": DECISIONS},
        input=json.dumps({"args": [argument], "kwargs": {}}),
        executionStartToCloseTimeout="600",
        taskStartToCloseTimeout="60",
        childPolicy="TERMINATE",
    )["runId"]
    worker = DeciderWorker(poller._workflows)
    tasks = 0
    while True:
        response = poller.poll()
        tasks += 1
        if tasks > 1:
            assert (response.execution.workflow_id, run_id) in cache
        uncached = Response(
            token=response.token,
            history=History.from_event_list(_forward(poller, response)),
            execution=response.execution,
        )
        expected = worker.decide(uncached)
        decisions = worker.decide(response)
        assert decisions == expected
        assert decisions is not None
        poller.complete(response.token, decisions)
        closing = [d for d in decisions if d["decisionType"] == "CompleteWorkflowExecution"]
        if closing:
            assert (response.execution.workflow_id, run_id) not in cache
            attributes = closing[0]["completeWorkflowExecutionDecisionAttributes"]
            return tasks, json.loads(attributes["result"])
        assert not [d for d in decisions if d["decisionType"] == "FailWorkflowExecution"]
        scheduled = sum(d["decisionType"] == "ScheduleActivityTask" for d in decisions)
        for _ in range(scheduled):
            task = client.poll_for_activity_task(domain=domain, taskList={"name": ACTIVITIES})
            (x,) = json.loads(task["input"])["args"]
            client.respond_activity_task_completed(
                taskToken=task["taskToken"], result=json.dumps(x + 1)
            )


@pytest.fixture
def domain(domain_name: str) -> str:
    boto3.client("swf", region_name="us-east-1").register_activity_type(
        domain=domain_name,
        name=step.name,
        version="1",
        defaultTaskList={"name": ACTIVITIES},
        defaultTaskScheduleToStartTimeout="60",
        defaultTaskScheduleToCloseTimeout="120",
        defaultTaskStartToCloseTimeout="60",
        defaultTaskHeartbeatTimeout="60",
    )
    for workflow in (FanOut, Chain, Mutating):
        boto3.client("swf", region_name="us-east-1").register_workflow_type(
            domain=domain_name, name=workflow.name, version="1"
        )
    return domain_name


def test_a_fan_out_decided_from_the_cache(domain: str) -> None:
    tasks, result = _decide_all(domain, FanOut, 40)
    assert result == sum(range(1, 41))
    assert tasks >= 2


def test_a_chain_decided_from_the_cache(domain: str) -> None:
    tasks, result = _decide_all(domain, Chain, 12)
    assert result == 12
    assert tasks == 13


def test_changes_made_by_a_replay_do_not_reach_the_next_one(domain: str) -> None:
    tasks, result = _decide_all(domain, Mutating, [])
    # items == [0] on every replay: step(1) -> 2, step(2 + 1) -> 4, step(4 + 1) -> 6.
    assert result == 6
    assert tasks == 4
