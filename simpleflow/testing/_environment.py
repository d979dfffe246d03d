"""`WorkflowEnvironment`: run executions end to end on the local SWF engine.

The environment starts the local engine (`simpleflow.local_server.LocalSWFServer`, with its
skipping clock when the engine has one) in a background thread and registers a domain.
Each `run()` starts a real decider process and a real worker process on a private task
list, starts one execution, waits for it to close, stops both processes and returns the
close status, the result and the whole history.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from simpleflow.testing._history_input import compact_json, with_iso_timestamps
from simpleflow.utils import json_dumps
from simpleflow.workflow import Workflow

logger = logging.getLogger(__name__)

__all__ = ["WorkflowEnvironment", "WorkflowRun"]

#: Seconds between two describes of the running execution.
_POLL_INTERVAL = 0.1
#: Seconds allowed to the processes to stop after SIGTERM, before SIGKILL.
_STOP_GRACE = 10.0
_AWS_DEFAULTS = {
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}
_CLOSE_EVENTS = {
    "WorkflowExecutionCompleted": "COMPLETED",
    "WorkflowExecutionFailed": "FAILED",
    "WorkflowExecutionCanceled": "CANCELED",
    "WorkflowExecutionTerminated": "TERMINATED",
    "WorkflowExecutionTimedOut": "TIMED_OUT",
    "WorkflowExecutionContinuedAsNew": "CONTINUED_AS_NEW",
}


@dataclass(frozen=True)
class WorkflowRun:
    """One execution run to its end.

    Attributes:
        workflow: dotted path of the workflow class.
        workflow_id, run_id: the execution.
        close_status: `COMPLETED`, `FAILED`, `TIMED_OUT`, `CANCELED`, `TERMINATED` or
            `CONTINUED_AS_NEW`.
        result: the decoded result (None unless COMPLETED).
        reason, details: of a FAILED execution.
        events: every event of the history, as SWF returns them (datetimes for times).
    """

    workflow: str
    workflow_id: str
    run_id: str
    close_status: str
    result: Any = None
    reason: str | None = None
    details: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list, repr=False)

    def history(self) -> dict[str, Any]:
        """The history as `simpleflow workflow.replay` and `replay_history` read it."""
        return json.loads(self.history_json())

    def history_json(self, indent: int | None = None) -> str:
        """The history as JSON: `{"workflow", "workflow_id", "run_id", "events"}`."""
        return compact_json(
            {
                "workflow": self.workflow,
                "workflow_id": self.workflow_id,
                "run_id": self.run_id,
                "events": with_iso_timestamps(self.events),
            },
            indent=indent,
        )

    def save_history(self, path: str | Path, indent: int | None = 1) -> Path:
        """Write `history_json()` to `path`; returns the path."""
        path = Path(path)
        path.write_text(self.history_json(indent=indent) + "\n", encoding="utf-8")
        return path


def _class_path(workflow_class: type[Workflow]) -> str:
    return f"{workflow_class.__module__}.{workflow_class.__qualname__}"


def _new_server() -> Any:
    from simpleflow.local_server import LocalSWFServer

    options: dict[str, Any] = {"host": "127.0.0.1", "port": 0}
    # The local engine gains a skipping clock (timers fire at once); use it when present.
    if "time_skipping" in inspect.signature(LocalSWFServer).parameters:
        options["time_skipping"] = True
    return LocalSWFServer(**options)


class WorkflowEnvironment:
    """The local SWF engine, a domain, and a way to run executions to their end.

    Use it as a context manager::

        with WorkflowEnvironment() as env:
            run = env.run(MyWorkflow, 3, t=0)
        assert run.close_status == "COMPLETED" and run.result == 8

    Args:
        domain: domain name (default: a fresh `test-<hex>` name), registered on enter.
        endpoint_url: an SWF endpoint already running; default: start the local engine.
        timeout: default deadline of `run()`, in seconds.

    While the environment is open, `AWS_ENDPOINT_URL_SWF` (and dummy credentials and
    region when none are set) point this process and its children at the engine.
    """

    def __init__(
        self, domain: str | None = None, endpoint_url: str | None = None, timeout: float = 60.0
    ) -> None:
        self.domain = domain or f"test-{uuid.uuid4().hex[:12]}"
        self.endpoint_url = endpoint_url
        self.timeout = timeout
        self._server: Any = None
        self._saved_env: dict[str, str | None] = {}
        self._registered: set[tuple[str, str | None]] = set()

    def __enter__(self) -> WorkflowEnvironment:
        if self.endpoint_url is None:
            self._server = _new_server()
            self._server.start()
            self.endpoint_url = self._server.endpoint_url
        names = ("AWS_ENDPOINT_URL_SWF", *_AWS_DEFAULTS)
        self._saved_env = {name: os.environ.get(name) for name in names}
        os.environ["AWS_ENDPOINT_URL_SWF"] = self.endpoint_url
        for name, value in _AWS_DEFAULTS.items():
            os.environ.setdefault(name, value)
        try:
            self._register_domain()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env = {}
        if self._server is not None:
            self._server.stop()
            self._server = None
            self.endpoint_url = None

    def _register_domain(self) -> None:
        from swf.exceptions import AlreadyExistsError
        from swf.models import Domain

        domain = Domain(self.domain, retention_period=1)
        try:
            domain.save()
        except AlreadyExistsError:
            pass

    def run(
        self,
        workflow_class: type[Workflow],
        *args: Any,
        workflow_id: str | None = None,
        timeout: float | None = None,
        **kwargs: Any,
    ) -> WorkflowRun:
        """Run one execution of `workflow_class` with `args`/`kwargs` to its end.

        A decider and a worker process serve a private task list for this execution (every
        activity is scheduled on it), and are stopped once the execution closes.

        Args:
            workflow_class: a `simpleflow.Workflow` subclass defined in an importable
                module (the processes import it by its dotted path).
            *args: positional arguments of `run()`.
            workflow_id: default: `<workflow name>-<hex>`.
            timeout: seconds before giving up (default: the environment's `timeout`).
            **kwargs: keyword arguments of `run()`.

        Returns:
            The `WorkflowRun`: close status, result and history.

        Raises:
            RuntimeError: the environment is not open, a process exited before the
                execution closed, or the execution did not close in time.
        """
        if self.endpoint_url is None or not self._saved_env:
            raise RuntimeError("use the WorkflowEnvironment in a 'with' block before run()")
        from simpleflow._cli.base import get_workflow_type

        path = _class_path(workflow_class)
        name = workflow_class.name or workflow_class.__name__
        workflow_id = workflow_id or f"{name}-{uuid.uuid4().hex[:12]}"
        task_list = f"{workflow_id[:200]}-{uuid.uuid4().hex}"
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        workflow_type = get_workflow_type(self.domain, workflow_class)
        self._register_activity_types(workflow_class)
        processes = {role: self._spawn(role, path, task_list) for role in ("decider", "worker")}
        try:
            execution = workflow_type.start_execution(
                workflow_id=workflow_id,
                task_list=task_list,
                execution_timeout=_text(workflow_class.execution_timeout) or "3600",
                input=json.loads(json_dumps({"args": list(args), "kwargs": kwargs})),
                decision_tasks_timeout=_text(workflow_class.decision_tasks_timeout) or "300",
            )
            logger.info("started %s %s %s", path, execution.workflow_id, execution.run_id)
            self._wait_until_closed(execution, processes, deadline)
        finally:
            _stop(list(processes.values()))
        return _collect(path, execution)

    def _register_activity_types(self, workflow_class: type[Workflow]) -> None:
        """Register the activity types of the workflow's package, as a deployed domain has
        them (otherwise the first schedule of each type fails with
        ACTIVITY_TYPE_DOES_NOT_EXIST and the history records no input for it)."""
        from simpleflow._cli.base import _first_set
        from simpleflow.registry import registry
        from swf.exceptions import AlreadyExistsError
        from swf.models import ActivityType, Domain

        package = workflow_class.__module__.split(".")[0]
        domain = Domain(self.domain)
        for name, task in list(registry[None].items()):
            if name.split(".")[0] != package or (name, task.version) in self._registered:
                continue
            activity_type = ActivityType(
                domain,
                name,
                version=task.version,
                task_list=task.task_list,
                task_heartbeat_timeout=_first_set(task.task_heartbeat_timeout),
                task_schedule_to_close_timeout=_first_set(task.task_schedule_to_close_timeout),
                task_schedule_to_start_timeout=_first_set(task.task_schedule_to_start_timeout),
                task_start_to_close_timeout=_first_set(task.task_start_to_close_timeout),
            )
            try:
                activity_type.save()
            except AlreadyExistsError:
                pass
            self._registered.add((name, task.version))

    def _spawn(self, role: str, path: str, task_list: str) -> subprocess.Popen[bytes]:
        command = [sys.executable, "-m", "simpleflow.testing._processes"]
        command += [role, path, self.domain, task_list]
        env = dict(os.environ)
        # The workflow's module must be importable from the processes as it is here.
        env["PYTHONPATH"] = os.pathsep.join([os.getcwd(), *(path for path in sys.path if path)])
        env.setdefault("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")
        return subprocess.Popen(command, env=env, start_new_session=True)

    def _wait_until_closed(
        self, execution: Any, processes: dict[str, subprocess.Popen[bytes]], deadline: float
    ) -> None:
        from simpleflow.swf.helpers import get_workflow_execution

        while True:
            described = get_workflow_execution(self.domain, execution.workflow_id, execution.run_id)
            if described.status == described.STATUS_CLOSED:
                return
            for role, process in processes.items():
                if process.poll() is not None:
                    raise RuntimeError(
                        f"the {role} process exited with status {process.returncode} "
                        f"before execution {execution.workflow_id} closed"
                    )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"execution {execution.workflow_id} {execution.run_id} did not close in "
                    "time: raise the timeout, or look at the decider's log above"
                )
            time.sleep(_POLL_INTERVAL)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """SIGTERM each supervisor (it stops its pollers gracefully), then SIGKILL what is left
    of its process group after the grace period."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    end = time.monotonic() + _STOP_GRACE
    for process in processes:
        try:
            process.wait(timeout=max(0.0, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("process %s did not stop in %.0f s: killed", process.pid, _STOP_GRACE)
    for process in processes:
        # The pollers and activity processes of a supervisor share its process group.
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def _collect(path: str, execution: Any) -> WorkflowRun:
    from swf.querysets.base import _pages

    events: list[dict[str, Any]] = []
    for page in _pages(
        execution.connection.get_workflow_execution_history,
        execution.domain.name,
        execution.run_id,
        execution.workflow_id,
    ):
        events.extend(page.get("events", []))
    close_status, result, reason, details = "OPEN", None, None, None
    for event in reversed(events):
        status = _CLOSE_EVENTS.get(event["eventType"])
        if status is None:
            continue
        close_status = status
        key = event["eventType"][0].lower() + event["eventType"][1:] + "EventAttributes"
        attributes = event.get(key) or {}
        if status == "COMPLETED" and attributes.get("result") is not None:
            result = json.loads(attributes["result"])
        reason, details = attributes.get("reason"), attributes.get("details")
        break
    return WorkflowRun(
        workflow=path,
        workflow_id=execution.workflow_id,
        run_id=execution.run_id,
        close_status=close_status,
        result=result,
        reason=reason,
        details=details,
        events=events,
    )
