"""The decider's history cache against the local engine on 127.0.0.1: pages fetched, events
built, and the history returned compared with the uncached path's."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from swf.actors import Decider
from swf.actors._history_cache import HistoryCache, PollTimedOut
from swf.exceptions import PollTimeout
from swf.models import Domain
from swf.models.history import History

pytestmark = pytest.mark.integration

DECISIONS = "cache-decisions"


class _Calls:
    """Counts the connection calls a decider makes (the real calls go through)."""

    def __init__(self, decider: Decider, monkeypatch: pytest.MonkeyPatch) -> None:
        self.polls: list[dict[str, Any]] = []
        self.histories = 0
        connection = decider.connection
        poll, history = connection.poll_for_decision_task, connection.get_workflow_execution_history

        def counted_poll(*args: Any, **kwargs: Any) -> dict[str, Any]:
            self.polls.append(kwargs)
            return poll(*args, **kwargs)  # type: ignore[no-any-return]

        def counted_history(*args: Any, **kwargs: Any) -> dict[str, Any]:
            self.histories += 1
            return history(*args, **kwargs)  # type: ignore[no-any-return]

        monkeypatch.setattr(connection, "poll_for_decision_task", counted_poll)
        monkeypatch.setattr(connection, "get_workflow_execution_history", counted_history)

    def reset(self) -> None:
        self.polls.clear()
        self.histories = 0


class _Engine:
    """boto3 on the engine: start executions, answer decision tasks, read histories."""

    def __init__(self, endpoint: str, domain: str) -> None:
        self.domain = domain
        self.client = boto3.client("swf", endpoint_url=endpoint, region_name="us-east-1")
        self.client.register_workflow_type(
            domain=domain,
            name="wf",
            version="1",
            defaultTaskList={"name": DECISIONS},
            defaultExecutionStartToCloseTimeout="600",
            defaultTaskStartToCloseTimeout="60",
            defaultChildPolicy="TERMINATE",
        )

    def start(self) -> tuple[str, str]:
        workflow_id = f"wf-{uuid.uuid4().hex[:8]}"
        answer = self.client.start_workflow_execution(
            domain=self.domain, workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
        )
        return workflow_id, answer["runId"]

    def forward(self, workflow_id: str, run_id: str, upto: int) -> list[dict[str, Any]]:
        """Events ``1..upto`` through the transport, forward, pages of 1,000."""
        connection = Decider(Domain(self.domain), DECISIONS).connection
        events: list[dict[str, Any]] = []
        token = None
        while True:
            page = connection.get_workflow_execution_history(
                self.domain, run_id, workflow_id, next_page_token=token
            )
            events += page["events"]
            token = page.get("nextPageToken")
            if not token:
                return events[:upto]


def _markers(count: int, then_timer: bool = True) -> list[dict[str, Any]]:
    """``count`` markers, and a timer firing at once (a new decision task follows)."""
    decisions: list[dict[str, Any]] = [
        {
            "decisionType": "RecordMarker",
            "recordMarkerDecisionAttributes": {"markerName": f"m{i}", "details": str(i)},
        }
        for i in range(count)
    ]
    if then_timer:
        decisions.append(
            {
                "decisionType": "StartTimer",
                "startTimerDecisionAttributes": {
                    "timerId": f"t-{uuid.uuid4().hex[:6]}",
                    "startToFireTimeout": "0",
                },
            }
        )
    return decisions


@pytest.fixture
def engine(swf_endpoint: str, domain_name: str) -> _Engine:
    return _Engine(swf_endpoint, domain_name)


@pytest.fixture
def decider(engine: _Engine) -> Decider:
    decider = Decider(Domain(engine.domain), DECISIONS)
    decider.history_cache = HistoryCache(first_page_size=20)
    return decider


@pytest.fixture
def calls(decider: Decider, monkeypatch: pytest.MonkeyPatch) -> Iterator[_Calls]:
    yield _Calls(decider, monkeypatch)


def _assert_as_uncached(engine: _Engine, response: Any) -> None:
    """The history is the uncached one event for event (raw dicts and built events)."""
    execution = response.execution
    events = response.history.events
    expected_raw = engine.forward(execution.workflow_id, execution.run_id, len(events))
    assert response.history.raw == expected_raw
    assert [e["eventId"] for e in response.history.raw] == list(range(1, len(events) + 1))
    expected = History.from_event_list(expected_raw)
    assert [type(e) for e in events] == [type(e) for e in expected]
    assert [vars(e) for e in events] == [vars(e) for e in expected]
    assert events[-1].name == "DecisionTaskStarted"


def _decide(engine: _Engine, decider: Decider, response: Any, decisions: list[Any]) -> None:
    decider.complete(response.token, decisions)


def test_a_hit_fetches_one_page_and_builds_only_the_new_events(
    engine: _Engine, decider: Decider, calls: _Calls
) -> None:
    engine.start()
    first = decider.poll()
    _assert_as_uncached(engine, first)
    _decide(engine, decider, first, _markers(5))
    cached_events = list(first.history.events)
    calls.reset()

    second = decider.poll()

    assert len(calls.polls) == 1 and calls.histories == 0
    assert calls.polls[0]["reverse_order"] is True
    assert calls.polls[0]["maximum_page_size"] == 20
    _assert_as_uncached(engine, second)
    # The events of the first task are the very objects built then.
    assert all(a is b for a, b in zip(second.history.events, cached_events, strict=False))
    assert second.history.events is not first.history.events
    assert second.token != first.token


def test_new_events_beyond_a_page_are_paged_back_to_the_cache(
    engine: _Engine, decider: Decider, calls: _Calls
) -> None:
    engine.start()
    first = decider.poll()
    _decide(engine, decider, first, _markers(45))
    calls.reset()

    second = decider.poll()

    new = len(second.history) - len(first.history)
    assert new > 40
    assert len(calls.polls) == -(-new // 20) and calls.histories == 0
    assert all(call["reverse_order"] for call in calls.polls)
    _assert_as_uncached(engine, second)


def test_an_unknown_long_history_is_fetched_forward_then_cached(
    engine: _Engine, decider: Decider, calls: _Calls
) -> None:
    engine.start()
    first = decider.poll()
    _decide(engine, decider, first, _markers(60))
    decider.history_cache.clear()  # type: ignore[union-attr]
    calls.reset()

    second = decider.poll()

    assert len(calls.polls) == 1 and calls.histories == 1
    _assert_as_uncached(engine, second)
    _decide(engine, decider, second, _markers(2))
    calls.reset()
    third = decider.poll()
    assert len(calls.polls) == 1 and calls.histories == 0
    _assert_as_uncached(engine, third)


def test_an_unknown_history_a_little_longer_than_a_page_is_paged_back(
    engine: _Engine, decider: Decider, calls: _Calls
) -> None:
    engine.start()
    first = decider.poll()
    _decide(engine, decider, first, _markers(15))
    decider.history_cache.clear()  # type: ignore[union-attr]
    calls.reset()

    second = decider.poll()

    assert 20 < len(second.history) <= 40
    assert len(calls.polls) == 2 and calls.histories == 0
    _assert_as_uncached(engine, second)


def test_a_cache_differing_from_the_history_is_rebuilt(
    engine: _Engine, decider: Decider, calls: _Calls
) -> None:
    engine.start()
    first = decider.poll()
    _decide(engine, decider, first, _markers(3))
    # The event the reverse page overlaps with is not the one the cache holds.
    key = (first.execution.workflow_id, first.execution.run_id)
    cache = decider.history_cache
    assert cache is not None
    entry = cache._entries[key]
    entry.raw[-1] = dict(entry.raw[-1], eventType="MarkerRecorded")
    calls.reset()

    second = decider.poll()

    assert calls.histories == 1
    _assert_as_uncached(engine, second)
    assert cache._entries[key].raw[2]["eventType"] == "DecisionTaskStarted"


def test_executions_interleaved_each_hit_their_own_cache(
    engine: _Engine, decider: Decider, calls: _Calls
) -> None:
    runs = [engine.start() for _ in range(3)]
    responses = {}
    for _ in runs:
        response = decider.poll()
        responses[response.execution.run_id] = response
        _decide(engine, decider, response, _markers(4))
    assert len(decider.history_cache) == 3  # type: ignore[arg-type]
    for _ in range(2):
        for _ in runs:
            calls.reset()
            response = decider.poll()
            assert len(calls.polls) == 1 and calls.histories == 0
            _assert_as_uncached(engine, response)
            _decide(engine, decider, response, _markers(2))


def _poll_new_runs(engine: _Engine, decider: Decider, count: int) -> list[tuple[str, str]]:
    """Start ``count`` runs and poll their first tasks; their keys in the order polled."""
    for _ in range(count):
        engine.start()
    keys = []
    for _ in range(count):
        response = decider.poll()
        keys.append((response.execution.workflow_id, response.execution.run_id))
        _decide(engine, decider, response, [])
    return keys


def test_the_least_recently_used_runs_are_dropped(engine: _Engine, decider: Decider) -> None:
    decider.history_cache = cache = HistoryCache(max_executions=2, first_page_size=20)
    keys = _poll_new_runs(engine, decider, 3)
    assert keys[0] not in cache and keys[1] in cache and keys[2] in cache
    assert len(cache) == 2 and cache.events == 6


def test_the_cache_holds_at_most_its_events(engine: _Engine, decider: Decider) -> None:
    decider.history_cache = cache = HistoryCache(max_events=8, first_page_size=20)
    keys = _poll_new_runs(engine, decider, 3)  # 3 events each
    assert keys[0] not in cache and keys[1] in cache and keys[2] in cache
    assert cache.events == 6
    decider.history_cache = cache = HistoryCache(max_events=2, first_page_size=20)
    _poll_new_runs(engine, decider, 1)
    assert len(cache) == 0 and cache.events == 0


def test_a_run_closed_by_its_decisions_leaves_the_cache(engine: _Engine, decider: Decider) -> None:
    engine.start()
    response = decider.poll()
    key = (response.execution.workflow_id, response.execution.run_id)
    assert key in decider.history_cache  # type: ignore[operator]
    decider.complete(
        response.token,
        [
            {
                "decisionType": "CompleteWorkflowExecution",
                "completeWorkflowExecutionDecisionAttributes": {"result": "done"},
            }
        ],
    )
    assert key not in decider.history_cache  # type: ignore[operator]


def test_explicit_paging_arguments_use_the_ordinary_path(
    engine: _Engine, decider: Decider, calls: _Calls
) -> None:
    engine.start()
    response = decider.poll(maximum_page_size=2)
    assert len(calls.polls) == len(response.history) // 2 + 1
    assert all(call.get("reverse_order") is None for call in calls.polls)
    assert len(decider.history_cache) == 0  # type: ignore[arg-type]
    _assert_as_uncached(engine, response)


def test_without_cache_the_decider_polls_forward(
    engine: _Engine, decider: Decider, calls: _Calls
) -> None:
    decider.history_cache = None
    engine.start()
    response = decider.poll()
    assert [call.get("reverse_order") for call in calls.polls] == [None]
    _assert_as_uncached(engine, response)


def test_an_empty_poll_times_out(swf_endpoint: str, domain_name: str) -> None:
    decider = Decider(Domain(domain_name), "nothing-here")
    decider.history_cache = HistoryCache()
    with pytest.raises(PollTimeout):
        decider.poll()


# -- backends that do not page as SWF does (the real engine never answers so) -------------


def _raw(event_id: int, event_type: str = "MarkerRecorded") -> dict[str, Any]:
    key = event_type[0].lower() + event_type[1:] + "EventAttributes"
    return {"eventId": event_id, "eventType": event_type, "eventTimestamp": 0, key: {}}


def _history(count: int) -> list[dict[str, Any]]:
    events = [_raw(1, "WorkflowExecutionStarted")]
    events += [_raw(i) for i in range(2, count)]
    return [*events, _raw(count, "DecisionTaskStarted")]


class _Backend:
    """Pages of ``history``, as a backend that may ignore ``reverseOrder`` or skip ids."""

    def __init__(self, history: list[dict[str, Any]], honours_reverse: bool = True) -> None:
        self.history = history
        self.honours_reverse = honours_reverse
        self.calls: list[tuple[str | None, bool, int]] = []
        self.full_fetches = 0

    def poll(self, token: str | None, reverse: bool, size: int) -> dict[str, Any]:
        self.calls.append((token, reverse, size))
        ordered = self.history[::-1] if reverse and self.honours_reverse else self.history
        offset = int(token or 0)
        size = size or 1000
        page: dict[str, Any] = {
            "taskToken": "tok",
            "workflowExecution": {"workflowId": "w", "runId": "r"},
            "events": ordered[offset : offset + size],
        }
        if offset + size < len(ordered):
            page["nextPageToken"] = str(offset + size)
        return page

    def full(self, workflow_id: str, run_id: str, token: str | None) -> dict[str, Any]:
        self.full_fetches += 1
        return {"events": list(self.history)}


def test_a_backend_ignoring_reverse_order_is_polled_forward_from_then_on() -> None:
    backend = _Backend(_history(30), honours_reverse=False)
    cache = HistoryCache(first_page_size=10)
    polled = cache.poll(backend.poll, backend.full)
    assert [e["eventId"] for e in polled.raw] == list(range(1, 31))
    assert cache.reverse_ignored and len(cache) == 0
    backend.calls.clear()
    polled = cache.poll(backend.poll, backend.full)
    assert backend.calls == [(None, False, 0)]
    assert [e.id for e in polled.events] == list(range(1, 31))


def test_a_gap_in_the_reverse_pages_rebuilds_from_event_1() -> None:
    cache = HistoryCache(first_page_size=5)
    backend = _Backend(_history(6))
    cache.poll(backend.poll, backend.full)
    full = _history(20)
    backend.history = full[:9] + full[10:]  # event 10 is missing from the pages
    backend.full = lambda *args: {"events": list(full)}  # type: ignore[method-assign]
    polled = cache.poll(backend.poll, backend.full)
    assert [e["eventId"] for e in polled.raw] == list(range(1, 21))
    assert len(cache) == 1


def test_a_task_older_than_the_cache_is_fetched_again() -> None:
    cache = HistoryCache(first_page_size=5)
    backend = _Backend(_history(12))
    cache.poll(backend.poll, backend.full)
    backend.history = _history(4)
    polled = cache.poll(backend.poll, backend.full)
    assert backend.full_fetches == 1
    assert [e.id for e in polled.events] == [1, 2, 3, 4]


def test_a_forked_process_starts_with_an_empty_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = HistoryCache(first_page_size=5)
    backend = _Backend(_history(4))
    cache.poll(backend.poll, backend.full)
    assert len(cache) == 1
    monkeypatch.setattr("os.getpid", lambda: -1)
    assert len(cache) == 0


def test_a_page_without_token_times_out() -> None:
    cache = HistoryCache(first_page_size=5)
    with pytest.raises(PollTimedOut):
        cache.poll(lambda *args: {"events": []}, lambda *args: {})
