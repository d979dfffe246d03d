"""The decider's per-process cache of histories: fetch and build only the new events.

A decision task carries the whole history of its execution. Histories are append-only and
their event ids run from 1 without gaps, so the events ``1..K`` of a run seen by an earlier
decision task of this process stay valid. ``HistoryCache.poll`` asks PollForDecisionTask for
the newest events first (``reverseOrder``, a small ``maximumPageSize``) and pages back only
until it meets the cached prefix; it builds ``Event`` objects for the new events only.

Whenever the answer is not what this expects (ids not descending from the task's
``DecisionTaskStarted``, a gap, an overlap that differs from the cache, an unknown run) the
history is fetched the ordinary way, from event 1, and the run is cached afresh. A backend
that ignores ``reverseOrder`` (moto in process) is detected on the first page and is then
polled the ordinary way for the rest of the process.

``SIMPLEFLOW_DECIDER_HISTORY_CACHE=0`` turns the cache off;
``SIMPLEFLOW_DECIDER_HISTORY_CACHE_EVENTS`` bounds the events it holds.
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from swf.exceptions import SWFResponseError
from swf.models.event.base import _UNDECODED, Event
from swf.models.event.factory import _event_from_raw

logger = logging.getLogger(__name__)

#: Events asked by the first (reverse) page. A decision task of a cached execution usually
#: brings a few dozen new events (about 20 to 40 in bench/e2e.py's fan-outs): one page of
#: this size holds them; more new events cost one round trip per 100, and an unknown run
#: longer than 300 events is fetched forward by pages of 1,000.
FIRST_PAGE_SIZE = 100
#: Runs kept (least recently used dropped first).
MAX_EXECUTIONS = 64
#: Events kept over all runs, least recently used runs dropped first (an event and its raw
#: dict take about 1.4 kB: some 70 MB; SWF caps a history at 25,000 events).
MAX_EVENTS = 50_000
#: Page size of the forward fetch of a history that is not cached (SWF's maximum).
_FULL_PAGE_SIZE = 1000
# Decisions after which, once accepted, the execution is closed: no more decision tasks.
_CLOSING_DECISIONS = frozenset(
    {
        "CompleteWorkflowExecution",
        "FailWorkflowExecution",
        "CancelWorkflowExecution",
        "ContinueAsNewWorkflowExecution",
    }
)
_OFF = frozenset({"0", "false", "no", "off"})

Key = tuple[str, str]
# poll(next_page_token, reverse_order, maximum_page_size) -> one PollForDecisionTask page.
PollPage = Callable[[str | None, bool, int], dict[str, Any]]
# history(workflow_id, run_id, next_page_token) -> one GetWorkflowExecutionHistory page.
HistoryPage = Callable[[str, str, str | None], dict[str, Any]]


def is_enabled() -> bool:
    """Whether ``SIMPLEFLOW_DECIDER_HISTORY_CACHE`` leaves the cache on (the default)."""
    value = os.environ.get("SIMPLEFLOW_DECIDER_HISTORY_CACHE", "")
    return value.strip().lower() not in _OFF


def _max_events() -> int:
    value = os.environ.get("SIMPLEFLOW_DECIDER_HISTORY_CACHE_EVENTS", "")
    try:
        return max(0, int(value)) if value.strip() else MAX_EVENTS
    except ValueError:
        logger.warning(
            "SIMPLEFLOW_DECIDER_HISTORY_CACHE_EVENTS=%r is not an integer: using %d",
            value,
            MAX_EVENTS,
        )
        return MAX_EVENTS


class PollTimedOut(Exception):
    """A page of the decision task came back without a task token."""


@dataclass(frozen=True, slots=True)
class Polled:
    """A decision task: its first page (token, execution...) and its whole history."""

    task: dict[str, Any]
    raw: list[dict[str, Any]]
    events: list[Event]
    #: Kept with the run's events while it stays cached (``swf.models.history.History.memo``).
    memo: dict[str, Any] | None = None


@dataclass(slots=True)
class _Entry:
    raw: list[dict[str, Any]]
    events: list[Event]
    memo: dict[str, Any]


def _event_id(raw: dict[str, Any]) -> Any:
    return raw.get("eventId")


def _is_descending_run(events: Sequence[dict[str, Any]], start: int) -> bool:
    """Whether the ids of ``events`` are ``start, start - 1, ...``."""
    expected = start
    for raw in events:
        if _event_id(raw) != expected:
            return False
        expected -= 1
    return True


def _is_ascending_from_one(events: Sequence[dict[str, Any]]) -> bool:
    return all(_event_id(raw) == index for index, raw in enumerate(events, 1))


def _same_event(cached: dict[str, Any], fetched: dict[str, Any]) -> bool:
    return cached.get("eventType") == fetched.get("eventType") and cached.get(
        "eventTimestamp"
    ) == fetched.get("eventTimestamp")


def _refresh(events: list[Event]) -> None:
    """Forget the decoded ``input`` and ``control`` of cached events.

    The replay hands decoded values to workflow code (its arguments, task inputs in
    ``get_history()``), which may change them. A cached event then decodes its text again
    on first access, as a freshly built one would.
    """
    undecoded = _UNDECODED
    for event in events:
        state = event.__dict__
        if "_raw_input" in state:
            state["_input"] = undecoded
        if "_raw_control" in state:
            state["_control"] = undecoded


class HistoryCache:
    """The histories of the runs this process decided, least recently used first.

    Args:
        max_executions: runs kept.
        max_events: events kept over all runs (``SIMPLEFLOW_DECIDER_HISTORY_CACHE_EVENTS``
            by default). A run longer than this is not cached.
        first_page_size: ``maximumPageSize`` of the first, reverse, page.
    """

    def __init__(
        self,
        max_executions: int = MAX_EXECUTIONS,
        max_events: int | None = None,
        first_page_size: int = FIRST_PAGE_SIZE,
    ) -> None:
        self.max_executions = max_executions
        self.max_events = _max_events() if max_events is None else max_events
        self.first_page_size = first_page_size
        self._entries: OrderedDict[Key, _Entry] = OrderedDict()
        self._events = 0
        self._pid = os.getpid()
        self._tokens: OrderedDict[str, Key] = OrderedDict()
        # Set once a backend answers a reverse poll in ascending order.
        self.reverse_ignored = False

    def __len__(self) -> int:
        self._check_process()
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        self._check_process()
        return key in self._entries

    @property
    def events(self) -> int:
        """The number of events held."""
        self._check_process()
        return self._events

    def clear(self) -> None:
        self._entries.clear()
        self._tokens.clear()
        self._events = 0

    def drop(self, key: Key) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self._events -= len(entry.events)

    def _check_process(self) -> None:
        # A forked decider child starts empty: its parent's tasks are not its own.
        pid = os.getpid()
        if pid != self._pid:
            self.clear()
            self._pid = pid
            self.reverse_ignored = False

    def _get(self, key: Key) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def _put(
        self, key: Key, raw: list[dict[str, Any]], events: list[Event], memo: dict[str, Any]
    ) -> None:
        self.drop(key)
        if len(events) > self.max_events or self.max_executions <= 0:
            return
        self._entries[key] = _Entry(raw, events, memo)
        self._events += len(events)
        while len(self._entries) > self.max_executions or self._events > self.max_events:
            _, oldest = self._entries.popitem(last=False)
            self._events -= len(oldest.events)

    def completed(self, token: str, decisions: Sequence[Any] | None) -> None:
        """Drop the run of task ``token`` when ``decisions`` close it."""
        self._check_process()
        key = self._tokens.pop(token, None)
        if key is None:
            return
        for decision in decisions or ():
            decision_type = decision.get("decisionType") if hasattr(decision, "get") else None
            if decision_type in _CLOSING_DECISIONS:
                self.drop(key)
                return

    def poll(self, poll_page: PollPage, history_page: HistoryPage) -> Polled:
        """One decision task, with its whole history, newest events fetched first.

        Raises:
            PollTimedOut: no task (an empty first page), or a further page without token.
        """
        self._check_process()
        if self.reverse_ignored:
            first = poll_page(None, False, 0)
            _check_token(first, further=False)
            return self._build(first, _pages(poll_page, first, False, 0), None)
        size = self.first_page_size
        first = poll_page(None, True, size)
        _check_token(first, further=False)
        descending: list[dict[str, Any]] = list(first.get("events", []))
        top = first.get("startedEventId") or (_event_id(descending[0]) if descending else 0)
        if not descending or not _is_descending_run(descending, top):
            if _is_ascending_from_one(descending):
                # The backend ignores reverseOrder (moto in process): the pages come forward.
                self.reverse_ignored = True
                logger.info("the SWF endpoint ignores reverseOrder: history cache not used")
                return self._build(first, _pages(poll_page, first, True, size), None)
            return self._full(first, poll_page, history_page, top, "is not in reverse order")
        execution = first["workflowExecution"]
        key: Key = (execution["workflowId"], execution["runId"])
        entry = self._get(key)
        known = len(entry.events) if entry is not None else 0
        if known >= top:
            return self._full(first, poll_page, history_page, top, "is shorter than the cache")
        page = first
        while _event_id(descending[-1]) > known + 1 and page.get("nextPageToken"):
            if entry is None and _event_id(descending[-1]) - 1 > 2 * size:
                # Unknown run, long history: forward pages of 1,000 take fewer round trips.
                return self._full(first, poll_page, history_page, top)
            page = poll_page(page["nextPageToken"], True, size)
            _check_token(page)
            more = page.get("events", [])
            if not _is_descending_run(more, _event_id(descending[-1]) - 1):
                return self._full(first, poll_page, history_page, top, "has a gap")
            descending.extend(more)
        lowest = _event_id(descending[-1])
        if entry is None or lowest > known + 1:
            if lowest != 1:
                return self._full(first, poll_page, history_page, top, "misses its first events")
            return self._build(first, descending[::-1], None)
        # The fetched events the cache holds too must be the cached ones.
        overlap = descending[top - known :]
        if any(not _same_event(entry.raw[_event_id(raw) - 1], raw) for raw in overlap):
            return self._full(first, poll_page, history_page, top, "differs from the cache")
        return self._build(first, descending[top - known - 1 :: -1], entry)

    def _full(
        self,
        first: dict[str, Any],
        poll_page: PollPage,
        history_page: HistoryPage,
        top: int,
        doubt: str | None = None,
    ) -> Polled:
        """The history fetched from event 1 (GetWorkflowExecutionHistory), run cached afresh."""
        execution = first["workflowExecution"]
        key: Key = (execution["workflowId"], execution["runId"])
        if doubt is not None:
            logger.warning(
                "history of workflow %s (run %s) %s: fetching it from event 1",
                key[0],
                key[1],
                doubt,
            )
        self.drop(key)
        raw = _fetch_forward(key, history_page, top) if top else None
        if raw is None:
            # As the uncached path does: every page, in the order the backend gives.
            raw = _pages(poll_page, first, True, self.first_page_size)
            if _is_descending_run(raw, top):
                raw.reverse()
        return self._build(first, raw, None)

    def _build(
        self, task: dict[str, Any], new: list[dict[str, Any]], entry: _Entry | None
    ) -> Polled:
        fresh = [_event_from_raw(raw) for raw in new]
        memo: dict[str, Any] | None
        if entry is None:
            raw, events, memo = new, fresh, {}
        else:
            _refresh(entry.events)
            raw, events, memo = entry.raw + new, entry.events + fresh, entry.memo
        execution = task.get("workflowExecution") or {}
        if not self.reverse_ignored and "workflowId" in execution and "runId" in execution:
            key: Key = (execution["workflowId"], execution["runId"])
            # New events of a cached run were checked contiguous while fetched.
            if entry is not None or _is_ascending_from_one(raw):
                assert memo is not None
                self._put(key, raw, events, memo)
                self._tokens[task["taskToken"]] = key
                while len(self._tokens) > self.max_executions:
                    self._tokens.popitem(last=False)
            else:
                self.drop(key)
                memo = None
        else:
            memo = None  # not cached: nothing derived from these events is kept
        return Polled(task=task, raw=list(raw), events=list(events), memo=memo)


def _check_token(page: dict[str, Any], further: bool = True) -> None:
    if not page.get("taskToken"):
        raise PollTimedOut("while fetching the history pages" if further else "")


def _pages(
    poll_page: PollPage, first: dict[str, Any], reverse: bool, size: int
) -> list[dict[str, Any]]:
    """The events of ``first`` and of the pages after it, concatenated."""
    events = list(first.get("events", []))
    page = first
    while page.get("nextPageToken"):
        page = poll_page(page["nextPageToken"], reverse, size)
        _check_token(page)
        events.extend(page.get("events", []))
    return events


def _fetch_forward(key: Key, history_page: HistoryPage, top: int) -> list[dict[str, Any]] | None:
    """Events ``1..top`` by GetWorkflowExecutionHistory; None if it cannot be used."""
    events: list[dict[str, Any]] = []
    token: str | None = None
    try:
        while True:
            page = history_page(key[0], key[1], token)
            events.extend(page.get("events", []))
            token = page.get("nextPageToken")
            if not token or len(events) >= top:
                break
    except SWFResponseError as err:
        # A decider may lack the right to GetWorkflowExecutionHistory.
        logger.info("cannot fetch the history of %s (run %s): %s", key[0], key[1], err)
        return None
    del events[top:]
    if len(events) != top or not _is_ascending_from_one(events):
        return None
    return events
