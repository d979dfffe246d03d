"""Synthetic histories for the progress, timeline and web-view tests.

Built with ``swf.models.history.builder``; the timer events (which the builder has no
method for) are appended as raw SWF events through ``EventFactory``.
"""

from __future__ import annotations

from typing import Any

from swf.models.event.factory import EventFactory
from swf.models.history import builder


class Workflow:
    name = "visual-demo"
    version = "1"
    task_list = "visual"
    decision_tasks_timeout = "300"
    execution_timeout = "3600"
    tag_list = ["demo"]


class Activity:
    def __init__(self, name: str) -> None:
        self.name = name
        self.version = "1"
        self.task_list = "visual"
        self.task_schedule_to_close_timeout = "300"
        self.task_schedule_to_start_timeout = "300"
        self.task_start_to_close_timeout = "300"
        self.task_heartbeat_timeout = "300"


class ChildWorkflow:
    name = "visual-child"
    version = "1"


def append_raw(history: builder.History, event_type: str, attributes: dict[str, Any]) -> None:
    """Append one raw SWF event (a timestamp one second after the last event)."""
    last = history.events[-1].timestamp.timestamp()
    key = f"{event_type[0].lower()}{event_type[1:]}EventAttributes"
    raw = {
        "eventId": history.next_id,
        "eventType": event_type,
        "eventTimestamp": last + 1,
        key: attributes,
    }
    history.events.append(EventFactory(raw))


def mixed_history(closed: bool = True) -> builder.History:
    """Activities in every state (one retried), a child workflow and two timers.

    Rows: increment (completed), double (failed, then retried and completed), slow
    (timed out), waiting (scheduled), running (started), child (completed), timer t1
    (fired), timer t2 (open while the execution is open).
    """
    history = builder.History(Workflow, input={"args": [1]})
    history.add_decision_task_completed()
    decision = history.last_id
    history.add_activity_task(Activity("increment"), decision, "completed", "increment-1", result=2)
    history.add_activity_task(Activity("double"), decision, "failed", "double-1", reason="boom")
    history.add_activity_task(
        Activity("slow"), decision, "timed_out", "slow-1", timeout_type="START_TO_CLOSE"
    )
    history.add_decision_task()
    history.add_activity_task(
        Activity("double"), history.last_id, "completed", "double-1", result=4
    )
    history.add_child_workflow(ChildWorkflow, "completed", workflow_id="child-1", result='"ok"')
    append_raw(
        history,
        "TimerStarted",
        {"timerId": "t1", "startToFireTimeout": "5", "decisionTaskCompletedEventId": decision},
    )
    append_raw(history, "TimerFired", {"timerId": "t1", "startedEventId": history.last_id})
    append_raw(
        history,
        "TimerStarted",
        {"timerId": "t2", "startToFireTimeout": "60", "decisionTaskCompletedEventId": decision},
    )
    history.add_activity_task(Activity("waiting"), decision, "scheduled", "waiting-1")
    history.add_activity_task(Activity("running"), decision, "started", "running-1")
    if closed:
        append_raw(
            history,
            "TimerCanceled",
            {
                "timerId": "t2",
                "startedEventId": history.last_id - 3,
                "decisionTaskCompletedEventId": decision,
            },
        )
        history.add_decision_task()
        append_raw(
            history,
            "WorkflowExecutionFailed",
            {"reason": "double failed", "decisionTaskCompletedEventId": decision},
        )
    return history


def fanout_history(count: int, failed_every: int = 0) -> builder.History:
    """``count`` completed activities of five names (every ``failed_every``-th fails)."""
    history = builder.History(Workflow)
    history.add_decision_task_completed()
    decision = history.last_id
    activities = [Activity(f"bench.step{i}") for i in range(5)]
    for index in range(count):
        state = "failed" if failed_every and index % failed_every == 0 else "completed"
        history.add_activity_task(
            activities[index % 5], decision, state, f"task-{index}", result=index
        )
    history.add_decision_task()
    append_raw(
        history,
        "WorkflowExecutionCompleted",
        {"result": "null", "decisionTaskCompletedEventId": decision},
    )
    return history
