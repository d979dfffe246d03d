from __future__ import annotations

from typing import Any

import pytest

from simpleflow.swf.executor import Executor
from simpleflow.swf.process.decider import Decider, DeciderPoller, DeciderWorker
from simpleflow.swf.process.decider.helpers import (
    load_workflow,
    make_decider,
    make_decider_poller,
)
from swf.models import Domain
from swf.models.history import builder
from swf.responses import Response
from tests.data import process_workflows as wf

_PATH = "tests.data.process_workflows."


@pytest.fixture(autouse=True)
def _no_titles(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")


def _executor(workflow: type[Any], domain: str = "process-test", **kwargs: Any) -> Executor:
    return Executor(Domain(domain), workflow, **kwargs)


def _response(workflow: type[Any], input: Any = None) -> Response:
    history = builder.History(workflow, input=input)
    return Response(token="tok", history=history, execution=None)


# -- construction ------------------------------------------------------------------------


def test_poller_maps_workflow_names_and_uses_their_common_task_list() -> None:
    poller = DeciderPoller(
        [_executor(wf.DoubleWorkflow), _executor(wf.SleepWorkflow)], Domain("process-test"), None
    )
    assert poller.task_list == wf.DECISION_TASK_LIST
    assert poller.name == "DeciderPoller(workflow=process-double,process-sleep)"
    assert repr(poller) == (
        "DeciderPoller(process-test, process-decisions, process-double,process-sleep)"
    )
    assert set(poller._workflows) == {"process-double", "process-sleep"}
    assert poller.nb_retries == 3


def test_explicit_task_list_wins() -> None:
    poller = DeciderPoller(
        [_executor(wf.DoubleWorkflow), _executor(wf.OtherTaskListWorkflow)],
        Domain("process-test"),
        "explicit",
    )
    assert poller.task_list == "explicit"


def test_different_task_lists_without_explicit_one_are_rejected() -> None:
    with pytest.raises(ValueError, match="all workflows must have the same task list"):
        DeciderPoller(
            [_executor(wf.DoubleWorkflow), _executor(wf.OtherTaskListWorkflow)],
            Domain("process-test"),
            None,
        )


def test_duplicate_workflow_names_are_rejected() -> None:
    with pytest.raises(ValueError, match="two workflows are named 'process-double'"):
        DeciderPoller(
            [_executor(wf.DoubleWorkflow), _executor(wf.DuplicateNameWorkflow)],
            Domain("process-test"),
            "x",
        )


def test_executors_of_another_domain_are_rejected() -> None:
    with pytest.raises(ValueError, match="uses domain 'elsewhere'"):
        DeciderPoller([_executor(wf.DoubleWorkflow, "elsewhere")], Domain("process-test"), "x")


def test_decider_supervisor_runs_poller_start() -> None:
    poller = DeciderPoller([_executor(wf.DoubleWorkflow)], Domain("process-test"), None)
    decider = Decider(poller, nb_children=2)
    assert poller.is_alive is True
    assert decider.nb_children == 2
    assert decider.name == "Decider(payload=DeciderPoller.start)"


# -- helpers -----------------------------------------------------------------------------


def test_load_workflow_builds_an_executor() -> None:
    executor = load_workflow("process-test", _PATH + "DoubleWorkflow", "tl")
    assert isinstance(executor, Executor)
    assert isinstance(executor._workflow, wf.DoubleWorkflow)
    assert executor.domain.name == "process-test"
    assert executor.task_list == "tl"
    assert load_workflow(Domain("d2"), _PATH + "DoubleWorkflow").domain.name == "d2"


@pytest.mark.parametrize(
    "path", ["nodot", "tests.data.no_such_module.Workflow", _PATH + "NoSuchWorkflow"]
)
def test_load_workflow_rejects_unloadable_paths(path: str) -> None:
    with pytest.raises(ValueError, match=f"cannot load workflow '{path}'"):
        load_workflow("process-test", path)


@pytest.mark.parametrize(("is_standalone", "expected"), [(True, "decisions"), (False, None)])
def test_activities_go_to_decider_task_list_only_in_standalone_mode(
    is_standalone: bool, expected: str | None
) -> None:
    poller = make_decider_poller(
        [_PATH + "DoubleWorkflow"], "process-test", "decisions", is_standalone=is_standalone
    )
    assert poller.task_list == "decisions"
    assert poller._workflows["process-double"].task_list == expected


def test_repair_passthrough_and_single_workflow_only() -> None:
    repair_with = object()
    poller = make_decider_poller(
        [_PATH + "DoubleWorkflow"],
        "process-test",
        None,
        repair_with=repair_with,
        force_activities="double",
    )
    executor = poller._workflows["process-double"]
    assert executor.repair_with is repair_with
    assert executor.force_activities.pattern == "double"
    with pytest.raises(ValueError, match="only one workflow can be repaired"):
        make_decider_poller(
            [_PATH + "DoubleWorkflow", _PATH + "SleepWorkflow"],
            "process-test",
            None,
            repair_with=repair_with,
        )


def test_make_decider() -> None:
    decider = make_decider([_PATH + "DoubleWorkflow"], "process-test", None, nb_children=1)
    assert isinstance(decider, Decider)
    assert decider.nb_children == 1


# -- deciding ----------------------------------------------------------------------------


def test_decide_returns_the_replay_decisions() -> None:
    worker = DeciderWorker({"process-double": _executor(wf.DoubleWorkflow)})
    decisions = worker.decide(_response(wf.DoubleWorkflow, {"args": [4]}))
    assert decisions is not None
    [decision] = decisions
    assert decision["decisionType"] == "ScheduleActivityTask"
    attributes = decision["scheduleActivityTaskDecisionAttributes"]
    assert attributes["activityType"]["name"] == "tests.data.process_activities.double"
    assert attributes["input"] == '{"args": [4], "kwargs": {}}'


def test_decide_unknown_workflow_type_returns_none(caplog: pytest.LogCaptureFixture) -> None:
    worker = DeciderWorker({"process-double": _executor(wf.DoubleWorkflow)})
    assert worker.decide(_response(wf.SleepWorkflow)) is None
    assert "cannot decide workflow type 'process-sleep'" in caplog.text
    assert "'process-double'" in caplog.text


def test_workflow_code_raising_fails_the_execution() -> None:
    worker = DeciderWorker({"process-raising": _executor(wf.RaisingWorkflow)})
    [decision] = worker.decide(_response(wf.RaisingWorkflow)) or []
    assert decision["decisionType"] == "FailWorkflowExecution"
    assert "workflow code is broken" in str(decision["failWorkflowExecutionDecisionAttributes"])


def test_replay_raising_becomes_a_fail_decision() -> None:
    class BrokenExecutor(Executor):
        def replay(self, decision_response: Any) -> Any:
            raise KeyError("x" * 500)

    worker = DeciderWorker({"process-double": BrokenExecutor(Domain("d"), wf.DoubleWorkflow)})
    [decision] = worker.decide(_response(wf.DoubleWorkflow, {"args": [1]})) or []
    attributes = decision["failWorkflowExecutionDecisionAttributes"]
    assert decision["decisionType"] == "FailWorkflowExecution"
    assert attributes["reason"].startswith("workflow decision failed: ")
    assert len(attributes["reason"]) == 256
    assert "Traceback" in attributes["details"]
    assert "KeyError" in attributes["details"]


def test_each_decision_task_is_replayed_by_a_fresh_executor() -> None:
    template = _executor(wf.StatefulWorkflow, task_list="tl", force_activities="a.*")
    worker = DeciderWorker({"process-stateful": template})
    wf.INSTANCES.clear()
    first = worker.decide(_response(wf.StatefulWorkflow, {"args": [1]})) or []
    second = worker.decide(_response(wf.StatefulWorkflow, {"args": [1]})) or []
    for decisions in (first, second):
        [decision] = decisions
        assert decision["completeWorkflowExecutionDecisionAttributes"]["result"] == '{"runs": 1}'
    assert len(set(wf.INSTANCES)) == 2
    assert id(template._workflow) not in wf.INSTANCES


def test_process_skips_completion_when_no_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    poller = DeciderPoller([_executor(wf.DoubleWorkflow)], Domain("process-test"), None)
    completed: list[Any] = []
    monkeypatch.setattr(poller, "complete", lambda token, decisions: completed.append(decisions))
    poller.process(_response(wf.SleepWorkflow))
    assert completed == []
    poller.process(_response(wf.DoubleWorkflow, {"args": [2]}))
    assert len(completed) == 1
    assert completed[0][0]["decisionType"] == "ScheduleActivityTask"


def test_process_logs_errors_and_returns(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    poller = DeciderPoller([_executor(wf.DoubleWorkflow)], Domain("process-test"), None)

    def broken(response: Any) -> Any:
        raise RuntimeError("decide exploded")

    monkeypatch.setattr(poller, "decide", broken)
    poller.process(_response(wf.DoubleWorkflow))
    assert "decide exploded" in caplog.text


def test_decide_loads_a_child_class_named_in_the_input(caplog: pytest.LogCaptureFixture) -> None:
    # features §2.9: a decider not started with the child class imports it from __extra.
    caplog.set_level("INFO")
    workflows = {"process-double": _executor(wf.DoubleWorkflow)}
    extra = {"class": "tests.data.process_workflows.SleepWorkflow"}
    response = _response(wf.SleepWorkflow, {"args": ["/nonexistent"], "__extra": extra})
    decisions = DeciderWorker(workflows).decide(response)
    assert decisions is not None
    assert "process-sleep" in workflows  # cached for the next decision tasks
    assert "loaded workflow class tests.data.process_workflows.SleepWorkflow" in caplog.text


@pytest.mark.parametrize(
    "path", ["tests.data.process_workflows.DoubleWorkflow", "no.such.Module", "os.path"]
)
def test_decide_refuses_a_class_that_does_not_match(path: str) -> None:
    workflows = {"process-double": _executor(wf.DoubleWorkflow)}
    response = _response(wf.SleepWorkflow, {"args": [0], "__extra": {"class": path}})
    assert DeciderWorker(workflows).decide(response) is None
    assert list(workflows) == ["process-double"]
