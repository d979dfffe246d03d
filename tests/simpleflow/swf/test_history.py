"""`simpleflow.history.History`: entry dicts built from synthetic histories (spec §12)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from simpleflow.history import History
from swf.models.event import EventFactory
from tests.simpleflow.swf._workflows import ChildWorkflow, MapWorkflow, increment, new_history

ACTIVITY_ID = "activity-pkg.tasks.increment-1"
CHILD_ID = "workflow-child-1"


def parsed(history: Any) -> History:
    result = History(history)
    result.parse()
    return result


def append_raw(history: Any, event_type: str, attributes: dict[str, Any]) -> None:
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    raw = {
        "eventId": len(history.events) + 1,
        "eventType": event_type,
        "eventTimestamp": 1_700_000_000.0,
        key: attributes,
    }
    history.events.append(EventFactory(raw))


def test_scheduled_activity_entry_has_the_contract_fields() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(
        increment, decision_id=4, last_state="scheduled", activity_id=ACTIVITY_ID,
        input={"args": [0], "kwargs": {}},
    )  # fmt: skip
    history = parsed(h)

    entry = history._activities[ACTIVITY_ID]
    scheduled = h.events[-1]
    assert entry == {
        "type": "activity",
        "id": ACTIVITY_ID,
        "name": "pkg.tasks.increment",
        "version": "default",
        "state": "scheduled",
        "scheduled_id": scheduled.id,
        "scheduled_timestamp": scheduled.timestamp,
        "input": {"args": [0], "kwargs": {}},
        "task_list": "default",
        "control": {},
        "decision_task_completed_event_id": 4,
    }
    assert isinstance(entry["scheduled_timestamp"], datetime)
    assert entry["scheduled_timestamp"].tzinfo is not None
    assert history._tasks == [entry]
    assert history.events is h.events


def test_completed_activity_keeps_started_and_completed_fields() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(
        increment, decision_id=4, last_state="completed", activity_id=ACTIVITY_ID, result=5
    )
    entry = parsed(h)._activities[ACTIVITY_ID]

    started, completed = h.events[-2], h.events[-1]
    assert entry["state"] == "completed"
    assert entry["identity"] == "test_worker"
    assert entry["started_id"] == started.id
    assert entry["started_timestamp"] == started.timestamp
    assert entry["result"] == "5"
    assert entry["completed_id"] == completed.id
    assert entry["completed_timestamp"] == completed.timestamp
    assert "retry" not in entry


def test_completed_activity_without_result_stores_none() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(increment, decision_id=4, last_state="completed", activity_id=ACTIVITY_ID)
    assert parsed(h)._activities[ACTIVITY_ID]["result"] is None


def test_retry_counts_failures_and_timeouts_of_the_same_id() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(increment, decision_id=4, last_state="failed", activity_id=ACTIVITY_ID)
    entry = parsed(h)._activities[ACTIVITY_ID]
    assert entry["state"] == "failed"
    assert entry["reason"] == "REASON"
    assert entry["details"] == "DETAILS"
    assert entry["failed_timestamp"] == h.events[-1].timestamp
    assert entry["failed_id"] == h.events[-1].id  # added after 0.11.9 (features §1.5)
    assert entry["retry"] == 0

    h.add_activity_task(
        increment, decision_id=8, last_state="timed_out", activity_id=ACTIVITY_ID,
        timeout_type="START_TO_CLOSE",
    )  # fmt: skip
    entry = parsed(h)._activities[ACTIVITY_ID]
    assert entry["state"] == "timed_out"
    assert entry["timeout_type"] == "START_TO_CLOSE"
    assert entry["timeout_value"] == "300"
    assert entry["timed_out_id"] == h.events[-1].id
    assert entry["retry"] == 1
    # keys of the earlier attempt survive the re-schedule
    assert entry["reason"] == "REASON"


def test_parse_twice_does_not_double_count_retries() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(increment, decision_id=4, last_state="failed", activity_id=ACTIVITY_ID)
    history = History(h)
    history.parse()
    history.parse()
    assert history._activities[ACTIVITY_ID]["retry"] == 0
    assert len(history._tasks) == 1


def test_timeout_value_comes_from_the_scheduled_event_timeout_of_that_type() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(
        increment, decision_id=4, last_state="timed_out", activity_id=ACTIVITY_ID,
        timeout_type="SCHEDULE_TO_START",
    )  # fmt: skip
    entry = parsed(h)._activities[ACTIVITY_ID]
    assert entry["timeout_type"] == "SCHEDULE_TO_START"
    assert entry["timeout_value"] == h.events[-3].schedule_to_start_timeout


def test_failed_activity_without_details_stores_empty_string() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(increment, decision_id=4, last_state="started", activity_id=ACTIVITY_ID)
    append_raw(
        h,
        "ActivityTaskFailed",
        {"scheduledEventId": h.events[-2].id, "startedEventId": h.events[-1].id},
    )
    entry = parsed(h)._activities[ACTIVITY_ID]
    assert entry["reason"] is None
    assert entry["details"] == ""


def test_schedule_failed_entry_has_no_id_name_or_version() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task_schedule_failed(
        activity_id=ACTIVITY_ID,
        decision_id=4,
        activity_type={"name": "pkg.tasks.increment", "version": "default"},
        cause="ACTIVITY_TYPE_DOES_NOT_EXIST",
    )
    entry = parsed(h)._activities[ACTIVITY_ID]
    assert entry == {
        "type": "activity",
        "state": "schedule_failed",
        "cause": "ACTIVITY_TYPE_DOES_NOT_EXIST",
        "activity_type": {"name": "pkg.tasks.increment", "version": "default"},
        "schedule_failed_timestamp": h.events[-1].timestamp,
    }


def test_schedule_failed_then_scheduled_updates_the_same_entry() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task_schedule_failed(
        activity_id=ACTIVITY_ID,
        decision_id=4,
        activity_type={"name": "pkg.tasks.increment", "version": "default"},
        cause="ACTIVITY_TYPE_DOES_NOT_EXIST",
    )
    h.add_activity_task(increment, decision_id=8, last_state="scheduled", activity_id=ACTIVITY_ID)
    history = parsed(h)
    entry = history._activities[ACTIVITY_ID]
    assert entry["state"] == "scheduled"
    assert entry["id"] == ACTIVITY_ID
    assert entry["cause"] == "ACTIVITY_TYPE_DOES_NOT_EXIST"
    assert history._tasks == [entry]


def test_canceled_activity_is_recorded_with_the_swf_spelling() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(increment, decision_id=4, last_state="started", activity_id=ACTIVITY_ID)
    append_raw(
        h,
        "ActivityTaskCanceled",
        {
            "scheduledEventId": h.events[-2].id,
            "startedEventId": h.events[-1].id,
            "details": "stop",
        },
    )
    entry = parsed(h)._activities[ACTIVITY_ID]
    assert entry["state"] == "canceled"
    assert entry["details"] == "stop"
    assert entry["cancelled_timestamp"] == h.events[-1].timestamp


def test_tasks_keep_first_seen_order_across_activities_and_children() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(increment, decision_id=4, last_state="scheduled", activity_id="a-1")
    h.add_child_workflow(ChildWorkflow, last_state="start_initiated", workflow_id=CHILD_ID)
    h.add_activity_task(increment, decision_id=4, last_state="scheduled", activity_id="a-2")
    h.add_activity_task(increment, decision_id=9, last_state="completed", activity_id="a-1")
    history = parsed(h)
    assert [task["id"] for task in history._tasks] == ["a-1", CHILD_ID, "a-2"]
    assert list(history._activities) == ["a-1", "a-2"]
    assert list(history._child_workflows) == [CHILD_ID]


def test_child_start_initiated_entry_has_the_contract_fields() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_child_workflow(
        ChildWorkflow,
        last_state="start_initiated",
        workflow_id=CHILD_ID,
        task_list="child_tl",
        input={"args": [1], "kwargs": {}},
    )
    initiated = h.events[-1]
    entry = parsed(h)._child_workflows[CHILD_ID]
    assert entry == {
        "type": "child_workflow",
        "id": CHILD_ID,
        "name": "child",
        "version": "v1",
        "state": "start_initiated",
        "initiated_event_id": initiated.id,
        "raw_input": '{"args": [1], "kwargs": {}}',
        "child_policy": "TERMINATE",
        "control": initiated.control,
        "tag_list": initiated.tag_list,
        "task_list": "child_tl",
        "initiated_event_timestamp": initiated.timestamp,
        "input": {"args": [1], "kwargs": {}},
        "decision_task_completed_event_id": 76,
    }


def test_child_initiated_without_optional_attributes_stores_none() -> None:
    h = new_history(MapWorkflow, 1)
    append_raw(
        h,
        "StartChildWorkflowExecutionInitiated",
        {
            "workflowId": CHILD_ID,
            "workflowType": {"name": "child", "version": "v1"},
            "taskList": {"name": "child_tl"},
            "decisionTaskCompletedEventId": 4,
            "childPolicy": "TERMINATE",
        },
    )
    entry = parsed(h)._child_workflows[CHILD_ID]
    assert entry["control"] is None
    assert entry["tag_list"] is None
    assert entry["raw_input"] is None
    assert entry["task_list"] == {"name": "child_tl"}


def test_completed_child_records_run_result_and_ids() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_child_workflow(ChildWorkflow, last_state="completed", workflow_id=CHILD_ID, result="1")
    started, completed = h.events[-2], h.events[-1]
    entry = parsed(h)._child_workflows[CHILD_ID]
    assert entry["state"] == "completed"
    assert entry["run_id"] == started.workflow_execution["runId"]
    assert entry["workflow_id"] == CHILD_ID
    assert entry["started_id"] == started.id
    assert entry["started_timestamp"] == started.timestamp
    assert entry["result"] == "1"
    assert entry["completed_id"] == completed.id
    assert entry["completed_timestamp"] == completed.timestamp


@pytest.mark.parametrize(
    ("last_state", "fields"),
    [
        ("failed", {"reason", "details", "failed_timestamp"}),
        ("timed_out", {"timeout_type", "timed_out_timestamp"}),
        ("canceled", {"canceled_timestamp"}),
        ("terminated", {"terminated_timestamp"}),
    ],
)
def test_child_failure_states_are_recorded(last_state: str, fields: set[str]) -> None:
    h = new_history(MapWorkflow, 1)
    h.add_child_workflow(ChildWorkflow, last_state=last_state, workflow_id=CHILD_ID)
    entry = parsed(h)._child_workflows[CHILD_ID]
    assert entry["state"] == last_state
    assert fields <= set(entry)
    assert entry[f"{last_state}_timestamp"] == h.events[-1].timestamp


def test_child_start_failed_is_matched_by_workflow_id() -> None:
    h = new_history(MapWorkflow, 1)
    append_raw(
        h,
        "StartChildWorkflowExecutionFailed",
        {
            "workflowId": CHILD_ID,
            "workflowType": {"name": "child", "version": "v1"},
            "cause": "WORKFLOW_TYPE_DOES_NOT_EXIST",
            "initiatedEventId": 0,
            "decisionTaskCompletedEventId": 4,
        },
    )
    entry = parsed(h)._child_workflows[CHILD_ID]
    assert entry["state"] == "start_failed"
    assert entry["cause"] == "WORKFLOW_TYPE_DOES_NOT_EXIST"
    assert entry["start_failed_timestamp"] == h.events[-1].timestamp
    assert entry["id"] == CHILD_ID


def test_parse_single_events_through_the_public_methods() -> None:
    h = new_history(MapWorkflow, 1)
    h.add_activity_task(increment, decision_id=4, last_state="completed", activity_id=ACTIVITY_ID)
    h.add_child_workflow(ChildWorkflow, last_state="started", workflow_id=CHILD_ID)
    history = History(h)
    for event in h.events:
        if event.type == "ActivityTask":
            history.parse_activity_event(h.events, event)
        elif event.type == "ChildWorkflowExecution":
            history.parse_child_workflow_event(h.events, event)
    assert history._activities[ACTIVITY_ID]["state"] == "completed"
    assert history._child_workflows[CHILD_ID]["state"] == "started"


def test_event_referring_to_a_missing_scheduled_event_is_a_clear_error() -> None:
    h = new_history(MapWorkflow, 1)
    append_raw(h, "ActivityTaskStarted", {"scheduledEventId": 99, "identity": "w"})
    with pytest.raises(ValueError, match="complete history"):
        parsed(h)
