from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from swf.models.event import (
    ActivityTaskEvent,
    DecisionTaskEvent,
    Event,
    EventFactory,
    MarkerEvent,
    TimerEvent,
    WorkflowExecutionEvent,
)
from swf.models.event.factory import EVENTS
from swf.models.event.workflow import ChildWorkflowExecutionEvent, ExternalWorkflowExecutionEvent

UTC = timezone.utc


def raw_event(event_type, attributes=None, event_id=1, timestamp=1365177769.585):
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    return {
        "eventId": event_id,
        "eventType": event_type,
        "eventTimestamp": timestamp,
        key: {} if attributes is None else attributes,
    }


EVENT_TABLE = [
    ("WorkflowExecutionStarted", "WorkflowExecution", "started"),
    ("WorkflowExecutionSignaled", "WorkflowExecution", "signaled"),
    ("WorkflowExecutionCancelRequested", "WorkflowExecution", "cancel_requested"),
    ("WorkflowExecutionCompleted", "WorkflowExecution", "completed"),
    ("CompleteWorkflowExecutionFailed", "WorkflowExecution", "complete_failed"),
    ("WorkflowExecutionFailed", "WorkflowExecution", "failed"),
    ("FailWorkflowExecutionFailed", "WorkflowExecution", "fail_failed"),
    ("WorkflowExecutionTimedOut", "WorkflowExecution", "timed_out"),
    ("WorkflowExecutionCanceled", "WorkflowExecution", "canceled"),
    ("CancelWorkflowExecutionFailed", "WorkflowExecution", "cancel_failed"),
    ("WorkflowExecutionContinuedAsNew", "WorkflowExecution", "continued_as_new"),
    ("ContinueAsNewWorkflowExecutionFailed", "WorkflowExecution", "continue_as_new_failed"),
    ("WorkflowExecutionTerminated", "WorkflowExecution", "terminated"),
    ("DecisionTaskScheduled", "DecisionTask", "scheduled"),
    ("DecisionTaskStarted", "DecisionTask", "started"),
    ("DecisionTaskCompleted", "DecisionTask", "completed"),
    ("DecisionTaskTimedOut", "DecisionTask", "timed_out"),
    ("ActivityTaskScheduled", "ActivityTask", "scheduled"),
    ("ScheduleActivityTaskFailed", "ActivityTask", "schedule_failed"),
    ("ActivityTaskStarted", "ActivityTask", "started"),
    ("ActivityTaskCompleted", "ActivityTask", "completed"),
    ("ActivityTaskFailed", "ActivityTask", "failed"),
    ("ActivityTaskTimedOut", "ActivityTask", "timed_out"),
    ("ActivityTaskCanceled", "ActivityTask", "canceled"),
    ("ActivityTaskCancelRequested", "ActivityTask", "cancel_requested"),
    ("RequestCancelActivityTaskFailed", "ActivityTask", "request_cancel_failed"),
    ("MarkerRecorded", "Marker", "recorded"),
    ("RecordMarkerFailed", "Marker", "record_failed"),
    ("TimerStarted", "Timer", "started"),
    ("StartTimerFailed", "Timer", "start_failed"),
    ("TimerFired", "Timer", "fired"),
    ("TimerCanceled", "Timer", "canceled"),
    ("CancelTimerFailed", "Timer", "cancel_failed"),
    ("StartChildWorkflowExecutionInitiated", "ChildWorkflowExecution", "start_initiated"),
    ("StartChildWorkflowExecutionFailed", "ChildWorkflowExecution", "start_failed"),
    ("ChildWorkflowExecutionStarted", "ChildWorkflowExecution", "started"),
    ("ChildWorkflowExecutionCompleted", "ChildWorkflowExecution", "completed"),
    ("ChildWorkflowExecutionFailed", "ChildWorkflowExecution", "failed"),
    ("ChildWorkflowExecutionTimedOut", "ChildWorkflowExecution", "timed_out"),
    ("ChildWorkflowExecutionCanceled", "ChildWorkflowExecution", "canceled"),
    ("ChildWorkflowExecutionTerminated", "ChildWorkflowExecution", "terminated"),
    (
        "SignalExternalWorkflowExecutionInitiated",
        "ExternalWorkflowExecution",
        "signal_execution_initiated",
    ),
    (
        "SignalExternalWorkflowExecutionFailed",
        "ExternalWorkflowExecution",
        "signal_execution_failed",
    ),
    ("ExternalWorkflowExecutionSignaled", "ExternalWorkflowExecution", "execution_signaled"),
    (
        "RequestCancelExternalWorkflowExecutionInitiated",
        "ExternalWorkflowExecution",
        "request_cancel_execution_initiated",
    ),
    (
        "RequestCancelExternalWorkflowExecutionFailed",
        "ExternalWorkflowExecution",
        "request_cancel_execution_failed",
    ),
    (
        "ExternalWorkflowExecutionCancelRequested",
        "ExternalWorkflowExecution",
        "execution_cancel_requested",
    ),
]

CLASSES = {
    "WorkflowExecution": WorkflowExecutionEvent,
    "DecisionTask": DecisionTaskEvent,
    "ActivityTask": ActivityTaskEvent,
    "Marker": MarkerEvent,
    "Timer": TimerEvent,
    "ChildWorkflowExecution": ChildWorkflowExecutionEvent,
    "ExternalWorkflowExecution": ExternalWorkflowExecutionEvent,
}


@pytest.mark.parametrize(("event_type", "expected_type", "expected_state"), EVENT_TABLE)
def test_event_factory_gives_type_state_and_class_of_every_swf_event(
    event_type, expected_type, expected_state
):
    event = EventFactory(raw_event(event_type))
    assert type(event) is CLASSES[expected_type]
    assert (event.type, event.state, event.name) == (expected_type, expected_state, event_type)
    assert event._attributes_key == event_type[0].lower() + event_type[1:] + "EventAttributes"


def test_events_table_order_and_entries():
    assert list(EVENTS) == [
        "ChildWorkflowExecution",
        "ExternalWorkflow",
        "WorkflowExecution",
        "DecisionTask",
        "ActivityTask",
        "Marker",
        "Timer",
    ]
    for entry in EVENTS.values():
        assert set(entry) == {"event", "compiled"}
        assert entry["compiled"]._type == entry["event"]._type


def test_extract_helpers():
    assert EventFactory._extract_event_type("ScheduleActivityTaskFailed") == "ActivityTask"
    assert EventFactory._extract_event_type("LambdaFunctionStarted") is None
    assert EventFactory._extract_event_state("ActivityTask", "ScheduleActivityTaskFailed") == (
        "schedule_failed"
    )
    assert (
        EventFactory._extract_event_state(
            "ExternalWorkflow", "SignalExternalWorkflowExecutionInitiated"
        )
        == "signal_execution_initiated"
    )


@pytest.mark.parametrize(
    ("event_type", "state"),
    [
        ("LambdaFunctionScheduled", "lambda_function_scheduled"),
        ("ScheduleLambdaFunctionFailed", "schedule_lambda_function_failed"),
        ("StartLambdaFunctionFailed", "start_lambda_function_failed"),
        ("SomethingNew", "something_new"),
    ],
)
def test_unknown_event_types_fall_back_to_a_plain_event(event_type, state):
    raw = raw_event(
        event_type, {"id": "lambda-1", "name": "fn", "control": "c", "input": '{"a": 1}'}
    )
    event = EventFactory(raw)
    assert type(event) is Event
    assert (event.type, event.state, event.name) == (None, state, event_type)
    assert event.id == 1  # the attribute 'id' does not hide the event id
    assert event.control == "c"
    assert event.input == {"a": 1}


def test_event_name_and_attributes_key_are_per_instance():
    first = EventFactory(raw_event("ActivityTaskScheduled", {"activityId": "a"}))
    second = EventFactory(raw_event("ActivityTaskCompleted", {"result": "1"}))
    assert first.name == "ActivityTaskScheduled"
    assert second.name == "ActivityTaskCompleted"
    assert ActivityTaskEvent._name is None
    assert ActivityTaskEvent._attributes_key is None


def test_attributes_become_snake_case_instance_attributes():
    attributes = {
        "activityId": "activity-1",
        "activityType": {"name": "increment", "version": "1"},
        "taskList": {"name": "tl"},
        "scheduledEventId": 5,
        "decisionTaskCompletedEventId": 4,
        "heartbeatTimeout": "300",
    }
    raw = raw_event("ActivityTaskScheduled", attributes, event_id=6)
    event = EventFactory(raw)
    assert event.id == 6
    assert event.raw is raw
    assert event.activity_id == "activity-1"
    assert event.activity_type["name"] == "increment"
    assert event.task_list["name"] == "tl"
    assert event.scheduled_event_id == 5
    assert event.decision_task_completed_event_id == 4
    assert event.heartbeat_timeout == "300"
    assert event.activity_type is attributes["activityType"]  # nested values stay raw


def test_absent_optional_attributes_read_as_none():
    event = EventFactory(raw_event("ActivityTaskCompleted", {"scheduledEventId": 5}))
    for name in ("result", "control", "details", "reason", "tag_list", "cause", "workflow_id"):
        assert getattr(event, name) is None
    with pytest.raises(AttributeError):
        event.no_such_attribute  # noqa: B018 - misspelt names still raise


def test_input_is_decoded_at_construction():
    event = EventFactory(
        raw_event("WorkflowExecutionStarted", {"input": json.dumps({"args": [4], "kwargs": {}})})
    )
    assert event.input == {"args": [4], "kwargs": {}}
    assert event.input["args"] == [4]


def test_input_defaults_to_empty_dict():
    event = EventFactory(raw_event("WorkflowExecutionStarted"))
    assert event.input == {}
    assert EventFactory(raw_event("WorkflowExecutionStarted")).input is not event.input


def test_undecodable_input_keeps_the_raw_string():
    event = EventFactory(raw_event("ActivityTaskScheduled", {"input": "{not json"}))
    assert event.input == "{not json"


def test_input_setter_decodes_json_strings():
    event = EventFactory(raw_event("WorkflowExecutionStarted"))
    event.input = "[1, 2]"
    assert event.input == [1, 2]
    event.input = {"already": "decoded"}
    assert event.input == {"already": "decoded"}


@pytest.mark.parametrize(
    "timestamp",
    [
        1365177769.585,
        datetime(2013, 4, 5, 16, 2, 49, 585000, tzinfo=UTC),
        datetime(2013, 4, 5, 16, 2, 49, 585000),
        datetime(2013, 4, 5, 18, 2, 49, 585000, tzinfo=timezone(timedelta(hours=2))),
        "1365177769.585",
        "2013-04-05T16:02:49.585Z",
    ],
)
def test_timestamp_is_an_aware_utc_datetime(timestamp):
    event = EventFactory(raw_event("DecisionTaskScheduled", timestamp=timestamp))
    value = event.timestamp
    assert value.tzinfo is not None
    assert value.utcoffset() == timedelta(0)
    assert abs(value - datetime(2013, 4, 5, 16, 2, 49, 585000, tzinfo=UTC)) < timedelta(
        microseconds=10
    )
    assert event.timestamp is value  # cached


def test_timestamp_of_integer_epoch_zero():
    event = Event("WorkflowExecutionStarted", "REGISTERED", 0, {None: {}})
    assert event.timestamp == datetime(1970, 1, 1, tzinfo=UTC)


def test_unsupported_timestamp_raises_type_error_on_access():
    event = Event(1, "s", object(), {None: {}})
    with pytest.raises(TypeError, match="timestamp"):
        event.timestamp  # noqa: B018


def test_bare_event_uses_class_values():
    event = Event(1, "s", 0, {None: {}})
    assert (event.id, event.type, event.name, event.state) == (1, None, None, "s")
    assert Event.excluded_attributes == ("eventId", "eventType", "eventTimestamp")
    assert Event._attributes is None


def test_event_requires_four_arguments():
    with pytest.raises(TypeError):
        Event("x")


def test_missing_attributes_key_raises_key_error():
    with pytest.raises(KeyError):
        EventFactory({"eventId": 1, "eventType": "TimerFired", "eventTimestamp": 0})


def test_subclass_built_directly_from_a_raw_event():
    raw = raw_event("TimerStarted", {"timerId": "t1"})
    event = TimerEvent(1, "started", 0, raw)
    assert (event.name, event.timer_id) == ("TimerStarted", "t1")


def test_repr():
    event = EventFactory(raw_event("ActivityTaskStarted", event_id=7))
    assert repr(event) == "<Event 7 ActivityTask : started >"
