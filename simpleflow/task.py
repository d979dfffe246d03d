"""Tasks: what a workflow submits, bound to its (resolved) arguments (features §1.1).

`ActivityTask` and `WorkflowTask` are the 0.11.9 classes; the others (signals, markers,
timers, cancellations) were added after 0.11.9. Executors convert these generic tasks to
their own (`simpleflow.swf.task`).
"""

from __future__ import annotations

import abc
import json
from typing import Any

from simpleflow import _names, futures
from simpleflow._execute_protocol import WRAPPER_ATTRIBUTE
from simpleflow._failure_context import TaskFailureContext as TaskFailureContext
from simpleflow.activity import Activity
from simpleflow.base import Submittable
from simpleflow.utils import issubclass_

# Keyword arguments of `ActivityTask` meant for the worker, never for the activity (0.36).
_RESERVED_ACTIVITY_KWARGS = ("context", "simpleflow_middlewares")


def get_actual_value(value: Any) -> Any:
    """Unwrap a ``Future`` (raising ``ExecutionBlocked`` if pending); return others as is.

    Only top-level values are unwrapped, not futures nested in containers.
    """
    if isinstance(value, futures.Future):
        return futures.get_result_or_raise(value)
    return value


class Task(Submittable, metaclass=abc.ABCMeta):
    """Base class of the tasks a workflow submits."""

    #: Scheduled at most once per replay per id (features §1.9).
    idempotent: bool | None = False

    @property
    @abc.abstractmethod
    def name(self) -> str:
        raise NotImplementedError()

    def serialize(self, value: Any) -> str:
        return json.dumps(value)

    def resolve_args(self, *args: Any) -> list[Any]:
        # `get_actual_value` inlined: called for every argument of every submitted task.
        future, get_result = futures.Future, futures.get_result_or_raise
        return [get_result(arg) if isinstance(arg, future) else arg for arg in args]

    def resolve_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        if not kwargs:
            return {}
        future, get_result = futures.Future, futures.get_result_or_raise
        return {
            key: get_result(value) if isinstance(value, future) else value
            for key, value in kwargs.items()
        }


_resolve_args = Task.resolve_args
_resolve_kwargs = Task.resolve_kwargs


class ActivityTask(Task):
    """An ``Activity`` with its arguments, resolved at construction.

    Raises:
        TypeError: ``activity`` is not an ``Activity``.
        ExecutionBlocked: an argument is a future that is not finished.
    """

    def __init__(self, activity: Activity, *args: Any, **kwargs: Any) -> None:
        if not isinstance(activity, Activity):
            raise TypeError(f"Wrong value for `activity`, got {type(activity)} instead")
        self.activity = activity
        self.idempotent = activity.idempotent
        #: Given by the worker: a class-based activity gets it as ``self.context`` (§6.4).
        self.context: dict[str, Any] | None = None
        if kwargs:
            self.context = kwargs.pop("context", None)
            for key in _RESERVED_ACTIVITY_KWARGS:
                kwargs.pop(key, None)
        if type(self).resolve_args is _resolve_args:
            # The arguments of every submitted activity: `resolve_args` inlined.
            self.args = [
                futures.get_result_or_raise(a) if isinstance(a, futures.Future) else a for a in args
            ]
        else:
            self.args = self.resolve_args(*args)
        if kwargs or type(self).resolve_kwargs is not _resolve_kwargs:
            self.kwargs = self.resolve_kwargs(**kwargs)
        else:
            self.kwargs = {}
        self.id: str | None = None
        #: Set by an enclosing group (`Group(raises_on_failure=...)`); None: the activity's.
        self.raises_on_failure: bool | None = None
        #: The priority resolved at submission (features §8.2), None for none.
        self.priority: Any = None
        #: A `RetryPolicy` given at submission (`__retry_policy`), else None.
        self.retry_policy: Any = None

    def propagate_attribute(self, attr: str, val: Any) -> None:
        setattr(self, attr, val)

    @property
    def name(self) -> str:
        return f"activity-{self.activity.name}"

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(activity={self.activity!r}, args={self.args}, "
            f"kwargs={self.kwargs}, id={self.id})"
        )

    def execute(self) -> Any:
        """Run the activity in this process (class-style activities: ``.execute()``)."""
        method = self.activity._callable
        # A class wrapped by ``execute.python`` copies the class ``__dict__`` (hence an
        # ``execute`` attribute) onto a plain wrapper function: check its mark.
        if hasattr(method, "execute") and not getattr(method, WRAPPER_ATTRIBUTE, False):
            instance = method(*self.args, **self.kwargs)
            if self.context is not None:
                instance.context = self.context
            return instance.execute()
        return method(*self.args, **self.kwargs)


class WorkflowTask(Task):
    """A child workflow (a ``Workflow`` subclass) with its resolved arguments.

    Accepts the 0.11.9 form ``WorkflowTask(workflow, *args, **kwargs)`` and the 0.36 form
    ``WorkflowTask(executor, workflow, *args, workflow_task_list=None, **kwargs)``. The
    reserved ``workflow_task_list`` keyword never reaches the child's ``run``.
    """

    def __init__(self, workflow: Any, *args: Any, **kwargs: Any) -> None:
        from simpleflow.workflow import Workflow

        executor = None
        if not issubclass_(workflow, Workflow) and args and issubclass_(args[0], Workflow):
            executor, workflow, args = workflow, args[0], args[1:]
        self.executor = executor
        self.workflow = workflow
        self.task_list: str | None = kwargs.pop("workflow_task_list", None)
        self.idempotent = bool(getattr(workflow, "idempotent", False))
        self.args = self.resolve_args(*args)
        self.kwargs = self.resolve_kwargs(**kwargs)
        #: `get_workflow_id(...)`'s value, used verbatim as the child's id (features §1.10).
        self.custom_id: str | None = self._custom_id()
        self.id: str | None = None
        self.raises_on_failure: bool | None = None
        self.priority: Any = None
        self.retry_policy: Any = None

    def _custom_id(self) -> str | None:
        get_workflow_id = getattr(self.workflow, "get_workflow_id", None)
        if get_workflow_id is None:
            return None
        workflow_id = _call_class_hook(get_workflow_id, self.workflow, self.args, self.kwargs)
        if not workflow_id:
            return None
        if not isinstance(workflow_id, str):
            raise TypeError(
                f"{self.workflow.__name__}.get_workflow_id must return a string, got "
                f"{workflow_id!r} ({type(workflow_id).__name__})"
            )
        return workflow_id

    def propagate_attribute(self, attr: str, val: Any) -> None:
        setattr(self, attr, val)

    @property
    def name(self) -> str:
        return f"workflow-{self.workflow.name}"

    def __repr__(self) -> str:
        return (
            f"{self.__class__.__name__}(workflow={self.workflow}, args={self.args}, "
            f"kwargs={self.kwargs}, id={self.id})"
        )


def _call_class_hook(hook: Any, cls: Any, args: list[Any], kwargs: dict[str, Any]) -> Any:
    """Call ``get_workflow_id``/``get_task_list``/``get_tag_list`` of a workflow class.

    0.36 calls them as ``cls.method(cls, *args, **kwargs)``; a ``@classmethod`` is already
    bound to the class, so it gets no explicit ``cls`` (both forms work).
    """
    if getattr(hook, "__self__", None) is cls:
        return hook(*args, **kwargs)
    return hook(cls, *args, **kwargs)


class ChildWorkflowTask(WorkflowTask):
    """A child workflow built without an executor (set at submission)."""

    def __init__(self, workflow: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(None, workflow, *args, **kwargs)


class SignalTask(Task):
    """Send the signal ``name`` (to this execution unless ``workflow_id`` is given).

    Positional and keyword arguments are the signal's data. ``workflow_id``, ``run_id``,
    ``control`` and ``extra_input`` are keyword-only ([fix]: 0.36 took the first
    positional arguments as the target).

    Raises:
        TypeError, ValueError: ``name`` is not a name SWF accepts.
    """

    idempotent = True

    def __init__(
        self,
        name: str,
        *args: Any,
        workflow_id: str | None = None,
        run_id: str | None = None,
        control: Any = None,
        extra_input: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self._name = _names.check_name(name, "signal name")
        self.workflow_id = workflow_id
        self.run_id = run_id
        self.control = control
        self.extra_input = extra_input
        self.args = self.resolve_args(*args)
        self.kwargs = self.resolve_kwargs(**kwargs)
        self.id: str | None = self._name

    @property
    def name(self) -> str:
        return self._name

    def __repr__(self) -> str:
        return (
            f"SignalTask({self._name!r}, workflow_id={self.workflow_id!r}, "
            f"run_id={self.run_id!r}, args={self.args}, kwargs={self.kwargs})"
        )


class MarkerTask(Task):
    """Record the marker ``name`` with JSON ``details``.

    Raises:
        TypeError, ValueError: ``name`` is not a name SWF accepts, or ``details`` is not
            JSON-serialisable.
    """

    idempotent = True

    def __init__(self, name: str, details: Any = None) -> None:
        self._name = _names.check_name(name, "marker name")
        self.details = get_actual_value(details)
        _check_json(self.details, f"details of marker {name!r}")
        self.args = [self.details]
        self.kwargs: dict[str, Any] = {}
        self.id: str | None = None

    @property
    def name(self) -> str:
        return self._name

    def __repr__(self) -> str:
        return f"MarkerTask({self._name!r}, details={self.details!r})"


class TimerTask(Task):
    """Start the timer ``timer_id``, firing after ``timeout`` seconds.

    Raises:
        TypeError, ValueError: a bad timer id, a timeout that is not whole seconds >= 0,
            or a ``control`` that is not JSON-serialisable.
    """

    idempotent = True

    def __init__(self, timer_id: str, timeout: Any, control: Any = None) -> None:
        self.timer_id = _names.check_name(timer_id, "timer id")
        self.timeout = _names.check_timeout(get_actual_value(timeout), "timer timeout")
        self.control = control
        _check_json(control, f"control of timer {timer_id!r}")
        self.args: list[Any] = []
        self.kwargs: dict[str, Any] = {}
        self.id: str | None = timer_id

    @property
    def name(self) -> str:
        return self.timer_id

    @property
    def duration(self) -> int:
        """The timeout in seconds (0.36 name)."""
        return self.timeout

    def __repr__(self) -> str:
        return f"TimerTask({self.timer_id!r}, {self.timeout!r}, control={self.control!r})"


class CancelTimerTask(Task):
    """Cancel the timer ``timer_id``."""

    idempotent = True

    def __init__(self, timer_id: str) -> None:
        self.timer_id = _names.check_name(timer_id, "timer id")
        self.args: list[Any] = []
        self.kwargs: dict[str, Any] = {}
        self.id: str | None = timer_id

    @property
    def name(self) -> str:
        return self.timer_id

    def __repr__(self) -> str:
        return f"CancelTimerTask({self.timer_id!r})"


class ContinueAsNewWorkflowTask(Task):
    """Close this run and start a new one of the same workflow with these arguments.

    Raises:
        TypeError: the arguments are not JSON-serialisable (checked at the call, not when
            SWF refuses the decision).
    """

    def __init__(self, workflow: Any, *args: Any, **kwargs: Any) -> None:
        self.workflow = workflow
        self.args = self.resolve_args(*args)
        self.kwargs = self.resolve_kwargs(**kwargs)
        _check_json({"args": self.args, "kwargs": self.kwargs}, "continue_as_new arguments")
        self.id: str | None = None

    @property
    def name(self) -> str:
        return f"workflow-{getattr(self.workflow, 'name', None)}"

    def __repr__(self) -> str:
        return f"ContinueAsNewWorkflowTask(args={self.args}, kwargs={self.kwargs})"


class _CancelTask(Task):
    """Base of the cancellation tasks: ``target`` is a future of this replay or an id."""

    idempotent = True
    _kind = ""

    def __init__(self, target: Any) -> None:
        if not isinstance(target, (str, futures.Future)):
            raise TypeError(
                f"cannot cancel {target!r}: pass a future returned by submit() in this run, "
                f"or a {self._kind} id string"
            )
        self.target = target
        self.args: list[Any] = []
        self.kwargs: dict[str, Any] = {}
        #: The target's id, set when the executor resolves ``target``.
        self.target_id: str | None = target if isinstance(target, str) else None
        self.id: str | None = None

    @property
    def name(self) -> str:
        return f"cancel-{self.target_id}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.target!r})"


class CancelActivityTask(_CancelTask):
    """Ask SWF to cancel an activity (``RequestCancelActivityTask``, features §6.5)."""

    _kind = "activity"


class CancelChildTask(_CancelTask):
    """Ask SWF to cancel a child execution (``RequestCancelExternalWorkflowExecution``)."""

    _kind = "child workflow"


def _check_json(value: Any, what: str) -> None:
    from simpleflow.utils import json_dumps

    try:
        json_dumps(value)
    except (TypeError, ValueError) as err:
        raise TypeError(f"the {what} must be JSON-serialisable: {err}") from None
