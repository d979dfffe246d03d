from __future__ import annotations

from datetime import datetime, timezone

import pytest

from swf.models.event import CompiledEvent, Event
from swf.models.history import History
from swf.models.history import base as history_base


def raw(event_id, event_type, attributes=None, timestamp=None):
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    return {
        "eventId": event_id,
        "eventType": event_type,
        "eventTimestamp": 1000.0 + event_id if timestamp is None else timestamp,
        key: attributes or {},
    }


RAW_EVENTS = [
    raw(1, "WorkflowExecutionStarted", {"input": '{"args": [1], "kwargs": {}}'}),
    raw(2, "DecisionTaskScheduled", {"taskList": {"name": "tl"}}),
    raw(3, "DecisionTaskStarted", {"scheduledEventId": 2}),
    raw(4, "DecisionTaskCompleted", {"scheduledEventId": 2, "startedEventId": 3}),
    raw(5, "ActivityTaskScheduled", {"activityId": "a-1", "input": '{"args": [1]}'}),
    raw(6, "ActivityTaskStarted", {"scheduledEventId": 5}),
    raw(7, "ActivityTaskCompleted", {"scheduledEventId": 5, "result": "2"}),
    raw(8, "DecisionTaskScheduled", {"taskList": {"name": "tl"}}),
    raw(9, "DecisionTaskStarted", {"scheduledEventId": 8}),
    raw(10, "DecisionTaskCompleted", {"scheduledEventId": 8, "startedEventId": 9}),
    raw(11, "WorkflowExecutionCompleted", {"result": "2"}),
]


@pytest.fixture
def history():
    return History.from_event_list(RAW_EVENTS)


def test_package_exports_base_history():
    assert History is history_base.History


def test_from_event_list_builds_events_and_keeps_raw(history):
    assert history.raw is RAW_EVENTS
    assert len(history) == 11
    assert [e.id for e in history.events] == list(range(1, 12))
    assert history[0].input["args"] == [1]
    assert history[4].activity_id == "a-1"
    assert history[0].timestamp == datetime.fromtimestamp(1001.0, tz=timezone.utc)


def test_from_event_list_accepts_boto3_datetimes():
    stamp = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    history = History.from_event_list([raw(1, "WorkflowExecutionStarted", timestamp=stamp)])
    assert history.first.timestamp == stamp


def test_default_events_are_not_shared():
    first, second = History(), History()
    first.events.append(Event(1, "s", 0, {None: {}}))
    assert second.events == []
    assert len(second) == 0
    assert History().raw is None


def test_int_index_and_negative_index(history):
    assert history[0].name == "WorkflowExecutionStarted"
    assert history[-1].name == "WorkflowExecutionCompleted"
    with pytest.raises(IndexError):
        history[11]


def test_slice_returns_a_history(history):
    part = history[1:3]
    assert isinstance(part, History)
    assert [e.id for e in part] == [2, 3]
    empty = history[20:30]
    assert isinstance(empty, History)
    assert len(empty) == 0


def test_other_index_types_raise_type_error(history):
    with pytest.raises(TypeError):
        history["x"]


def test_iteration_is_reentrant(history):
    iterator = iter(history)
    next(iterator)
    assert [e.id for e in history] == list(range(1, 12))
    assert next(iterator).id == 2
    assert list(history) == list(history)


def test_first_last_and_latest(history):
    assert history.first.id == 1
    assert history.last.id == 11
    assert [e.id for e in history.latest(3)] == [9, 10, 11]
    assert [e.id for e in history.latest(0)] == []
    assert [e.id for e in history.latest(13)] == [10, 11]  # wraps like a negative start


@pytest.mark.parametrize(
    ("last_type", "finished"),
    [
        ("WorkflowExecutionCompleted", True),
        ("WorkflowExecutionFailed", True),
        ("WorkflowExecutionCanceled", True),
        ("WorkflowExecutionTerminated", True),
        ("WorkflowExecutionTimedOut", False),
        ("WorkflowExecutionContinuedAsNew", False),
        ("DecisionTaskCompleted", False),
    ],
)
def test_finished(last_type, finished):
    history = History.from_event_list([raw(1, "WorkflowExecutionStarted"), raw(2, last_type)])
    assert history.finished is finished


def test_empty_history_is_not_finished():
    assert History().finished is False


def test_filter_returns_a_list(history):
    result = history.filter(type="DecisionTask", state="completed")
    assert isinstance(result, list)
    assert [e.id for e in result] == [4, 10]
    assert [e.id for e in history.filter(activity_id="a-1")] == [5]
    assert history.filter(type="Timer") == []


def test_reversed(history):
    assert [e.id for e in history.reversed] == list(range(11, 0, -1))


def test_distinct_groups_consecutive_types_and_merges_lone_workflow_events(history):
    groups = history.distinct
    assert [[e.id for e in group] for group in groups] == [
        [1, 11],
        [2, 3, 4],
        [5, 6, 7],
        [8, 9, 10],
    ]


def test_compile_and_compiled(history):
    compiled = history.compile()
    assert isinstance(compiled, History)
    assert all(isinstance(e, CompiledEvent) for e in compiled)
    assert [(e.type, e.state) for e in compiled] == [
        ("WorkflowExecution", "completed"),
        ("DecisionTask", "completed"),
        ("ActivityTask", "completed"),
        ("DecisionTask", "completed"),
    ]
    assert history.compiled is history.compiled
    assert [e.state for e in history.compiled] == [e.state for e in compiled]


def test_unknown_event_types_do_not_break_parsing():
    history = History.from_event_list(
        [
            raw(1, "WorkflowExecutionStarted"),
            raw(2, "LambdaFunctionScheduled", {"id": "l1", "name": "fn"}),
        ]
    )
    assert history.last.type is None
    assert history.last.state == "lambda_function_scheduled"


def test_repr(history):
    small = history[0:2]
    assert repr(small) == (
        "<History\n\t<Event 1 WorkflowExecution : started >\n\t"
        "<Event 2 DecisionTask : scheduled >\n>"
    )
