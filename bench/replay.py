"""Benchmark: the cost of one SWF decision on big histories, compared with json.loads.

For N completed activities, two workflows are measured:

* ``fanout``: ``futures.wait(*self.map(task, range(N)))`` (one task per item);
* ``chain``: each task takes the previous task's result (one decision task per activity);
* ``children``: a fan-out of N child workflows (``--kinds children``);
* ``signals``: an execution that received N signals, one decision task each, and waits
  for the last one (``--kinds signals``).

Each history is built with ``swf.models.history.builder``, and its raw events are dumped
as the JSON text of a ``PollForDecisionTask`` answer. One decision, as the decider makes
it, is ``History.from_event_list(events)`` (events to objects) then
``Executor.replay`` (history dicts, workflow replay, decisions). The target: the whole
decision from the poll body (transport parse included) within 3x ``json.loads`` of that
body for the 5,000-activity fan-out and chain, growing linearly with N. Times are the best
CPU time of this process over the repeats (the machine may be busy with other work).

Also reported: the transport's plain-json fast path (``swf.transport._parse_fast``) and
botocore's generic JSON parser on the same body, and the peak memory of one decision
(tracemalloc, beyond the decoded poll dict it starts from) beside the size of that dict.

Usage::

    python bench/replay.py                 # N = 1000 and 5000
    python bench/replay.py --sizes 20000   # larger histories
    python bench/replay.py --profile       # cProfile of one decision (largest N)
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simpleflow import Workflow, futures
from simpleflow.activity import Activity
from simpleflow.swf.executor import Executor
from swf.models.history import builder
from swf.models.history.base import History as SWFHistory
from swf.responses import Response

# Decisions of the fan-out history: SWF takes 100 decisions per answer.
_BATCH = 99


def _add_one(x: int) -> int:
    return x + 1


task = Activity(_add_one, "bench.tasks.add_one", "1", "bench", 0, False, "300", "300", "300", "300")


class _Base(Workflow):
    version, task_list = "1", "bench-decisions"
    decision_tasks_timeout, execution_timeout = "300", "86400"


class FanOut(_Base):
    name = "bench-fanout"

    def run(self, n: int) -> int:
        return sum(futures.wait(*self.map(task, range(n))))


class Chain(_Base):
    name = "bench-chain"

    def run(self, n: int) -> int:
        value: Any = 0
        for _ in range(n):
            value = self.submit(task, value)
        return int(value.result)


class BenchChild(_Base):
    name = "bench-child"

    def run(self, i: int) -> int:
        return i


class ChildFanOut(_Base):
    name = "bench-children"

    def run(self, n: int) -> int:
        return sum(futures.wait(*[self.submit(BenchChild, i) for i in range(n)]))


class Signals(_Base):
    name = "bench-signals"

    def run(self, n: int) -> Any:
        last = self.submit(self.wait_signal("done"))
        return [last.result, self.get_event_details("signal", "tick")["input"]]


def build_children(n: int) -> builder.History:
    h = builder.History(ChildFanOut, input={"args": [n], "kwargs": {}})
    for start in range(0, n, _BATCH):
        h.add_decision_task_completed()
        decision_id = h.last_id
        for i in range(start, min(start + _BATCH, n)):
            h.add_child_workflow(
                BenchChild, last_state="completed",
                workflow_id=f"workflow-bench-child-None--0--{i + 1}",
                input={"args": [i], "kwargs": {}}, result=json.dumps(i), decision_id=decision_id,
            )  # fmt: skip
        h.add_decision_task_scheduled().add_decision_task_started()
    return h


def build_signals(n: int) -> builder.History:
    h = builder.History(Signals, input={"args": [n], "kwargs": {}})
    for i in range(n):
        h.add_decision_task_completed(execution_context={"waiting_signals": ["done"]})
        name = "done" if i == n - 1 else "tick"
        h.add_signal(name, {"args": [i], "kwargs": {}, "__propagate": False})
        h.add_decision_task_scheduled().add_decision_task_started()
    return h


def _task_id(k: int) -> str:
    return f"activity-{task.name}-{k}"


def build_fanout(n: int) -> builder.History:
    h = builder.History(FanOut, input={"args": [n], "kwargs": {}})
    for start in range(0, n, _BATCH):
        h.add_decision_task_completed()
        decision_id = h.last_id
        for i in range(start, min(start + _BATCH, n)):
            h.add_activity_task(
                task, decision_id=decision_id, last_state="completed",
                activity_id=_task_id(i + 1), input={"args": [i], "kwargs": {}}, result=i + 1,
            )  # fmt: skip
        h.add_decision_task_scheduled().add_decision_task_started()
    return h


def build_chain(n: int) -> builder.History:
    h = builder.History(Chain, input={"args": [n], "kwargs": {}})
    for i in range(n):
        h.add_decision_task_completed()
        h.add_activity_task(
            task, decision_id=h.last_id, last_state="completed", activity_id=_task_id(i + 1),
            input={"args": [i], "kwargs": {}}, result=i + 1,
        )  # fmt: skip
        h.add_decision_task_scheduled().add_decision_task_started()
    return h


def _without_nones(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nones(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nones(v) for v in value]
    return value


def poll_body(h: builder.History, workflow: type[Workflow]) -> bytes:
    """The JSON text of a PollForDecisionTask answer carrying the whole history."""
    # SWF leaves absent members out of its answers (the builder keeps them as None).
    events = [_without_nones(event.raw) for event in h.events]
    answer = {
        "taskToken": "AAAA" * 200,
        "startedEventId": events[-1]["eventId"],
        "previousStartedEventId": events[-4]["eventId"] if len(events) > 4 else 0,
        "workflowExecution": {"workflowId": "bench", "runId": "22" * 22},
        "workflowType": {"name": workflow.name, "version": workflow.version},
        "events": events,
    }
    return json.dumps(answer).encode("utf-8")


class _Domain:
    name = "bench"


def decide(body_events: list[dict[str, Any]], workflow: type[Workflow]) -> list[Any]:
    history = SWFHistory.from_event_list(body_events)
    decisions, _ = Executor(_Domain(), workflow).replay(Response(history=history))
    return decisions


#: New events of a decision task in the steady state of a decider (``cached_decision``):
#: about what a 5,000-activity fan-out brings per decision task on the local engine.
CACHED_NEW_EVENTS = 30


def _pager(answer: dict[str, Any], events: list[dict[str, Any]]) -> Any:
    """PollForDecisionTask pages of ``events`` (a decision task), for the history cache."""

    def page(token: str | None, reverse: bool, size: int) -> dict[str, Any]:
        ordered = events[::-1] if reverse else events
        size = size or 1000
        start = int(token or 0)
        item = dict(answer, startedEventId=len(events), events=ordered[start : start + size])
        if start + size < len(ordered):
            item["nextPageToken"] = str(start + size)
        return item

    return page


def _history_pager(events: list[dict[str, Any]]) -> Any:
    """GetWorkflowExecutionHistory pages of ``events`` (forward)."""

    def page(workflow_id: str, run_id: str, token: str | None) -> dict[str, Any]:
        start = int(token or 0)
        item: dict[str, Any] = {"events": events[start : start + 1000]}
        if start + 1000 < len(events):
            item["nextPageToken"] = str(start + 1000)
        return item

    return page


def cached_decision(
    body: bytes, workflow: type[Workflow], repeat: int, loads: Callable[[], Any]
) -> tuple[float, float]:
    """Best CPU time of a decision whose older events the decider's cache holds.

    The decider's steady state (``swf.actors._history_cache``): the cache holds the run
    but for its ``CACHED_NEW_EVENTS`` newest events (the previous decision task, polled
    and replayed, untimed), and the decision task's first page
    (reverse order, as the cache asks it) arrives as a JSON body. Timed: parsing that page,
    building its new events, the replay. Measured in alternation with ``loads`` (the JSON
    decoding of the whole poll body); returns both best times.
    """
    from swf.actors._history_cache import FIRST_PAGE_SIZE, HistoryCache
    from swf.transport import _parse_fast

    answer = json.loads(body)
    events = answer.pop("events")
    first = _pager(answer, events)(None, True, FIRST_PAGE_SIZE)
    first_body = json.dumps(first).encode("utf-8")

    def hit_page(token: str | None, reverse: bool, size: int) -> dict[str, Any]:
        assert token is None and reverse, "a cache hit reads one page"
        return _parse_fast(first_body)

    def no_history(workflow_id: str, run_id: str, token: str | None) -> dict[str, Any]:
        raise AssertionError("a cache hit reads no history page")

    best_decision = best_loads = float("inf")
    for _ in range(repeat):
        cache = HistoryCache()
        older = events[:-CACHED_NEW_EVENTS]
        # The previous decision task: its history polled and replayed.
        polled = cache.poll(_pager(answer, older), _history_pager(older))
        history = SWFHistory(events=polled.events, raw=polled.raw, memo=polled.memo)
        Executor(_Domain(), workflow).replay(Response(history=history))
        best_loads = min(best_loads, best_of(1, loads))

        def decide_from_cache(cache: HistoryCache = cache) -> list[Any]:
            polled = cache.poll(hit_page, no_history)
            history = SWFHistory(events=polled.events, raw=polled.raw, memo=polled.memo)
            decisions, _ = Executor(_Domain(), workflow).replay(Response(history=history))
            return decisions

        best_decision = min(best_decision, best_of(1, decide_from_cache))
    return best_decision, best_loads


def best_of(repeat: int, func: Callable[[], Any]) -> float:
    """Best CPU time of `repeat` calls, with the cyclic GC off during each (as timeit).

    CPU time of this process, not wall time: the figures stay comparable on a busy machine.
    """
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            func()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


def best_of_alternating(repeat: int, *funcs: Callable[[], Any]) -> list[float]:
    """Best CPU time of each function, the functions called in turn `repeat` times.

    A ratio of two figures measured in alternation does not move with the state of the
    allocator or the load of the machine, which change ``json.loads`` of a 4.5 MB body by
    up to 2x from one batch of calls to the next.
    """
    best = [float("inf")] * len(funcs)
    for _ in range(repeat):
        for index, func in enumerate(funcs):
            best[index] = min(best[index], best_of(1, func))
    return best


def botocore_parser() -> Callable[[bytes], Any] | None:
    try:
        import botocore.parsers
        import botocore.session
    except ImportError:
        return None
    model = botocore.session.get_session().get_service_model("swf")
    shape = model.operation_model("PollForDecisionTask").output_shape
    parser = botocore.parsers.JSONParser(timestamp_parser=lambda value: value)

    def parse(body: bytes) -> Any:
        return parser.parse({"status_code": 200, "headers": {}, "body": body}, shape)

    return parse


def fast_parser() -> Callable[[bytes], Any] | None:
    try:
        from swf.transport import _parse_fast
    except ImportError:
        return None
    return _parse_fast  # type: ignore[no-any-return]


def _kind(kind: str) -> tuple[type[Workflow], Callable[[int], builder.History]]:
    kinds: dict[str, tuple[type[Workflow], Callable[[int], builder.History]]] = {
        "fanout": (FanOut, build_fanout),
        "chain": (Chain, build_chain),
        "children": (ChildFanOut, build_children),
        "signals": (Signals, build_signals),
    }
    return kinds[kind]


def measure(kind: str, n: int, repeat: int) -> dict[str, Any]:
    workflow, build = _kind(kind)
    h = build(n)
    body = poll_body(h, workflow)
    del h

    decisions = decide(json.loads(body)["events"], workflow)
    assert [d["decisionType"] for d in decisions] == ["CompleteWorkflowExecution"], decisions

    loads = best_of(repeat, lambda: json.loads(body))
    # Each run parses a fresh copy: events cache their timestamps.
    copies = [json.loads(body)["events"] for _ in range(repeat)]
    objects = best_of(repeat, lambda: SWFHistory.from_event_list(copies.pop()))
    histories = [SWFHistory.from_event_list(json.loads(body)["events"]) for _ in range(repeat)]
    replay = best_of(
        repeat,
        lambda: Executor(_Domain(), workflow).replay(Response(history=histories.pop())),
    )

    # The decoded poll dict, as it stays in memory while the decider decides.
    gc.collect()
    tracemalloc.start()
    answer = json.loads(body)
    dict_size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    events = answer["events"]
    gc.collect()
    tracemalloc.start()
    decide(events, workflow)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    event_count = len(events)
    del answer, events

    result: dict[str, Any] = {
        "kind": kind,
        "n": n,
        "events": event_count,
        "body_mb": len(body) / 1e6,
        "loads": loads,
        "objects": objects,
        "replay": replay,
        "peak_mb": peak / 1e6,
        "dict_mb": dict_size / 1e6,
    }
    fast = fast_parser()
    result["fast"] = best_of(repeat, lambda: fast(body)) if fast else None
    if fast:
        # The whole decision, as a decider pays it: body -> dict -> objects -> decisions,
        # measured in alternation with json.loads (the ratio of the target).
        loads_again, end_to_end = best_of_alternating(
            repeat, lambda: json.loads(body), lambda: decide(fast(body)["events"], workflow)
        )
        result["end_to_end"] = end_to_end
        result["end_to_end_loads"] = loads_again
        result["cached"], result["cached_loads"] = cached_decision(
            body, workflow, repeat, lambda: json.loads(body)
        )
    else:
        result["end_to_end"] = None
    generic = botocore_parser()
    result["botocore"] = best_of(max(1, repeat // 2), lambda: generic(body)) if generic else None
    return result


def report(row: dict[str, Any]) -> None:
    loads = row["loads"]
    total = row["objects"] + row["replay"]
    print(f"{row['kind']:>6} N={row['n']:>6}  {row['events']:>6} events, {row['body_mb']:.1f} MB")
    print(f"    json.loads              {loads * 1e3:8.1f} ms   1.00x")
    print(
        f"    events -> objects       {row['objects'] * 1e3:8.1f} ms   "
        f"{row['objects'] / loads:.2f}x"
    )
    print(
        f"    replay                  {row['replay'] * 1e3:8.1f} ms   {row['replay'] / loads:.2f}x"
    )
    print(
        f"    decision total          {total * 1e3:8.1f} ms   {total / loads:.2f}x json.loads"
        f"   ({total / row['events'] * 1e6:.2f} us/event)"
    )
    print(
        f"    peak memory (decision)  {row['peak_mb']:8.1f} MB   "
        f"{row['peak_mb'] / row['dict_mb']:.2f}x the decoded poll dict ({row['dict_mb']:.1f} MB;"
        " target <= 1.2x)"
    )
    if row["fast"] is not None:
        print(
            f"    transport _parse_fast   {row['fast'] * 1e3:8.1f} ms   {row['fast'] / loads:.2f}x"
        )
    else:
        print("    transport _parse_fast   (swf.transport._parse_fast not available: skipped)")
    if row.get("end_to_end") is not None:
        end, beside = row["end_to_end"], row["end_to_end_loads"]
        print(
            f"    poll body -> decisions  {end * 1e3:8.1f} ms   {end / beside:.2f}x json.loads"
            f" measured in alternation ({beside * 1e3:.1f} ms; transport parse included;"
            " target <= 3x)"
        )
        cached, beside = row["cached"], row["cached_loads"]
        print(
            f"    cached: page -> decisions {cached * 1e3:6.1f} ms   {cached / beside:.2f}x"
            f" json.loads of the whole body ({beside * 1e3:.1f} ms; the decider's history"
            f" cache holds all but the {CACHED_NEW_EVENTS} newest events)"
        )
    if row["botocore"] is not None:
        print(
            f"    botocore JSONParser     {row['botocore'] * 1e3:8.1f} ms   "
            f"{row['botocore'] / loads:.2f}x"
        )
    else:
        print("    botocore JSONParser     (botocore not installed: skipped)")


def profile(kind: str, n: int) -> None:
    workflow, build = _kind(kind)
    body = poll_body(build(n), workflow)
    events = json.loads(body)["events"]
    profiler = cProfile.Profile()
    profiler.enable()
    decide(events, workflow)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(25)
    print(f"--- cProfile of one {kind} decision, N={n} (by own time) ---")
    print(stream.getvalue())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument(
        "--kinds", nargs="+", default=["fanout", "chain"],
        choices=["fanout", "chain", "children", "signals"],
    )  # fmt: skip
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the largest N")
    options = parser.parse_args(argv)

    rows = []
    for kind in options.kinds:
        for n in options.sizes:
            row = measure(kind, n, options.repeat)
            report(row)
            rows.append(row)
    for kind in options.kinds:
        mine = sorted((r for r in rows if r["kind"] == kind), key=lambda r: r["n"])
        if len(mine) >= 2:
            first, last = mine[0], mine[-1]
            growth = (last["objects"] + last["replay"]) / (first["objects"] + first["replay"])
            print(
                f"{kind}: N x{last['n'] / first['n']:.0f} -> decision time x{growth:.2f} "
                "(linear means about the same factor)"
            )
    if options.profile:
        for kind in options.kinds:
            profile(kind, max(options.sizes))


if __name__ == "__main__":
    main()
