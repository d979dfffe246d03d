"""An in-memory SWF: replays a workflow and runs its activities locally until it closes.

Each round replays the workflow against a builder history, executes every scheduled
activity in this process (through `simpleflow.task.ActivityTask`), appends the matching
scheduled/started/completed-or-failed events, then a new decision task. A `StartTimer`
decision (the 100-decision rule) just leads to the next decision task.
"""

from __future__ import annotations

import json
import traceback
from dataclasses import dataclass, field
from typing import Any

from simpleflow import Workflow
from simpleflow.registry import registry
from simpleflow.swf.executor import Executor
from simpleflow.task import ActivityTask
from swf.models.history import builder
from swf.responses import Response
from tests.simpleflow.swf._workflows import FakeDomain

_CLOSING = ("CompleteWorkflowExecution", "FailWorkflowExecution")


@dataclass
class Outcome:
    """How the execution closed, and what it took."""

    decision: dict[str, Any]
    history: Any
    rounds: int
    scheduled: list[str] = field(default_factory=list)

    @property
    def completed(self) -> bool:
        return self.decision["decisionType"] == "CompleteWorkflowExecution"

    @property
    def result(self) -> Any:
        assert self.completed, self.decision
        return json.loads(self.decision["completeWorkflowExecutionDecisionAttributes"]["result"])

    @property
    def reason(self) -> str:
        assert not self.completed, self.decision
        reason: str = self.decision["failWorkflowExecutionDecisionAttributes"]["reason"]
        return reason


def _execute(history: builder.History, decision_id: int, attributes: dict[str, Any]) -> None:
    activity_type = attributes["activityType"]
    activity = registry[None][activity_type["name"]]
    task_input = json.loads(attributes["input"])
    common = {
        "decision_id": decision_id,
        "activity_id": attributes["activityId"],
        "input": task_input,
    }
    try:
        task = ActivityTask(activity, *task_input["args"], **task_input["kwargs"])
        result = task.execute()
    except Exception as err:
        history.add_activity_task(
            activity,
            last_state="failed",
            reason=str(err)[:256],
            details=traceback.format_exc(),
            **common,
        )
    else:
        history.add_activity_task(activity, last_state="completed", result=result, **common)


def run_workflow(
    workflow: type[Workflow], input: dict[str, Any], max_rounds: int = 100, **options: Any
) -> Outcome:
    """Drive `workflow` with `input` until it completes or fails; return how it closed."""
    history = builder.History(workflow, input=input)
    executor = Executor(FakeDomain(), workflow, **options)
    scheduled: list[str] = []
    for rounds in range(1, max_rounds + 1):
        decisions, context = executor.replay(Response(history=history))
        assert context == {}
        closing = [d for d in decisions if d["decisionType"] in _CLOSING]
        if closing:
            assert closing == [decisions[-1]], decisions
            return Outcome(dict(closing[0]), history, rounds, scheduled)
        assert decisions, "the workflow is blocked but made no decision"
        history.add_decision_task_completed()
        decision_id = history.last_id
        for decision in decisions:
            kind = decision["decisionType"]
            if kind == "ScheduleActivityTask":
                attributes = decision["scheduleActivityTaskDecisionAttributes"]
                scheduled.append(attributes["activityId"])
                _execute(history, decision_id, attributes)
            elif kind != "StartTimer":
                raise AssertionError(f"the driver cannot handle {kind} decisions")
        history.add_decision_task_scheduled()
        history.add_decision_task_started()
    raise AssertionError(f"the workflow did not close in {max_rounds} decisions")
