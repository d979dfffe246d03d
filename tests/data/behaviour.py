"""The behaviour suite: workflows and the cases every executor must pass.

The same ``CASES`` run against the local executor (``tests/simpleflow/
test_behaviour_local.py``), the SWF replay executor with synthetic histories, and real
SWF processes. Each ``Case`` gives the workflow input, and either the expected ``result``
or an ``error`` substring found both in the local exception text (``repr`` and ``str``)
and in the SWF failure reason (the activity name, or the text given to ``self.fail``).

Inputs needing a scratch file use the placeholder string ``TMP`` (``"{tmp}"``) as an
argument; ``Case.materialize(directory)`` replaces it with a file path in that directory
(one file per case, not created in advance).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simpleflow import Workflow, futures
from simpleflow.canvas import Chain, FuncGroup, Group
from simpleflow.task import ActivityTask
from tests.data import activities as act

TMP = "{tmp}"


class _Base(Workflow):
    version = "1"
    task_list = "behaviour-decisions"
    execution_timeout = "300"
    decision_tasks_timeout = "30"


class MapWorkflow(_Base):
    name = "behaviour-map"

    def run(self, values: list[int]) -> list[int]:
        return futures.wait(*self.map(act.increment, values))


class StarmapWorkflow(_Base):
    name = "behaviour-starmap"

    def run(self, pairs: list[list[int]]) -> list[int]:
        return futures.wait(*self.starmap(act.add, pairs))


class ChainWorkflow(_Base):
    name = "behaviour-chain"

    def run(self) -> list[int]:
        chain = Chain(
            ActivityTask(act.total, [1, 2]),
            ActivityTask(act.add_to, [2, 3]),
            ActivityTask(act.add_to, [4, 5]),
            send_result=True,
        )
        return futures.wait(self.submit(chain))[0]


class NestedGroupsWorkflow(_Base):
    name = "behaviour-nested-groups"

    def run(self, x: int) -> list[Any]:
        group = Group(
            ActivityTask(act.increment, x),
            Group(ActivityTask(act.double, x), ActivityTask(act.double, x + 1)),
            Chain(ActivityTask(act.increment, x), ActivityTask(act.double), send_result=True),
        )
        return futures.wait(self.submit(group))[0]


def increments(n: int) -> Group:
    """Build a group incrementing 0 .. n-1 (used through a ``FuncGroup``)."""
    return Group(*[ActivityTask(act.increment, i) for i in range(n)])


class FuncGroupWorkflow(_Base):
    name = "behaviour-funcgroup"

    def run(self) -> list[Any]:
        chain = Chain(
            ActivityTask(act.total, [1, 2]),
            FuncGroup(increments),  # receives 3
            ActivityTask(act.total),  # receives [1, 2, 3]
            send_result=True,
        )
        return futures.wait(self.submit(chain))[0]


class FailureRaisesWorkflow(_Base):
    name = "behaviour-failure-raises"

    def run(self, message: str) -> Any:
        return self.submit(act.fail_loudly, message).result


class FailureQuietWorkflow(_Base):
    name = "behaviour-failure-quiet"

    def run(self, message: str) -> list[Any]:
        future = self.submit(act.fail_quietly, message)
        futures.wait(future)
        return [future.result, future.exception is not None]


class SelfFailWorkflow(_Base):
    name = "behaviour-self-fail"

    def run(self, reason: str) -> None:
        self.fail(reason)
        # Locally ``fail()`` is a no-op (0.11.9 behaviour): fail the same way explicitly.
        raise RuntimeError(reason)


class RetryWorkflow(_Base):
    name = "behaviour-retry"

    def run(self, path: str, failures: int) -> int:
        return self.submit(act.flaky, path, failures).result


class NoRetryWorkflow(_Base):
    name = "behaviour-no-retry"

    def run(self, path: str, failures: int) -> int:
        return self.submit(act.flaky_no_retry, path, failures).result


class FuturesAsArgumentsWorkflow(_Base):
    name = "behaviour-futures-as-arguments"

    def run(self, x: int) -> int:
        a = self.submit(act.increment, x)
        b = self.submit(act.double, a)
        c = self.submit(act.add, a, b=b)
        return c.result


class ClassActivityWorkflow(_Base):
    name = "behaviour-class-activity"

    def run(self, x: int, y: int) -> int:
        return self.submit(act.Multiply, x, y=y).result


@dataclass(frozen=True)
class Case:
    """One behaviour: run ``workflow`` with ``input``; expect ``result`` or ``error``."""

    id: str
    workflow: type[Workflow]
    input: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    error: str | None = None

    def materialize(self, directory: Path) -> dict[str, Any]:
        """The input with every ``TMP`` argument replaced by a path in ``directory``."""
        path = str(Path(directory) / f"{self.id}.count")
        resolved = copy.deepcopy(self.input)
        resolved["args"] = [path if arg == TMP else arg for arg in resolved.get("args", [])]
        resolved["kwargs"] = {
            key: path if value == TMP else value
            for key, value in resolved.get("kwargs", {}).items()
        }
        return resolved


def _args(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return {"args": list(args), "kwargs": kwargs}


CASES: list[Case] = [
    Case("map", MapWorkflow, _args([1, 2, 3]), result=[2, 3, 4]),
    Case("map-empty", MapWorkflow, _args([]), result=[]),
    Case("starmap", StarmapWorkflow, _args([[1, 2], [3, 4]]), result=[3, 7]),
    Case("chain-send-result", ChainWorkflow, _args(), result=[3, 8, 17]),
    Case("nested-groups", NestedGroupsWorkflow, _args(3), result=[4, [6, 8], [4, 8]]),
    Case("funcgroup-in-chain", FuncGroupWorkflow, _args(), result=[3, [1, 2, 3], 6]),
    Case(
        "failure-raises",
        FailureRaisesWorkflow,
        _args("boom"),
        error="tests.data.activities.fail_loudly",
    ),
    Case("failure-quiet", FailureQuietWorkflow, _args("boom"), result=[None, True]),
    Case(
        "self-fail", SelfFailWorkflow, _args("giving up on purpose"), error="giving up on purpose"
    ),
    Case("retry-success", RetryWorkflow, _args(TMP, 2), result=3),
    Case(
        "retry-exhausted",
        RetryWorkflow,
        _args(TMP, 3),
        error="tests.data.activities.flaky",
    ),
    Case(
        "no-retry",
        NoRetryWorkflow,
        _args(TMP, 1),
        error="tests.data.activities.flaky_no_retry",
    ),
    Case(
        "futures-as-arguments",
        FuturesAsArgumentsWorkflow,
        {"args": [], "kwargs": {"x": 1}},
        result=6,
    ),
    Case("class-activity", ClassActivityWorkflow, _args(6, y=7), result=42),
]
