"""Golden wire formats of the SWF replay: task ids, inputs, decisions, failure reasons.

These must match simpleflow 0.11.9 byte for byte: running executions keep their history
across a decider upgrade, and ids or inputs that change make replays schedule new tasks.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simpleflow import Workflow, futures
from simpleflow.activity import Activity
from simpleflow.swf import constants
from simpleflow.swf.executor import (
    Executor,
    TaskRegistry,
    run_fake_activity_task,
    run_fake_child_workflow_task,
    run_fake_task_worker,
)
from simpleflow.utils import json_dumps
from swf.models.history import builder
from swf.responses import Response

REPO_ROOT = Path(__file__).resolve().parents[2]


class _Domain:
    name = "TestDomain"


def _identity(x: Any) -> Any:
    return x


def _activity(name: str, raises_on_failure: bool = False, **options: Any) -> Activity:
    timeouts = ("300",) * 4
    return Activity(
        _identity, name, "default", "default", 0, raises_on_failure, *timeouts, **options
    )


square = _activity("wire.tasks.square", idempotent=True)
increment = _activity("wire.tasks.increment")
flaky = _activity("pkg.tasks.flaky", raises_on_failure=True)


class _Workflow(Workflow):
    name, version, task_list = "wire", "1", "wire-decisions"
    decision_tasks_timeout, execution_timeout = "300", "3600"


class _Child(Workflow):
    name, version, task_list, execution_timeout = "child", "v1", "child_tl", "3600"


def _replay(workflow: type[Workflow], history: Any) -> list[Any]:
    decisions, context = Executor(_Domain(), workflow).replay(Response(history=history))
    assert context == {}
    return decisions


def test_idempotent_task_ids_are_the_md5_of_the_default_json_of_the_arguments() -> None:
    assert json_dumps({"args": (1,), "kwargs": {}}) == '{"args": [1], "kwargs": {}}'
    assert hashlib.md5(b'{"args": [1], "kwargs": {}}').hexdigest() == (
        "deb8adb88b687c0df408628aa69b1377"
    )

    class Squares(_Workflow):
        def run(self) -> Any:
            return futures.wait(self.submit(square, 1), self.submit(square, 2))

    decisions = _replay(Squares, builder.History(Squares, input={}))
    assert [d["scheduleActivityTaskDecisionAttributes"]["activityId"] for d in decisions] == [
        "activity-wire.tasks.square-deb8adb88b687c0df408628aa69b1377",
        "activity-wire.tasks.square-d269dc325a06c6ad32888f450ee8dd30",
    ]


def test_keyword_arguments_keep_call_order_in_hashes_and_inputs() -> None:
    class Kwargs(_Workflow):
        def run(self) -> Any:
            return self.submit(square, b=1, a=[1, "é"]).result

    [decision] = _replay(Kwargs, builder.History(Kwargs, input={}))
    attributes = decision["scheduleActivityTaskDecisionAttributes"]
    text = '{"args": [], "kwargs": {"b": 1, "a": [1, "\\u00e9"]}}'
    assert attributes["input"] == text
    expected_id = "activity-wire.tasks.square-" + hashlib.md5(text.encode()).hexdigest()
    assert attributes["activityId"] == expected_id


def test_schedule_timer_complete_and_fail_decisions() -> None:
    class Many(_Workflow):
        def run(self) -> Any:
            return futures.wait(*self.map(increment, range(100)))

    decisions = _replay(Many, builder.History(Many, input={}))
    assert decisions[0] == {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": "activity-wire.tasks.increment-1",
            "activityType": {"name": "wire.tasks.increment", "version": "default"},
            "heartbeatTimeout": "300",
            "input": '{"args": [0], "kwargs": {}}',
            "scheduleToCloseTimeout": "300",
            "scheduleToStartTimeout": "300",
            "startToCloseTimeout": "300",
            "taskList": {"name": "default"},
        },
    }
    assert decisions[-1] == {
        "decisionType": "StartTimer",
        "startTimerDecisionAttributes": {
            "timerId": "resume-after-activity-wire.tasks.increment-99",
            "startToFireTimeout": "0",
        },
    }
    assert len(decisions) == constants.MAX_DECISIONS


class _Execution:
    workflow_id, run_id = "wf-1", "22abc"


def test_child_workflow_start_decision() -> None:
    # The one 0.11.9 wire format that changes (features §1.10, a fix): 0.11.9's
    # `workflow-child-1` collided between two parents running at once. The input gains
    # `__extra.class` for the decider's dynamic dispatch (features §2.9).
    class Parent(_Workflow):
        def run(self) -> Any:
            return self.submit(_Child, 1).result

    history = builder.History(Parent, input={})
    executor = Executor(_Domain(), Parent)
    decisions, _ = executor.replay(Response(history=history, execution=_Execution()))
    assert decisions == [
        {
            "decisionType": "StartChildWorkflowExecution",
            "startChildWorkflowExecutionDecisionAttributes": {
                "workflowId": "workflow-child-wf-1--411018b--1",
                "workflowType": {"name": "child", "version": "v1"},
                "taskList": {"name": "child_tl"},
                "input": '{"args": [1], "kwargs": {}, "__extra": {"class": '
                '"tests.compat.test_replay_wire._Child"}}',
                "executionStartToCloseTimeout": "3600",
                "taskStartToCloseTimeout": "300",
            },
        }
    ]


def test_child_workflow_id_without_an_execution() -> None:
    class Parent(_Workflow):
        def run(self) -> Any:
            return self.submit(_Child, 1).result

    [decision] = _replay(Parent, builder.History(Parent, input={}))
    attributes = decision["startChildWorkflowExecutionDecisionAttributes"]
    assert attributes["workflowId"] == "workflow-child-None--0--1"


@pytest.mark.parametrize(
    ("last_state", "reason"),
    [
        ("failed", 'Workflow execution error in task activity-pkg.tasks.flaky: "error"'),
        (
            "timed_out",
            "Workflow execution error in task activity-pkg.tasks.flaky: "
            '"TimeoutError(START_TO_CLOSE)"',
        ),
    ],
)
def test_task_failure_reason_template(last_state: str, reason: str) -> None:
    class Flaky(_Workflow):
        def run(self) -> Any:
            return self.submit(flaky, 1).result

    h = builder.History(Flaky, input={})
    h.add_activity_task(
        flaky, decision_id=4, last_state=last_state, activity_id="activity-pkg.tasks.flaky-1",
        reason="error", details="details", timeout_type="START_TO_CLOSE",
    )  # fmt: skip
    assert _replay(Flaky, h) == [
        {
            "decisionType": "FailWorkflowExecution",
            "failWorkflowExecutionDecisionAttributes": {"reason": reason},
        }
    ]


def test_workflow_fail_and_exception_reason_templates() -> None:
    class Fails(_Workflow):
        def run(self) -> None:
            self.fail("error")

    class Raises(_Workflow):
        def run(self) -> None:
            raise KeyError("k")

    assert _replay(Fails, builder.History(Fails, input={})) == [
        {
            "decisionType": "FailWorkflowExecution",
            "failWorkflowExecutionDecisionAttributes": {
                "reason": "Workflow execution failed: error"
            },
        }
    ]
    [decision] = _replay(Raises, builder.History(Raises, input={}))
    attributes = decision["failWorkflowExecutionDecisionAttributes"]
    assert attributes["reason"] == "Cannot replay the workflow: KeyError('k')"
    assert attributes["details"].startswith("Traceback:\n")


def test_completion_result_is_default_json() -> None:
    class Returns(_Workflow):
        def run(self) -> Any:
            return {"b": (1, 2), "a": "é"}

    assert _replay(Returns, builder.History(Returns, input={})) == [
        {
            "decisionType": "CompleteWorkflowExecution",
            "completeWorkflowExecutionDecisionAttributes": {
                "result": json.dumps({"b": [1, 2], "a": "é"})
            },
        }
    ]


def test_public_names_and_signatures() -> None:
    import simpleflow.swf.executor as module

    assert module.__all__ == ["Executor"]
    parameters = inspect.signature(Executor).parameters
    assert [(p.name, p.default) for p in parameters.values()] == [
        ("domain", inspect.Parameter.empty),
        ("workflow", inspect.Parameter.empty),
        ("task_list", None),
        ("repair_with", None),
        ("force_activities", None),
        # added after 0.11.9, keyword arguments with defaults (features §1.10)
        ("repair_workflow_id", None),
        ("repair_run_id", None),
    ]
    assert list(inspect.signature(Executor.replay).parameters) == ["self", "decision_response"]
    assert list(inspect.signature(Executor.schedule_task).parameters) == [
        "self", "task", "task_list",
    ]  # fmt: skip
    params = {
        run_fake_activity_task: ["domain", "task_list", "result"],
        run_fake_child_workflow_task: ["domain", "task_list", "result"],
        run_fake_task_worker: ["domain", "task_list", "former_event"],
    }
    for function, names in params.items():
        assert list(inspect.signature(function).parameters) == names
    assert issubclass(TaskRegistry, dict)
    assert constants.MAX_DECISIONS == 100


_PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in ('botocore', 'boto3'))))
"""


@pytest.mark.parametrize(
    "modules",
    [
        ["simpleflow.history"],
        ["simpleflow.swf._replay"],
        ["simpleflow.swf.executor", "simpleflow.swf.task", "simpleflow.swf.constants"],
    ],
)
def test_replay_modules_do_not_import_botocore(modules: list[str]) -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, *modules],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    loaded = json.loads(completed.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing {modules} loaded {loaded}"


def test_a_replay_loads_no_botocore() -> None:
    # A whole replay (history parsing, decisions) runs without the AWS SDK.
    script = """
import json, sys
from simpleflow import Workflow
from simpleflow.activity import Activity
from simpleflow.swf.executor import Executor
from swf.models.history import builder
from swf.responses import Response

inc = Activity(lambda x: x + 1, "probe.inc", "1", "tl", 0, False, "1", "1", "1", "1")

class W(Workflow):
    name, version, task_list = "w", "1", "tl"
    def run(self):
        return self.submit(inc, 1).result

class D:
    name = "d"

h = builder.History(W, input={"args": [], "kwargs": {}})
h.add_activity_task(
    inc, decision_id=4, last_state="completed", activity_id="activity-probe.inc-1", result=2
)
decisions, _ = Executor(D(), W).replay(Response(history=h))
assert decisions[0].type == "CompleteWorkflowExecution", decisions
print(json.dumps(sorted(n for n in sys.modules if n.split('.')[0] in ('botocore', 'boto3'))))
"""
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=REPO_ROOT
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout.strip().splitlines()[-1]) == []
