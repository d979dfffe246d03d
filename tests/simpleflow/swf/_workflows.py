"""Activities, workflows and helpers shared by the replay tests."""

from __future__ import annotations

from typing import Any

from simpleflow import Workflow, futures
from simpleflow.activity import Activity
from simpleflow.swf.executor import Executor
from swf.models.history import builder
from swf.responses import Response

DOMAIN_NAME = "TestDomain"


class FakeDomain:
    """Stands for `swf.models.Domain`: the replay only reads `.name`."""

    def __init__(self, name: str = DOMAIN_NAME) -> None:
        self.name = name


def _increment(x: int) -> int:
    return x + 1


def _double(x: int) -> int:
    return x * 2


def _square(x: int) -> int:
    return x * x


def _fail(*args: Any) -> None:
    raise ValueError("error")


def make_activity(
    func: Any, name: str, retry: int = 0, raises_on_failure: bool = False, **options: Any
) -> Activity:
    """An activity on task list 'default', version 'default', with '300' timeouts."""
    timeouts = ("300",) * 4
    return Activity(
        func, name, "default", "default", retry, raises_on_failure, *timeouts, **options
    )


increment = make_activity(_increment, "pkg.tasks.increment")
double = make_activity(_double, "pkg.tasks.double")
square = make_activity(_square, "pkg.tasks.square", idempotent=True)
retried = make_activity(_increment, "pkg.tasks.retried", retry=1)
flaky = make_activity(_fail, "pkg.tasks.flaky", raises_on_failure=True)
retried_flaky = make_activity(_fail, "pkg.tasks.retried_flaky", retry=2, raises_on_failure=True)


class Resize:
    def __init__(self, size: int) -> None:
        self.size = size

    def execute(self) -> int:
        return self.size // 2


resize = make_activity(Resize, "pkg.tasks.Resize")


class BaseTestWorkflow(Workflow):
    name = "test_workflow"
    version = "test_version"
    task_list = "test_task_list"
    decision_tasks_timeout = "300"
    execution_timeout = "3600"
    tag_list = None
    child_policy = None


class ChainWorkflow(BaseTestWorkflow):
    """Spec §16.12: a = increment(1); b = double(a); return b."""

    def run(self) -> Any:
        a = self.submit(increment, 1)
        b = self.submit(double, a)
        return b.result


class TwoDependentsWorkflow(BaseTestWorkflow):
    def run(self) -> Any:
        a = self.submit(increment, 1)
        b = self.submit(double, a)
        c = self.submit(increment, a)
        return (b.result, c.result)


class MapWorkflow(BaseTestWorkflow):
    def run(self, count: int) -> Any:
        fs = self.map(increment, range(count))
        return sum(futures.wait(*fs))


class SingleTaskWorkflow(BaseTestWorkflow):
    """Submits `activity(*args)` and returns its result; the activity is a class attribute."""

    activity: Activity = increment

    def run(self, *args: Any) -> Any:
        return self.submit(self.activity, *args).result


def single(activity: Activity) -> type[SingleTaskWorkflow]:
    return type(f"Single_{activity.name}", (SingleTaskWorkflow,), {"activity": activity})


class ChildWorkflow(BaseTestWorkflow):
    name = "child"
    version = "v1"
    task_list = "child_tl"
    execution_timeout = "3600"

    def run(self, x: int) -> int:
        return x


class ParentWorkflow(BaseTestWorkflow):
    def run(self) -> Any:
        return self.submit(ChildWorkflow, 1).result


def new_history(workflow: type[Workflow], *args: Any, **kwargs: Any) -> builder.History:
    return builder.History(workflow, input={"args": list(args), "kwargs": kwargs})


def replay(
    workflow: type[Workflow], history: Any, executor: Executor | None = None, **options: Any
) -> list[Any]:
    if executor is None:
        executor = Executor(FakeDomain(), workflow, **options)
    decisions, context = executor.replay(Response(history=history))
    assert context == {}
    return decisions


def schedule_decision(
    activity_id: str,
    activity: Activity,
    input: str,
    task_list: str = "default",
) -> dict[str, Any]:
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": activity_id,
            "activityType": {"name": activity.name, "version": activity.version},
            "heartbeatTimeout": "300",
            "input": input,
            "scheduleToCloseTimeout": "300",
            "scheduleToStartTimeout": "300",
            "startToCloseTimeout": "300",
            "taskList": {"name": task_list},
        },
    }


def complete_decision(result: str) -> dict[str, Any]:
    return {
        "decisionType": "CompleteWorkflowExecution",
        "completeWorkflowExecutionDecisionAttributes": {"result": result},
    }


def fail_decision(reason: str, details: str | None = None) -> dict[str, Any]:
    attributes = {"reason": reason}
    if details is not None:
        attributes["details"] = details
    return {
        "decisionType": "FailWorkflowExecution",
        "failWorkflowExecutionDecisionAttributes": attributes,
    }


def timer_decision(task_id: str) -> dict[str, Any]:
    return {
        "decisionType": "StartTimer",
        "startTimerDecisionAttributes": {
            "timerId": f"resume-after-{task_id}",
            "startToFireTimeout": "0",
        },
    }
