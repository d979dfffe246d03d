"""Composing work: map and starmap, groups and chains, failures, retries, replay.

The workflows of the guide page "Composing work" (docs/composing.rst).
"""

from __future__ import annotations

from simpleflow import Workflow, activity, futures
from simpleflow.canvas import Chain, FuncGroup, Group
from simpleflow.task import ActivityTask

_ATTRIBUTES = {"task_list": "quickstart", "version": "example"}


@activity.with_attributes(**_ATTRIBUTES)
def square(x: int) -> int:
    return x * x


@activity.with_attributes(**_ATTRIBUTES)
def add(x: int, y: int) -> int:
    return x + y


@activity.with_attributes(**_ATTRIBUTES)
def total(numbers: list[int]) -> int:
    return sum(numbers)


@activity.with_attributes(**_ATTRIBUTES)
def split(text: str) -> list[str]:
    return text.split(",")


@activity.with_attributes(**_ATTRIBUTES)
def shout(word: str) -> str:
    return word.upper()


@activity.with_attributes(**_ATTRIBUTES)
def divide(x: int, y: int) -> float:
    return x / y


@activity.with_attributes(**_ATTRIBUTES, raises_on_failure=True)
def divide_or_abort(x: int, y: int) -> float:
    return x / y


class MapWorkflow(Workflow):
    """``map`` and ``starmap`` submit one task per item; ``wait`` waits for all of them."""

    name = "composing-map"
    version = "example"
    task_list = "example"

    def run(self, numbers: list[int]) -> int:
        squares = self.map(square, numbers)  # square(1), square(2), ...
        sums = self.starmap(add, [(n, 10) for n in numbers])  # add(1, 10), add(2, 10), ...
        futures.wait(*squares, *sums)  # blocks until every future is finished
        print("squares:", [f.result for f in squares], "sums:", [f.result for f in sums])
        return sum(f.result for f in squares)


def _shout_each(words: list[str]) -> Group:
    # Called when the FuncGroup is submitted, i.e. once ``words`` is known.
    return Group(*(ActivityTask(shout, word) for word in words))


class CanvasWorkflow(Workflow):
    """A ``Chain`` with ``send_result`` feeds each member the previous member's result."""

    name = "composing-canvas"
    version = "example"
    task_list = "example"

    def run(self, text: str) -> list[str]:
        parallel = self.submit(Group(ActivityTask(square, 3), ActivityTask(square, 4)))
        chain = self.submit(
            Chain(
                ActivityTask(split, text),  # -> ["a", "b", "c"]
                FuncGroup(_shout_each),  # -> _shout_each(["a", "b", "c"]), a Group
                send_result=True,
            )
        )
        futures.wait(parallel, chain)
        print("group:", parallel.result, "chain:", chain.result)
        return chain.result[-1]


class FailureWorkflow(Workflow):
    """A failing activity fails its future; only ``raises_on_failure`` fails the workflow."""

    name = "composing-failure"
    version = "example"
    task_list = "example"

    def run(self, abort: bool = False) -> str:
        future = self.submit(divide, 1, 0)
        futures.wait(future)
        print("failed:", future.exception is not None, type(future.exception).__name__)
        if abort:
            return str(self.submit(divide_or_abort, 1, 0).result)  # raises: workflow fails
        return "the workflow went on"


class ReplayWorkflow(Workflow):
    """``run`` is replayed at every decision: its prints repeat on SWF."""

    name = "composing-replay"
    version = "example"
    task_list = "example"

    def run(self) -> int:
        print("run() starts")
        first = self.submit(square, 2)
        second = self.submit(square, first)  # waits for first: one more decision
        print("second is", second.result)
        return second.result
