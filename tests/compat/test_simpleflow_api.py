"""The public surface of the simpleflow core and CLI helpers (simpleflow.md §0–§11, §18–§19,
cli-and-processes.md §1.13).

Signatures are compared without annotations: names, order, kinds and defaults are the
contract; annotations may be added freely.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import pytest

from simpleflow import settings

PUBLIC_NAMES: dict[str, tuple[str, ...]] = {
    "simpleflow": ("Activity", "Workflow", "settings", "__version__", "__author__", "__license__"),
    "simpleflow.settings": (
        "base",
        "default",
        "logging_formatter",
        "WORKFLOW_DEFAULT_TASK_LIST",
        "WORKFLOW_DEFAULT_VERSION",
        "WORKFLOW_DEFAULT_EXECUTION_TIME",
        "WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT",
        "ACTIVITY_DEFAULT_TASK_LIST",
        "ACTIVITY_DEFAULT_VERSION",
        "ACTIVITY_DEFAULT_TIMEOUT",
        "ACTIVITY_START_TO_CLOSE_TIMEOUT",
        "ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT",
        "ACTIVITY_SCHEDULE_TO_START_TIMEOUT",
        "ACTIVITY_HEARTBEAT_TIMEOUT",
        "LOGGING",
        "configure_logging",
    ),
    "simpleflow.settings.base": (
        "Setting",
        "is_definition",
        "get_settings",
        "load_settings",
        "load",
    ),
    "simpleflow.settings.default": ("LOG_LEVEL", "LOGGING"),
    "simpleflow.settings.logging_formatter": (
        "SimpleflowFormatter",
        "RED",
        "GREEN",
        "YELLOW",
        "BLUE",
        "END",
        "colorize",
    ),
    "simpleflow.registry": ("Registry", "registry"),
    "simpleflow.activity": ("with_attributes", "Activity"),
    "simpleflow.futures": (
        "Future",
        "get_result_or_raise",
        "wait",
        "FIRST_COMPLETED",
        "FIRST_EXCEPTION",
        "ALL_COMPLETED",
        "_AS_COMPLETED",
        "PENDING",
        "RUNNING",
        "CANCELLED",
        "CANCELLED_AND_NOTIFIED",
        "FINISHED",
        "_FUTURE_STATES",
        "_STATE_TO_DESCRIPTION_MAP",
    ),
    "simpleflow.exceptions": (
        "ExecutionBlocked",
        "TaskException",
        "TaskFailed",
        "TimeoutError",
        "ExecutionError",
    ),
    "simpleflow.task": ("get_actual_value", "Task", "ActivityTask", "WorkflowTask"),
    "simpleflow.workflow": ("Workflow",),
    "simpleflow.canvas": ("FuncGroup", "Group", "GroupFuture", "Chain", "ChainFuture"),
    "simpleflow.executor": ("Executor",),
    "simpleflow.local": ("Executor",),
    "simpleflow.local.executor": ("Executor",),
    "simpleflow.utils": ("retry", "json_dumps", "issubclass_"),
    "simpleflow.utils.retry": ("constant", "exponential", "with_delay"),
    "simpleflow._decorators": ("deprecated",),
    "simpleflow.command": (
        "cli",
        "get_workflow",
        "get_workflow_type",
        "load_input",
        "get_input",
        "get_or_load_input",
        "transform_input",
        "get_task_list",
        "with_format",
        "disable_boto_connection_pooling",
        "start_workflow",
        # 0.11.9's command functions, by their 0.11.9 names (click commands).
        *(
            "info",
            "profile",
            "status",
            "list_workflows",
            "filter_workflows",
            "task_info",
            "start_decider",
            "start_worker",
            "standalone",
            "terminate_workflow",
            "restart_workflow",
        ),
    ),
    "simpleflow.utils.json_dumps": ("json_dumps",),
    "simpleflow.simpleflow": (),
}

#: 0.11.9's command functions in ``simpleflow.command`` and the command name of each.
COMMANDS = {
    "start_workflow": "workflow.start",
    "terminate_workflow": "workflow.terminate",
    "restart_workflow": "workflow.restart",
    "info": "workflow.info",
    "profile": "workflow.profile",
    "status": "workflow.tasks",
    "list_workflows": "workflow.list",
    "filter_workflows": "workflow.filter",
    "task_info": "task.info",
    "start_decider": "decider.start",
    "start_worker": "worker.start",
    "standalone": "standalone",
}

ALL = {
    "simpleflow.activity": ["Activity", "with_attributes"],
    "simpleflow.futures": ["Future", "get_result_or_raise", "wait"],
    "simpleflow.executor": ["Executor"],
}

_A = settings.ACTIVITY_DEFAULT_VERSION
_TL = settings.ACTIVITY_DEFAULT_TASK_LIST
_T = settings.ACTIVITY_START_TO_CLOSE_TIMEOUT

SIGNATURES: dict[str, str] = {
    "simpleflow.settings.base.is_definition": "(var)",
    "simpleflow.settings.base.get_settings": "(module)",
    "simpleflow.settings.base.load_settings": "(module, env, conf, defaults)",
    "simpleflow.settings.base.load": "(conf_module_name=None)",
    "simpleflow.settings.logging_formatter.colorize": "(level, message)",
    "simpleflow.registry.Registry.__getitem__": "(self, label)",
    "simpleflow.registry.Registry.register": "(self, task, label=None)",
    "simpleflow.registry.Registry.execute": "(self)",
    "simpleflow.activity.with_attributes": (
        f"(name=None, version='{_A}', task_list='{_TL}', retry=0, raises_on_failure=False, "
        f"start_to_close_timeout='{_T}', schedule_to_close_timeout='{_T}', "
        f"schedule_to_start_timeout='{_T}', heartbeat_timeout='{_T}', idempotent=None, "
        "task_priority=<Priority Not Set>, retry_policy=None)"
    ),
    "simpleflow.activity.Activity": (
        "(callable, name=None, version=None, task_list=None, retry=0, raises_on_failure=False, "
        "start_to_close_timeout=None, schedule_to_close_timeout=None, "
        "schedule_to_start_timeout=None, heartbeat_timeout=None, idempotent=None, "
        "task_priority=<Priority Not Set>, retry_policy=None)"
    ),
    "simpleflow.activity.Activity.register": "(self)",
    "simpleflow.futures.Future": "()",
    "simpleflow.futures.Future.wait": "(self)",
    "simpleflow.futures.Future.cancel": "(self)",
    "simpleflow.futures.get_result_or_raise": "(future)",
    "simpleflow.futures.wait": "(*fs)",
    "simpleflow.exceptions.TaskException": "(task, exception)",
    "simpleflow.exceptions.TaskFailed": "(name, reason, details=None)",
    "simpleflow.exceptions.TimeoutError": "(timeout_type='unknown timeout', timeout_value=None)",
    "simpleflow.task.get_actual_value": "(value)",
    "simpleflow.task.Task.serialize": "(self, value)",
    "simpleflow.task.Task.resolve_args": "(self, *args)",
    "simpleflow.task.Task.resolve_kwargs": "(self, **kwargs)",
    "simpleflow.task.ActivityTask": "(activity, *args, **kwargs)",
    "simpleflow.task.ActivityTask.execute": "(self)",
    "simpleflow.task.WorkflowTask": "(workflow, *args, **kwargs)",
    "simpleflow.workflow.Workflow": "(executor)",
    "simpleflow.workflow.Workflow.submit": "(self, activity, *args, **kwargs)",
    "simpleflow.workflow.Workflow.map": "(self, activity, iterable)",
    "simpleflow.workflow.Workflow.starmap": "(self, activity, iterable)",
    "simpleflow.workflow.Workflow.fail": "(self, reason, details=None)",
    "simpleflow.workflow.Workflow.before_replay": "(self, history)",
    "simpleflow.workflow.Workflow.after_replay": "(self, history)",
    "simpleflow.workflow.Workflow.after_closed": "(self, history)",
    "simpleflow.workflow.Workflow.before_run": "(self, history)",
    "simpleflow.workflow.Workflow.after_run": "(self, history)",
    "simpleflow.workflow.Workflow.run": "(self, *args, **kwargs)",
    "simpleflow.workflow.Workflow.on_failure": "(self, history, reason, details=None)",
    "simpleflow.workflow.Workflow.on_completed": "(self, history)",
    "simpleflow.canvas.FuncGroup": "(func, *args, **kwargs)",
    "simpleflow.canvas.FuncGroup.submit": "(self, executor)",
    "simpleflow.canvas.Group": "(*activities, **options)",
    "simpleflow.canvas.Group.append": "(self, *args, **kwargs)",
    "simpleflow.canvas.Group.submit": "(self, executor)",
    # Optional parameters added after 0.11.9 (features §10).
    "simpleflow.canvas.GroupFuture": (
        "(activities, executor, max_parallel=None, bubbles_exception_on_failure=True)"
    ),
    "simpleflow.canvas.GroupFuture.sync_state": "(self)",
    "simpleflow.canvas.GroupFuture.sync_result": "(self)",
    "simpleflow.canvas.Chain": (
        "(*activities, send_result=False, break_on_failure=True, raises_on_failure=None, "
        "bubbles_exception_on_failure=None)"
    ),
    "simpleflow.canvas.Chain.submit": "(self, executor)",
    "simpleflow.canvas.ChainFuture": (
        "(activities, executor, send_result=False, break_on_failure=True, "
        "bubbles_exception_on_failure=True)"
    ),
    "simpleflow.executor.Executor": "(workflow)",
    "simpleflow.executor.Executor.run_workflow": "(self, *args, **kwargs)",
    "simpleflow.executor.Executor.submit": "(self, task, *args, **kwargs)",
    "simpleflow.executor.Executor.map": "(self, callable, iterable)",
    "simpleflow.executor.Executor.starmap": "(self, callable, iterable)",
    "simpleflow.executor.Executor.run": "(self, *args, **kwargs)",
    "simpleflow.executor.Executor.on_failure": "(self, reason, details=None)",
    "simpleflow.executor.Executor.on_completed": "(self)",
    "simpleflow.executor.Executor.fail": "(self, reason, details=None)",
    "simpleflow.executor.Executor.before_replay": "(self)",
    "simpleflow.executor.Executor.after_replay": "(self)",
    "simpleflow.executor.Executor.after_closed": "(self)",
    "simpleflow.executor.Executor.after_run": "(self)",
    "simpleflow.executor.Executor.before_run": "(self)",
    "simpleflow.local.executor.Executor.submit": "(self, func, *args, **kwargs)",
    "simpleflow.local.executor.Executor.run": "(self, input=None)",
    "simpleflow.utils.issubclass_": "(arg1, arg2)",
    "simpleflow.utils.json_dumps.json_dumps": "(obj)",
    "simpleflow.utils.retry.constant": "(value)",
    "simpleflow.utils.retry.exponential": "(value)",
    "simpleflow.utils.retry.with_delay": (
        "(nb_times=1, delay=<DELAY>, on_exceptions=<class 'Exception'>, log_with=None)"
    ),
    "simpleflow._decorators.deprecated": "(func)",
    "simpleflow.command.get_workflow": "(clspath)",
    "simpleflow.command.get_workflow_type": "(domain_name, workflow_class)",
    "simpleflow.command.load_input": "(fp)",
    "simpleflow.command.get_input": "(text)",
    "simpleflow.command.get_or_load_input": "(input_file, input)",
    "simpleflow.command.transform_input": "(value)",
    "simpleflow.command.get_task_list": "(workflow_id='')",
    "simpleflow.command.with_format": "(ctx)",
    "simpleflow.command.disable_boto_connection_pooling": "()",
    "simpleflow.command.start_workflow.callback": (
        "(workflow, domain, workflow_id, task_list, execution_timeout, tags, "
        "decision_tasks_timeout, input, input_file, local, task_priority=None)"
    ),
}


def _resolve(path: str) -> Any:
    parts = path.split(".")
    for index in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:index]))
        except ImportError:
            continue
        for attribute in parts[index:]:
            obj = getattr(obj, attribute)
        return obj
    raise ImportError(path)


def _signature_text(obj: Any) -> str:
    """``str(inspect.signature(obj))`` without annotations."""
    signature = inspect.signature(obj)
    parameters = [
        p.replace(annotation=inspect.Parameter.empty) for p in signature.parameters.values()
    ]
    text = str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))
    return text


@pytest.mark.parametrize(
    ("module_name", "name"),
    [(module, name) for module, names in PUBLIC_NAMES.items() for name in names],
)
def test_public_name_is_importable(module_name: str, name: str) -> None:
    assert hasattr(importlib.import_module(module_name), name)


@pytest.mark.parametrize(("module_name", "expected"), list(ALL.items()))
def test_dunder_all(module_name: str, expected: list[str]) -> None:
    assert sorted(importlib.import_module(module_name).__all__) == sorted(expected)


@pytest.mark.parametrize(("path", "expected"), list(SIGNATURES.items()))
def test_public_signature(path: str, expected: str) -> None:
    obj = _resolve(path)
    text = _signature_text(obj)
    if "<DELAY>" in expected:
        default = inspect.signature(obj).parameters["delay"].default
        assert default(0) == 1  # constant(1)
        text = text.replace(repr(default), "<DELAY>")
    assert text == expected


@pytest.mark.parametrize(("function", "name"), sorted(COMMANDS.items()))
def test_command_functions_are_the_registered_click_commands(function: str, name: str) -> None:
    import click

    from simpleflow import command

    obj = getattr(command, function)
    assert isinstance(obj, click.Command)
    assert command.cli.commands[name] is obj


def test_modules_kept_from_0_11_9() -> None:
    import simpleflow.simpleflow
    import simpleflow.utils

    module = importlib.import_module("simpleflow.utils.json_dumps")
    assert inspect.ismodule(module) and inspect.ismodule(simpleflow.simpleflow)
    # As in 0.11.9 the package attribute is the function, which shadows the submodule.
    assert simpleflow.utils.json_dumps is module.json_dumps
    assert module.json_dumps({"a": [1, 2]}) == '{"a": [1, 2]}'


def test_package_metadata() -> None:
    import simpleflow

    # The API is 0.11.9's, but the project has its own version: 0.11.9 is taken on PyPI by
    # the original (see CHANGELOG "First-hour fixes").
    assert simpleflow.__version__ == "1.0.0.dev0"
    assert simpleflow.__author__ == "Greg Leclercq"
    assert simpleflow.__license__ == "MIT"
    assert simpleflow.settings is settings


def test_local_executor_is_reexported() -> None:
    import simpleflow.local
    import simpleflow.local.executor

    assert simpleflow.local.Executor is simpleflow.local.executor.Executor


@pytest.mark.parametrize(
    "attribute",
    [
        "_callable",
        "_name",
        "version",
        "task_list",
        "retry",
        "raises_on_failure",
        "idempotent",
        "task_start_to_close_timeout",
        "task_schedule_to_close_timeout",
        "task_schedule_to_start_timeout",
        "task_heartbeat_timeout",
    ],
)
def test_activity_attribute_names(attribute: str) -> None:
    from simpleflow.activity import Activity

    assert hasattr(Activity(lambda: None, name="tests.compat.attrs"), attribute)


def test_future_attribute_names() -> None:
    from simpleflow.futures import Future

    future = Future()
    assert (future._state, future._result, future._exception) == ("PENDING", None, None)
    for name in ("result", "exception", "state", "cancelled", "running", "finished", "done"):
        assert isinstance(inspect.getattr_static(Future, name), property)


def test_cli_group_options() -> None:
    from simpleflow.command import cli

    names = {param.name for param in cli.params}
    assert {"format", "header", "version"} <= names
    assert "workflow.start" in cli.commands


def test_compat_shim() -> None:
    from simpleflow import compat

    assert compat.basestring is str
    assert compat.xrange is range
