"""Workflow type and workflow execution models."""

from __future__ import annotations

import json
import logging
import time
from collections import namedtuple
from typing import Any

from swf._paging import pages
from swf.constants import REGISTERED
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    ResponseError,
    SWFResponseError,
    SWFTypeAlreadyExistsError,
    extract_resource,
    is_unknown,
    is_unknown_resource_raised,
)
from swf.models._names import _check_names
from swf.models.base import BaseModel, ModelDiff, _raise_response_error
from swf.models.domain import Domain
from swf.models.history import History
from swf.utils import get_subkey, immutable

__all__ = [
    "CHILD_POLICIES",
    "WorkflowExecution",
    "WorkflowExecutionDoesNotExist",
    "WorkflowType",
    "WorkflowTypeDoesNotExist",
]

logger = logging.getLogger(__name__)

# The type is named CHILD_POLICY, as in 0.11.9 (repr shows that name); pickle finds the
# class through its qualified name.
_CHILD_POLICY = namedtuple(  # type: ignore[name-match]
    "CHILD_POLICY", ("TERMINATE", "REQUEST_CANCEL", "ABANDON")
)
_CHILD_POLICY.__qualname__ = "_CHILD_POLICY"
#: The child policies SWF accepts; each field equals its own name.
CHILD_POLICIES = _CHILD_POLICY(
    TERMINATE="TERMINATE", REQUEST_CANCEL="REQUEST_CANCEL", ABANDON="ABANDON"
)

_is_unknown_domain = is_unknown("domain")
_is_unknown_workflow_type = is_unknown("WorkflowType")
_is_unknown_execution = is_unknown("WorkflowExecution")


class WorkflowTypeDoesNotExist(DoesNotExistError):
    """The workflow type is not registered in the domain."""


class WorkflowExecutionDoesNotExist(DoesNotExistError):
    """The workflow execution (or its domain) does not exist."""


def _without_none(**values: Any) -> dict[str, Any]:
    """Keyword arguments whose value is not ``None``, others stringified.

    0.11.9 sent ``str(None)`` (the text ``'None'``) for unset values.
    """
    return {key: str(value) for key, value in values.items() if value is not None}


@immutable
class WorkflowType(BaseModel):
    """A registered (or to be registered) SWF workflow type.

    Building a ``WorkflowType`` makes no network call; ``save`` registers it.

    Args:
        domain: the ``Domain`` (not type-checked, as in 0.11.9).
        name: the workflow type name.
        version: the workflow type version.
        status: ``REGISTERED`` or ``DEPRECATED``.
        creation_date: epoch seconds.
        deprecation_date: epoch seconds.
        task_list: default decision task list.
        child_policy: default child policy, one of ``CHILD_POLICIES`` (or ``None``).
        execution_timeout: default execution start-to-close timeout, in seconds.
        decision_tasks_timeout: default decision task start-to-close timeout, in seconds.
        description: free text.
        *args: ignored (passed to ``ConnectedSWFObject``).
        **kwargs: ``connection``, ``region`` and credentials (``ConnectedSWFObject``).

    Raises:
        ValueError: ``child_policy`` is not one of ``CHILD_POLICIES``.
    """

    __slots__ = [
        "domain",
        "name",
        "version",
        "status",
        "creation_date",
        "deprecation_date",
        "task_list",
        "child_policy",
        "execution_timeout",
        "decision_tasks_timeout",
        "description",
    ]

    def __init__(
        self,
        domain: Any,
        name: Any,
        version: Any,
        status: Any = REGISTERED,
        creation_date: Any = 0.0,
        deprecation_date: Any = 0.0,
        task_list: Any = None,
        child_policy: Any = CHILD_POLICIES.TERMINATE,
        execution_timeout: Any = "300",
        decision_tasks_timeout: Any = "300",
        description: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.domain = domain
        self.name = name
        self.version = version
        self.status = status
        self.creation_date = creation_date
        self.deprecation_date = deprecation_date
        self.task_list = task_list
        self.execution_timeout = execution_timeout
        self.decision_tasks_timeout = decision_tasks_timeout
        self.description = description
        self.set_child_policy(child_policy)

    def set_child_policy(self, policy: Any) -> None:
        """Set the default child policy.

        Raises:
            ValueError: ``policy`` is neither ``None`` nor one of ``CHILD_POLICIES``.
        """
        # None is accepted: SWF describes types registered without a default policy so.
        if policy is not None and policy not in CHILD_POLICIES:
            raise ValueError(f"invalid child policy value: {policy}")
        self.child_policy = policy

    def _diff(self) -> ModelDiff:
        try:
            description = self.connection.describe_workflow_type(
                self.domain.name, self.name, self.version
            )
        except SWFResponseError as err:
            _raise_response_error(err, f"Remote workflow type {self!r} does not exist")

        info = description["typeInfo"]
        config = description["configuration"]
        return ModelDiff(
            ("name", self.name, get_subkey(info, ["workflowType", "name"])),
            ("version", self.version, get_subkey(info, ["workflowType", "version"])),
            ("status", self.status, info.get("status")),
            ("creation_date", self.creation_date, info.get("creationDate")),
            ("deprecation_date", self.deprecation_date, info.get("deprecationDate")),
            ("task_list", self.task_list, get_subkey(config, ["defaultTaskList", "name"])),
            ("child_policy", self.child_policy, config.get("defaultChildPolicy")),
            (
                "execution_timeout",
                self.execution_timeout,
                config.get("defaultExecutionStartToCloseTimeout"),
            ),
            (
                "decision_tasks_timeout",
                self.decision_tasks_timeout,
                config.get("defaultTaskStartToCloseTimeout"),
            ),
            ("description", self.description, info.get("description")),
        )

    @property
    def exists(self) -> bool:
        """Whether the workflow type is registered.

        Raises:
            ResponseError: any other SWF fault, including an unknown domain.
        """
        try:
            self.connection.describe_workflow_type(self.domain.name, self.name, self.version)
        except SWFResponseError as err:
            if _is_unknown_workflow_type(err):
                return False
            raise ResponseError(err.message) from err
        return True

    def save(self) -> None:
        """Register the workflow type; ``None`` defaults are not sent.

        Raises:
            AlreadyExistsError: the type is already registered.
            DoesNotExistError: the domain is unknown.
            SWFResponseError: any other SWF fault, unchanged (``ValidationException`` for a
                name SWF would refuse, checked before the request).
        """
        _check_names(workflow_type_name=self.name, workflow_type_version=self.version)
        try:
            self.connection.register_workflow_type(
                self.domain.name,
                self.name,
                self.version,
                description=self.description,
                **_without_none(
                    task_list=self.task_list,
                    default_child_policy=self.child_policy,
                    default_execution_start_to_close_timeout=self.execution_timeout,
                    default_task_start_to_close_timeout=self.decision_tasks_timeout,
                ),
            )
        except SWFTypeAlreadyExistsError as err:
            raise AlreadyExistsError(f"{self!r} already exists", err.message) from err
        except SWFResponseError as err:
            if is_unknown_resource_raised(err):
                raise DoesNotExistError(err.message) from err
            raise

    def delete(self) -> None:
        """Deprecate the workflow type.

        Raises:
            DoesNotExistError: the type (or domain) is unknown, or already deprecated.
            SWFResponseError: any other SWF fault, unchanged.
        """
        try:
            self.connection.deprecate_workflow_type(self.domain.name, self.name, self.version)
        except SWFResponseError as err:
            if err.error_code in ("UnknownResourceFault", "TypeDeprecatedFault"):
                raise DoesNotExistError(err.message) from err
            raise

    def upstream(self) -> WorkflowType:
        """The workflow type as SWF describes it."""
        from swf.querysets.workflow import WorkflowTypeQuerySet

        return WorkflowTypeQuerySet(self.domain, connection=self.connection).get(
            self.name, self.version
        )

    def start_execution(
        self,
        workflow_id: Any = None,
        task_list: Any = None,
        child_policy: Any = None,
        execution_timeout: Any = None,
        input: Any = None,
        tag_list: Any = None,
        decision_tasks_timeout: Any = None,
        task_priority: Any = None,
    ) -> WorkflowExecution:
        """Start an execution of this workflow type.

        Args:
            workflow_id: defaults to ``'<name>-<version>-<epoch seconds>'``.
            task_list: defaults to the type's ``task_list``.
            child_policy: defaults to the type's ``child_policy``.
            execution_timeout: execution start-to-close timeout (no fallback to the type's).
            input: any JSON-serialisable value; always sent as ``json.dumps(input)``.
            tag_list: a list of tags (or one tag as a ``str``).
            decision_tasks_timeout: decision task start-to-close timeout (no fallback).
            task_priority: ``taskPriority`` of the execution (an integer), if any.

        Returns:
            The started ``WorkflowExecution`` (with its ``run_id``).

        Raises:
            SWFResponseError: SWF refused the start (e.g.
                ``SWFWorkflowExecutionAlreadyStartedError``, or ``ValidationException`` for a
                workflow id SWF would refuse), unchanged.
        """
        workflow_id = workflow_id or f"{self.name}-{self.version}-{int(time.time())}"
        task_list = task_list or self.task_list
        child_policy = child_policy or self.child_policy
        _check_names(workflow_id=workflow_id)

        run = self.connection.start_workflow_execution(
            self.domain.name,
            workflow_id,
            self.name,
            self.version,
            task_list=task_list,
            child_policy=child_policy,
            execution_start_to_close_timeout=execution_timeout,
            input=json.dumps(input),
            tag_list=tag_list,
            task_start_to_close_timeout=decision_tasks_timeout,
            task_priority=task_priority,
        )
        logger.debug(
            "started workflow %s (run %s) of type %s/%s in domain %s",
            workflow_id,
            run["runId"],
            self.name,
            self.version,
            self.domain.name,
        )
        return WorkflowExecution(
            self.domain, workflow_id, run_id=run["runId"], connection=self.connection
        )

    def __repr__(self) -> str:
        return (
            f"<{self.__class__.__name__} domain={getattr(self.domain, 'name', self.domain)} "
            f"name={self.name} version={self.version} status={self.status}>"
        )


@immutable
class WorkflowExecution(BaseModel):
    """An SWF workflow execution, identified by its workflow id and run id.

    Building a ``WorkflowExecution`` makes no network call.

    Raises:
        TypeError: ``domain`` is not a ``Domain``.
    """

    STATUS_OPEN = "OPEN"
    STATUS_CLOSED = "CLOSED"

    CLOSE_STATUS_COMPLETED = "COMPLETED"
    CLOSE_STATUS_FAILED = "FAILED"
    CLOSE_STATUS_CANCELED = "CANCELED"
    CLOSE_STATUS_TERMINATED = "TERMINATED"
    CLOSE_STATUS_CONTINUED_AS_NEW = "CONTINUED_AS_NEW"
    CLOSE_TIMED_OUT = "TIMED_OUT"

    kind = "execution"

    __slots__ = [
        "domain",
        "workflow_id",
        "run_id",
        "status",
        "workflow_type",
        "task_list",
        "child_policy",
        "close_status",
        "execution_timeout",
        "input",
        "tag_list",
        "decision_tasks_timeout",
        "close_timestamp",
        "start_timestamp",
        "cancel_requested",
        "latest_execution_context",
        "latest_activity_task_timestamp",
        "open_counts",
        "parent",
    ]

    def __init__(
        self,
        domain: Any,
        workflow_id: Any,
        run_id: Any = None,
        status: Any = STATUS_OPEN,
        workflow_type: Any = None,
        task_list: Any = None,
        child_policy: Any = None,
        close_status: Any = None,
        execution_timeout: Any = None,
        input: Any = None,
        tag_list: Any = None,
        decision_tasks_timeout: Any = None,
        close_timestamp: Any = None,
        start_timestamp: Any = None,
        cancel_requested: Any = None,
        latest_execution_context: Any = None,
        latest_activity_task_timestamp: Any = None,
        open_counts: Any = None,
        parent: Any = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        Domain.check(domain)
        super().__init__(*args, **kwargs)
        self.domain = domain
        self.workflow_id = workflow_id
        self.run_id = run_id
        self.status = status
        self.workflow_type = workflow_type
        self.task_list = task_list
        self.child_policy = child_policy
        self.close_status = close_status
        self.execution_timeout = execution_timeout
        self.input = input
        self.tag_list = tag_list or []
        self.decision_tasks_timeout = decision_tasks_timeout
        self.close_timestamp = close_timestamp
        self.start_timestamp = start_timestamp
        self.cancel_requested = cancel_requested
        self.latest_execution_context = latest_execution_context
        self.latest_activity_task_timestamp = latest_activity_task_timestamp
        self.open_counts = open_counts or {}
        self.parent = parent or {}

    def _diff(self) -> ModelDiff:
        try:
            description = self.connection.describe_workflow_execution(
                self.domain.name, self.run_id, self.workflow_id
            )
        except SWFResponseError as err:
            _raise_response_error(err, f"Remote execution {self!r} does not exist")

        info = description["executionInfo"]
        config = description["executionConfiguration"]
        return ModelDiff(
            ("workflow_id", self.workflow_id, get_subkey(info, ["execution", "workflowId"])),
            ("run_id", self.run_id, get_subkey(info, ["execution", "runId"])),
            ("status", self.status, info.get("executionStatus")),
            ("task_list", self.task_list, get_subkey(config, ["taskList", "name"])),
            ("child_policy", self.child_policy, config.get("childPolicy")),
            (
                "execution_timeout",
                self.execution_timeout,
                config.get("executionStartToCloseTimeout"),
            ),
            # SWF omits ``tagList`` for untagged executions, whose local value is ``[]``.
            ("tag_list", self.tag_list, info.get("tagList") or []),
            (
                "decision_tasks_timeout",
                self.decision_tasks_timeout,
                config.get("taskStartToCloseTimeout"),
            ),
        )

    @property
    def exists(self) -> bool:
        """Whether SWF knows this execution.

        Raises:
            ResponseError: any other SWF fault, including an unknown domain.
        """
        try:
            self.connection.describe_workflow_execution(
                self.domain.name, self.run_id, self.workflow_id
            )
        except SWFResponseError as err:
            if _is_unknown_execution(err):
                return False
            raise ResponseError(err.message) from err
        return True

    def upstream(self) -> WorkflowExecution:
        """The execution as SWF describes it."""
        from swf.querysets.workflow import WorkflowExecutionQuerySet

        return WorkflowExecutionQuerySet(self.domain, connection=self.connection).get(
            self.workflow_id, self.run_id
        )

    def history(self, *args: Any, **kwargs: Any) -> History:
        """The whole event history of the execution, every page concatenated.

        Args:
            *args: ignored.
            **kwargs: passed to ``get_workflow_execution_history`` (e.g.
                ``maximum_page_size``, ``reverse_order``); ``domain`` is ignored.

        Raises:
            SWFResponseError: SWF refused the call, unchanged.
        """
        kwargs.pop("domain", None)
        kwargs.pop("next_page_token", None)
        events: list[dict[str, Any]] = [
            event
            for page in pages(
                self.connection.get_workflow_execution_history,
                self.domain.name,
                self.run_id,
                self.workflow_id,
                **kwargs,
            )
            for event in page.get("events", [])
        ]
        return History.from_event_list(events)

    def signal(self, signal_name: str, input: Any = None, *args: Any, **kwargs: Any) -> None:
        """Send a signal to the execution; ``input`` is sent as JSON (default ``{}``).

        Raises:
            WorkflowExecutionDoesNotExist: the execution is unknown.
            ResponseError: any other SWF fault.
        """
        input = input or {}
        try:
            self.connection.signal_workflow_execution(
                self.domain.name,
                signal_name,
                self.workflow_id,
                input=json.dumps(input),
                run_id=self.run_id,
            )
        except SWFResponseError as err:
            if _is_unknown_execution(err):
                raise WorkflowExecutionDoesNotExist(extract_resource(err)) from err
            raise ResponseError(err.message) from err

    def request_cancel(self, *args: Any, **kwargs: Any) -> None:
        """Ask SWF to cancel the execution.

        Raises:
            WorkflowExecutionDoesNotExist: the domain is unknown.
            ResponseError: any other SWF fault (an unknown execution lands here, as
                in 0.11.9).
        """
        try:
            self.connection.request_cancel_workflow_execution(
                self.domain.name, self.workflow_id, run_id=self.run_id
            )
        except SWFResponseError as err:
            if _is_unknown_domain(err):
                raise WorkflowExecutionDoesNotExist(extract_resource(err)) from err
            raise ResponseError(err.message) from err

    def terminate(self, *args: Any, **kwargs: Any) -> None:
        """Terminate the execution.

        Args:
            *args: ignored.
            **kwargs: ``reason``, ``details`` and ``child_policy`` are forwarded when
                given (0.11.9 dropped them); others are ignored.

        Raises:
            WorkflowExecutionDoesNotExist: the domain is unknown.
            ResponseError: any other SWF fault (an unknown execution lands here, as
                in 0.11.9).
        """
        options = {
            key: kwargs[key]
            for key in ("reason", "details", "child_policy")
            if kwargs.get(key) is not None
        }
        try:
            self.connection.terminate_workflow_execution(
                self.domain.name, self.workflow_id, run_id=self.run_id, **options
            )
        except SWFResponseError as err:
            if _is_unknown_domain(err):
                raise WorkflowExecutionDoesNotExist(extract_resource(err)) from err
            raise ResponseError(err.message) from err

    def __repr__(self) -> str:
        return (
            f"<{self.__class__.__name__} domain={self.domain.name} "
            f"workflow_id={self.workflow_id} run_id={self.run_id} status={self.status}>"
        )
