from __future__ import annotations

import pytest

from swf.models.event import CompiledEvent, CompiledEventFactory, EventFactory
from swf.models.event.compiler import InconsistentStateError, Stateful, TransitionError
from swf.models.event.marker import CompiledMarkerEvent
from swf.models.event.task import CompiledActivityTaskEvent, CompiledDecisionTaskEvent
from swf.models.event.timer import CompiledTimerEvent
from swf.models.event.workflow import (
    CompiledChildWorkflowExecutionEvent,
    CompiledExternalWorkflowExecutionEvent,
    CompiledWorkflowExecutionEvent,
)


def make(event_type, attributes=None, event_id=1):
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    return EventFactory(
        {
            "eventId": event_id,
            "eventType": event_type,
            "eventTimestamp": 1000.0 + event_id,
            key: attributes or {},
        }
    )


def test_stateful_defaults():
    assert Stateful.states == ()
    assert Stateful.transitions == {}
    assert CompiledEvent.initial_state is None


@pytest.mark.parametrize(
    ("compiled_class", "initial", "states"),
    [
        (
            CompiledActivityTaskEvent,
            "scheduled",
            {
                "scheduled",
                "schedule_failed",
                "started",
                "completed",
                "failed",
                "timed_out",
                "canceled",
                "cancel_requested",
                "request_cancel_failed",
            },
        ),
        (
            CompiledDecisionTaskEvent,
            "scheduled",
            {"scheduled", "started", "completed", "timed_out"},
        ),
        (
            CompiledWorkflowExecutionEvent,
            "started",
            {
                "started",
                "signaled",
                "completed",
                "failed",
                "timed_out",
                "canceled",
                "terminated",
                "continued_as_new",
                "cancel_requested",
            },
        ),
        (
            CompiledChildWorkflowExecutionEvent,
            "start_initiated",
            {
                "start_initiated",
                "start_failed",
                "started",
                "completed",
                "failed",
                "timed_out",
                "canceled",
                "terminated",
            },
        ),
        (
            CompiledExternalWorkflowExecutionEvent,
            "signal_initiated",
            {
                "signal_initiated",
                "signaled",
                "signal_failed",
                "request_cancel_initiated",
                "cancel_requested",
                "request_cancel_failed",
            },
        ),
        (
            CompiledTimerEvent,
            "started",
            {"started", "start_failed", "fired", "canceled", "cancel_failed"},
        ),
        (CompiledMarkerEvent, "recorded", {"recorded"}),
    ],
)
def test_state_machines(compiled_class, initial, states):
    assert compiled_class.initial_state == initial
    assert compiled_class.states[0] == initial
    assert set(compiled_class.states) == states
    for source, targets in compiled_class.transitions.items():
        assert source in states
        assert not isinstance(targets, str)  # real collections, not substring tests
        assert set(targets) <= states


def test_activity_transitions_are_exact():
    assert {k: set(v) for k, v in CompiledActivityTaskEvent.transitions.items()} == {
        "scheduled": {"schedule_failed", "canceled", "timed_out", "started"},
        "schedule_failed": {"scheduled", "timed_out"},
        "started": {"canceled", "failed", "timed_out", "completed"},
        "failed": {"scheduled", "timed_out"},
        "timed_out": {"scheduled"},
        "canceled": {"scheduled", "timed_out"},
        "cancel_requested": {"canceled", "request_cancel_failed", "timed_out"},
        "request_cancel_failed": {"scheduled", "timed_out"},
    }


def test_child_workflow_started_can_complete():
    assert "completed" in CompiledChildWorkflowExecutionEvent.transitions["started"]


def test_compiled_event_copies_the_event_and_follows_transitions():
    scheduled = make("ActivityTaskScheduled", {"activityId": "a-1", "input": '{"x": 1}'}, 5)
    compiled = CompiledEventFactory(scheduled)
    assert type(compiled) is CompiledActivityTaskEvent
    assert (compiled.id, compiled.state, compiled.activity_id) == (5, "scheduled", "a-1")
    assert compiled.input == {"x": 1}
    assert set(compiled.next_states) == {"schedule_failed", "canceled", "timed_out", "started"}
    compiled.transit(make("ActivityTaskStarted", {"scheduledEventId": 5}, 6))
    compiled.transit(make("ActivityTaskCompleted", {"result": "2"}, 7))
    assert (compiled.id, compiled.state, compiled.result) == (7, "completed", "2")
    assert compiled.next_states == ()
    assert repr(compiled) == "<CompiledEvent ActivityTask completed>"


def test_compiled_event_rejects_a_non_initial_state():
    with pytest.raises(InconsistentStateError, match="scheduled"):
        CompiledEventFactory(make("ActivityTaskStarted"))


def test_transition_error_names_both_states():
    compiled = CompiledEventFactory(make("DecisionTaskScheduled"))
    with pytest.raises(TransitionError, match="'scheduled'.*'completed'"):
        compiled.transit(make("DecisionTaskCompleted", event_id=2))


def test_single_element_transitions_are_not_substring_tests():
    compiled = CompiledEventFactory(make("DecisionTaskScheduled"))
    compiled.transit(make("DecisionTaskStarted", event_id=2))
    compiled.transit(make("DecisionTaskTimedOut", event_id=3))
    fake = make("DecisionTaskScheduled", event_id=4)
    fake._state = "schedule"  # a substring of the allowed 'scheduled'
    with pytest.raises(TransitionError):
        compiled.transit(fake)


@pytest.mark.parametrize(
    ("event_type", "compiled_class"),
    [
        ("StartChildWorkflowExecutionInitiated", CompiledChildWorkflowExecutionEvent),
        ("WorkflowExecutionStarted", CompiledWorkflowExecutionEvent),
        ("DecisionTaskScheduled", CompiledDecisionTaskEvent),
        ("ActivityTaskScheduled", CompiledActivityTaskEvent),
        ("MarkerRecorded", CompiledMarkerEvent),
        ("TimerStarted", CompiledTimerEvent),
    ],
)
def test_compiled_event_factory_looks_up_by_event_type(event_type, compiled_class):
    assert type(CompiledEventFactory(make(event_type))) is compiled_class


def test_external_events_keep_their_0_11_9_states():
    # The compiled machine uses 'signal_initiated' while the event says
    # 'signal_execution_initiated' (0.11.9 names, kept).
    event = make("SignalExternalWorkflowExecutionInitiated")
    with pytest.raises(InconsistentStateError):
        CompiledEventFactory(event)


def test_child_workflow_flow_compiles():
    compiled = CompiledEventFactory(make("StartChildWorkflowExecutionInitiated", event_id=1))
    compiled.transit(make("ChildWorkflowExecutionStarted", event_id=2))
    compiled.transit(make("ChildWorkflowExecutionCompleted", {"result": "r"}, 3))
    assert (compiled.state, compiled.result) == ("completed", "r")


def test_unknown_event_types_compile_to_a_generic_event():
    compiled = CompiledEventFactory(make("LambdaFunctionScheduled", event_id=1))
    compiled.transit(make("LambdaFunctionStarted", event_id=2))
    assert isinstance(compiled, CompiledEvent)
    assert (compiled.type, compiled.state) == (None, "lambda_function_started")
