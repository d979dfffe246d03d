"""The local executor with the features added after 0.11.9 (features §2.6, §4.4, §5.5)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from simpleflow import futures
from simpleflow.exceptions import TaskFailed
from simpleflow.local import Executor
from simpleflow.marker import Marker
from simpleflow.task import WorkflowTask
from simpleflow.workflow import Workflow


class Child(Workflow):
    name = "child"

    def run(self, x: int) -> Any:
        return [x, self.get_run_context()["workflow_id"]]


class Broken(Workflow):
    name = "broken"
    raises_on_failure = False

    def run(self) -> None:
        raise ValueError("boom")


class Loud(Broken):
    raises_on_failure = True


class Parent(Workflow):
    name = "parent"

    def run(self) -> Any:
        child = self.submit(Child, 1)
        named = self.submit(WorkflowTask(Child, 2))
        broken = self.submit(Broken)
        return child.result, named.result, repr(broken.exception), self.get_run_context()


def test_children_run_inline_with_their_own_run_context() -> None:
    child, named, broken, context = Executor(Parent).run()
    assert child == [1, "local_child"]
    assert named == [2, "local_child"]
    assert broken.startswith("TaskFailed (workflow-broken")
    assert context == {
        "name": "local",
        "version": "1.0",
        "run_id": "local",
        "workflow_id": "local",
        "tag_list": [],
    }


def test_failing_child_with_raises_on_failure_raises_task_failed_with_json_details() -> None:
    class P(Workflow):
        def run(self) -> None:
            self.submit(Loud)

    with pytest.raises(TaskFailed) as info:
        Executor(P).run()
    details = json.loads(info.value.details)
    assert (details["error"], details["error_type"], details["message"]) == (
        "ValueError",
        "builtins.ValueError",
        "boom",
    )
    assert "Traceback" in details["traceback"]


class Markers(Workflow):
    def run(self) -> Any:
        self.submit(self.record_marker("phase", {"step": 1}))
        self.submit(self.record_marker("other"))
        self.submit(self.record_marker("phase", {"step": 2}))
        return self.list_markers(), self.list_markers(all=True)


def test_markers_are_kept_in_memory() -> None:
    latest, every = Executor(Markers).run()
    assert latest == [Marker("phase", {"step": 2}), Marker("other", None)]
    assert every == [
        Marker("phase", {"step": 1}),
        Marker("other", None),
        Marker("phase", {"step": 2}),
    ]
    assert repr(latest[0]) == "<Marker 'phase' details={'step': 2}>"


class Timers(Workflow):
    def run(self, delay: int) -> Any:
        timer = self.submit(self.start_timer("t", delay))
        cancel = self.submit(self.cancel_timer("t"))
        return futures.wait(timer, cancel), self.get_event_details("timer", "t")


def test_timers_sleep_then_finish_with_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SIMPLEFLOW_LOCAL_TIMERS_SLEEP", raising=False)
    start = time.monotonic()
    assert Executor(Timers).run({"args": [1]}) == ([None, None], None)
    assert time.monotonic() - start >= 1


@pytest.mark.parametrize("value", ["0", "false", "No", "OFF"])
def test_timer_sleep_is_skipped_when_the_setting_is_false(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SIMPLEFLOW_LOCAL_TIMERS_SLEEP", value)
    start = time.monotonic()
    Executor(Timers).run({"args": [30]})
    assert time.monotonic() - start < 5


def test_a_bad_boolean_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMPLEFLOW_LOCAL_TIMERS_SLEEP", "maybe")
    with pytest.raises(ValueError, match="SIMPLEFLOW_LOCAL_TIMERS_SLEEP must be a boolean"):
        Executor(Timers).run({"args": [1]})


ATTEMPTS: list[int] = []


def _flaky_three_times() -> str:
    ATTEMPTS.append(1)
    if len(ATTEMPTS) < 3:
        raise RuntimeError("not yet")
    return "ok"


def _never() -> None:
    ATTEMPTS.append(1)
    raise ValueError("bad input")


def test_local_retry_policy_counts_attempts_without_sleeping(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from simpleflow import RetryPolicy
    from simpleflow.activity import Activity

    monkeypatch.delenv("SIMPLEFLOW_LOCAL_RETRY_SLEEP", raising=False)
    flaky = Activity(_flaky_three_times, "tests.local.flaky3")
    never = Activity(_never, "tests.local.never")

    class Retrying(Workflow):
        default_retry_policy = RetryPolicy(initial_interval=60, maximum_attempts=5)

        def run(self) -> Any:
            ok = self.submit(flaky).result
            bad = self.submit(
                never, __retry_policy=RetryPolicy(non_retryable_error_types=("ValueError",))
            )
            return ok, repr(bad.exception)

    ATTEMPTS.clear()
    start = time.monotonic()
    assert Executor(Retrying).run() == ("ok", "ValueError('bad input')")
    assert len(ATTEMPTS) == 4  # 3 for flaky, 1 for the non-retryable failure
    assert time.monotonic() - start < 5


def test_local_on_task_failure_decisions() -> None:
    from simpleflow.activity import Activity
    from simpleflow.task import TaskFailureContext

    never = Activity(_never, "tests.local.never_hooked")
    seen: list[int] = []

    class Hooked(Workflow):
        def run(self) -> Any:
            ignored = self.submit(never, __priority=1)
            return ignored.state, ignored.exception, len(ATTEMPTS)

        def on_task_failure(self, failure_context: TaskFailureContext) -> Any:
            seen.append(failure_context.attempt_number)
            if failure_context.attempt_number < 3:
                return failure_context.decide_retry(retry_wait_timeout=100)
            return failure_context.decide_ignore()

    ATTEMPTS.clear()
    assert Executor(Hooked).run() == ("FINISHED", None, 3)
    assert seen == [1, 2, 3]
