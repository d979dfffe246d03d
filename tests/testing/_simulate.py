"""Synthetic histories made by the pure replay core itself, the way SWF would record them.

`simulate(Workflow, *args)` plays the engine: after each decision task it writes the events
SWF writes for the decisions (with their `decisionTaskCompletedEventId`), then completes
every activity with the result of its function and every child with `child_result(input)`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from simpleflow.registry import registry
from simpleflow.task import ActivityTask
from simpleflow.testing._replayer import _ReplayDomain, _Replayer
from simpleflow.workflow import Workflow
from swf.models.history.base import History
from swf.responses import Response


def _default_child_result(child_input: dict[str, Any]) -> Any:
    return child_input.get("args")


def simulate(
    workflow: type[Workflow],
    *args: Any,
    child_result: Callable[[dict[str, Any]], Any] = _default_child_result,
    max_tasks: int = 50,
    **kwargs: Any,
) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []

    def add(event_type: str, **attributes: Any) -> int:
        event_id = len(events) + 1
        key = event_type[0].lower() + event_type[1:] + "EventAttributes"
        events.append(
            {
                "eventId": event_id,
                "eventType": event_type,
                "eventTimestamp": 1_700_000_000 + event_id,
                key: attributes,
            }
        )
        return event_id

    add(
        "WorkflowExecutionStarted",
        workflowType={"name": workflow.name, "version": workflow.version},
        taskList={"name": workflow.task_list},
        childPolicy="TERMINATE",
        input=json.dumps({"args": list(args), "kwargs": kwargs}),
    )
    replayer = _Replayer(_ReplayDomain("simulated"), workflow)
    for _ in range(max_tasks):
        scheduled = add("DecisionTaskScheduled", taskList={"name": workflow.task_list})
        started = add("DecisionTaskStarted", scheduledEventId=scheduled)
        history = History.from_event_list(events)
        decisions = replayer.run(Response(history=history)).decisions
        completed = add("DecisionTaskCompleted", scheduledEventId=scheduled, startedEventId=started)
        pending = []
        for decision in decisions:
            kind = decision["decisionType"]
            attributes = dict(decision[decision.attributes_key])
            attributes["decisionTaskCompletedEventId"] = completed
            if kind == "ScheduleActivityTask":
                pending.append((kind, add("ActivityTaskScheduled", **attributes), attributes))
            elif kind == "StartChildWorkflowExecution":
                initiated = add("StartChildWorkflowExecutionInitiated", **attributes)
                pending.append((kind, initiated, attributes))
            elif kind == "StartTimer":
                pending.append((kind, add("TimerStarted", **attributes), attributes))
            elif kind == "CompleteWorkflowExecution":
                add("WorkflowExecutionCompleted", **attributes)
                return events
            elif kind == "FailWorkflowExecution":
                add("WorkflowExecutionFailed", **attributes)
                return events
            else:
                raise AssertionError(f"simulate() does not know {kind}")
        for kind, event_id, attributes in pending:
            task_input = json.loads(attributes.get("input") or "{}")
            if kind == "ScheduleActivityTask":
                activity = registry[None][attributes["activityType"]["name"]]
                task = ActivityTask(activity, *task_input["args"], **task_input["kwargs"])
                begun = add("ActivityTaskStarted", scheduledEventId=event_id)
                add(
                    "ActivityTaskCompleted",
                    scheduledEventId=event_id,
                    startedEventId=begun,
                    result=json.dumps(task.execute()),
                )
            elif kind == "StartChildWorkflowExecution":
                execution = {"workflowId": attributes["workflowId"], "runId": f"run-{event_id}"}
                common = {
                    "initiatedEventId": event_id,
                    "workflowExecution": execution,
                    "workflowType": attributes["workflowType"],
                }
                begun = add("ChildWorkflowExecutionStarted", **common)
                add(
                    "ChildWorkflowExecutionCompleted",
                    startedEventId=begun,
                    result=json.dumps(child_result(task_input)),
                    **common,
                )
            else:
                add("TimerFired", timerId=attributes["timerId"], startedEventId=event_id)
    raise AssertionError(f"{workflow.__name__} did not close after {max_tasks} decision tasks")
