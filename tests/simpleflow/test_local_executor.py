from __future__ import annotations

import logging

import pytest

from simpleflow import activity, futures
from simpleflow.exceptions import ExecutionBlocked, TaskFailed
from simpleflow.local import Executor
from simpleflow.local.executor import Executor as ExecutorFromModule
from simpleflow.workflow import Workflow

CALLS: list[str] = []


@activity.with_attributes(name="tests.local.increment")
def increment(x: int) -> int:
    return x + 1


@activity.with_attributes(name="tests.local.fail_quietly")
def fail_quietly() -> None:
    CALLS.append("quiet")
    raise ValueError("quiet failure")


@activity.with_attributes(name="tests.local.fail_loudly", raises_on_failure=True)
def fail_loudly() -> None:
    raise ValueError("loud failure")


@activity.with_attributes(name="tests.local.flaky", retry=2)
def flaky(failures: int) -> int:
    CALLS.append("flaky")
    if len(CALLS) <= failures:
        raise RuntimeError(f"attempt {len(CALLS)}")
    return len(CALLS)


@pytest.fixture(autouse=True)
def _reset_calls() -> None:
    CALLS.clear()


class Pipeline(Workflow):
    def run(self, x: int, y: int = 0) -> int:
        a = self.submit(increment, x)
        return self.submit(increment, a).result + y


class Child(Workflow):
    name = "child"


def test_reexport() -> None:
    assert Executor is ExecutorFromModule


def test_run_passes_args_and_kwargs() -> None:
    assert Executor(Pipeline).run({"args": [1], "kwargs": {"y": 10}}) == 13


def test_run_without_input() -> None:
    class NoArgs(Workflow):
        def run(self) -> str:
            return "done"

    assert Executor(NoArgs).run() == "done"


def test_submit_returns_finished_future() -> None:
    future = Executor(Pipeline).submit(increment, 1)
    assert future.finished
    assert future.result == 2


def test_failure_is_stored_on_the_future() -> None:
    future = Executor(Pipeline).submit(fail_quietly)
    assert future.finished
    assert future.result is None
    assert isinstance(future.exception, ValueError)


def test_raises_on_failure_raises_task_failed() -> None:
    with pytest.raises(TaskFailed) as info:
        Executor(Pipeline).submit(fail_loudly)
    assert info.value.name == "tests.local.fail_loudly"
    assert info.value.reason == "loud failure"
    assert isinstance(info.value.__cause__, ValueError)


def test_retry_is_applied_until_success() -> None:
    future = Executor(Pipeline).submit(flaky, 2)
    assert future.result == 3
    assert CALLS == ["flaky"] * 3


def test_retry_exhausted_stores_last_exception() -> None:
    future = Executor(Pipeline).submit(flaky, 5)
    assert CALLS == ["flaky"] * 3  # retry + 1 attempts
    assert str(future.exception) == "attempt 3"


def test_no_retry_runs_once() -> None:
    Executor(Pipeline).submit(fail_quietly)
    assert CALLS == ["quiet"]


def test_pending_future_argument_blocks() -> None:
    with pytest.raises(ExecutionBlocked):
        Executor(Pipeline).submit(increment, futures.Future())


def test_non_activity_is_rejected() -> None:
    with pytest.raises(TypeError, match="Wrong value for `activity`"):
        Executor(Pipeline).submit(lambda: None)


def test_workflow_hooks_are_not_called_and_fail_is_a_no_op() -> None:
    calls: list[str] = []

    class Hooked(Workflow):
        def run(self) -> str:
            self.fail("ignored locally")
            return "completed"

        def before_replay(self, history: object) -> None:
            calls.append("before_replay")

        def after_replay(self, history: object) -> None:
            calls.append("after_replay")

        def on_completed(self, history: object) -> None:
            calls.append("on_completed")

        def after_closed(self, history: object) -> None:
            calls.append("after_closed")

    assert Executor(Hooked).run() == "completed"
    assert calls == []


def test_executor_hooks_are_called_in_order() -> None:
    calls: list[str] = []

    class Recording(Executor):
        def before_replay(self) -> None:
            calls.append("before_replay")

        def after_replay(self) -> None:
            calls.append("after_replay")

        def on_completed(self) -> None:
            calls.append("on_completed")

        def after_closed(self) -> None:
            calls.append("after_closed")

    class Plain(Workflow):
        def run(self) -> None:
            calls.append("run")

    Recording(Plain).run()
    assert calls == ["before_replay", "run", "after_replay", "on_completed", "after_closed"]


def test_arguments_are_logged_at_debug_only(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("simpleflow")
    propagate = logger.propagate
    logger.propagate = True  # configure_logging() may have been applied by a CLI test
    try:
        with caplog.at_level(logging.INFO, logger="simpleflow"):
            Executor(Pipeline).submit(increment, "secret-value")
        assert "tests.local.increment" in caplog.text
        assert "secret-value" not in caplog.text
        caplog.clear()
        with caplog.at_level(logging.DEBUG, logger="simpleflow"):
            Executor(Pipeline).submit(increment, 1)
        assert "args=(1,)" in caplog.text
    finally:
        logger.propagate = propagate
