"""Activities of the behaviour suite (``tests/data/behaviour.py``).

Plain module-level activities on task list ``behaviour``, version ``1``, importable by
decider and worker subprocesses.
"""

from __future__ import annotations

from pathlib import Path

from simpleflow import activity

TASK_LIST = "behaviour"
VERSION = "1"


@activity.with_attributes(task_list=TASK_LIST, version=VERSION)
def increment(x: int) -> int:
    return x + 1


@activity.with_attributes(task_list=TASK_LIST, version=VERSION)
def double(x: int) -> int:
    return x * 2


@activity.with_attributes(task_list=TASK_LIST, version=VERSION)
def add(a: int, b: int) -> int:
    return a + b


@activity.with_attributes(task_list=TASK_LIST, version=VERSION)
def total(values: list[int]) -> int:
    return sum(values)


@activity.with_attributes(task_list=TASK_LIST, version=VERSION)
def add_to(values: list[int], previous: int) -> int:
    return sum(values) + previous


@activity.with_attributes(task_list=TASK_LIST, version=VERSION)
class Multiply:
    """Class-based activity: built with the arguments, then ``execute()`` is called."""

    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y

    def execute(self) -> int:
        return self.x * self.y


@activity.with_attributes(task_list=TASK_LIST, version=VERSION, raises_on_failure=True)
def fail_loudly(message: str) -> None:
    raise ValueError(message)


@activity.with_attributes(task_list=TASK_LIST, version=VERSION, raises_on_failure=False)
def fail_quietly(message: str) -> None:
    raise ValueError(message)


def _count_attempt(path: str, failures: int) -> int:
    """Record one attempt in ``path`` (one line each, works across processes).

    Raise while the number of attempts is <= ``failures``; return the attempt number after.
    """
    counter = Path(path)
    with counter.open("a", encoding="utf-8") as fh:
        fh.write("attempt\n")
    attempt = len(counter.read_text(encoding="utf-8").splitlines())
    if attempt <= failures:
        raise RuntimeError(f"flaky failure {attempt} of {failures}")
    return attempt


@activity.with_attributes(task_list=TASK_LIST, version=VERSION, retry=2, raises_on_failure=True)
def flaky(path: str, failures: int) -> int:
    return _count_attempt(path, failures)


@activity.with_attributes(task_list=TASK_LIST, version=VERSION, retry=0, raises_on_failure=True)
def flaky_no_retry(path: str, failures: int) -> int:
    return _count_attempt(path, failures)
