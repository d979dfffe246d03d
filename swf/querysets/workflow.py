"""Querysets of SWF workflow types and workflow executions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from swf.constants import REGISTERED
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    InvalidKeywordArgumentError,
    SWFResponseError,
)
from swf.models.domain import Domain
from swf.models.workflow import CHILD_POLICIES, WorkflowExecution, WorkflowType
from swf.querysets.base import _DomainQuerySet, _pages, _raise_describe_error
from swf.utils import datetime_timestamp, get_subkey, past_day

__all__ = ["BaseWorkflowQuerySet", "WorkflowExecutionQuerySet", "WorkflowTypeQuerySet"]

logger = logging.getLogger(__name__)

_OPEN_PARAMETERS = frozenset({"oldest_date", "latest_date"})
_CLOSED_PARAMETERS = frozenset(
    {
        "start_latest_date",
        "start_oldest_date",
        "close_latest_date",
        "close_oldest_date",
        "close_status",
    }
)


class BaseWorkflowQuerySet(_DomainQuerySet):
    """Base of the workflow querysets: a domain and paginated listing.

    Args:
        domain: the ``Domain``.
        *args: ignored.
        **kwargs: ``connection``, ``region`` and credentials (``ConnectedSWFObject``).

    Raises:
        TypeError: ``domain`` is not a ``Domain``.
    """

    def __init__(self, domain: Domain, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        Domain.check(domain)
        self.domain = domain

    def _list(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """One page of the underlying list call."""
        raise NotImplementedError

    def _list_items(self, *args: Any, **kwargs: Any) -> Iterator[dict[str, Any]]:
        """Yield the items of every page of ``_list(*args, **kwargs)``."""
        for page in _pages(self._list, *args, **kwargs):
            yield from page.get(self._infos_plural, [])


class WorkflowTypeQuerySet(BaseWorkflowQuerySet):
    """Fetch, list and register the workflow types of a domain."""

    def to_WorkflowType(
        self, domain: Domain, workflow_info: dict[str, Any], **kwargs: Any
    ) -> WorkflowType:
        """Build a ``WorkflowType`` from a ``typeInfo`` dict of SWF."""
        kwargs.setdefault("connection", self.connection)
        return WorkflowType(
            domain,
            workflow_info["workflowType"]["name"],
            workflow_info["workflowType"]["version"],
            status=workflow_info["status"],
            **kwargs,
        )

    def get(self, name: str, version: str, *args: Any, **kwargs: Any) -> WorkflowType:
        """Fetch a workflow type.

        Args:
            name: the type name.
            version: the type version.
            *args: ignored.
            **kwargs: ``task_list``, ``child_policy``, ``execution_timeout`` and
                ``decision_tasks_timeout``; a non-``None`` value wins over the remote one.

        Raises:
            DoesNotExistError: the type (or the domain) is unknown.
            ResponseError: any other SWF fault.
        """
        try:
            response = self.connection.describe_workflow_type(self.domain.name, name, version)
        except SWFResponseError as err:
            _raise_describe_error(err)

        config = response["configuration"]
        remote = {
            "task_list": get_subkey(config, ["defaultTaskList", "name"]),
            "child_policy": config.get("defaultChildPolicy"),
            "execution_timeout": config.get("defaultExecutionStartToCloseTimeout"),
            "decision_tasks_timeout": config.get("defaultTaskStartToCloseTimeout"),
        }
        values = {
            attr: kwargs[attr] if kwargs.get(attr) is not None else value
            for attr, value in remote.items()
        }
        return self.to_WorkflowType(self.domain, response[self._infos], **values)

    def get_or_create(
        self,
        name: str,
        version: str,
        status: str = REGISTERED,
        creation_date: Any = 0.0,
        deprecation_date: Any = 0.0,
        task_list: Any = None,
        child_policy: Any = CHILD_POLICIES.TERMINATE,
        execution_timeout: Any = "300",
        decision_tasks_timeout: Any = "300",
        description: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> WorkflowType:
        """Fetch a workflow type, registering it when it does not exist.

        A concurrent registration (``AlreadyExistsError``) is resolved by fetching again.
        """
        overrides = {
            "task_list": task_list,
            "child_policy": child_policy,
            "execution_timeout": execution_timeout,
            "decision_tasks_timeout": decision_tasks_timeout,
        }
        try:
            return self.get(name, version, **overrides)
        except DoesNotExistError:
            try:
                return self.create(
                    name,
                    version,
                    status,
                    creation_date,
                    deprecation_date,
                    task_list,
                    child_policy,
                    execution_timeout,
                    decision_tasks_timeout,
                    description,
                )
            except AlreadyExistsError:
                return self.get(name, version, **overrides)

    def _list(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """One page of ``list_workflow_types`` (the whole response)."""
        return self.connection.list_workflow_types(*args, **kwargs)

    def filter(
        self,
        domain: Domain | None = None,
        registration_status: str = REGISTERED,
        name: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> list[WorkflowType]:
        """The workflow types with this registration status (all pages), optionally of one
        ``name``."""
        domain = domain or self.domain
        return [
            self.to_WorkflowType(domain, info)
            for info in self._list_items(domain.name, registration_status, name=name)
        ]

    def all(
        self, registration_status: str = REGISTERED, *args: Any, **kwargs: Any
    ) -> list[WorkflowType]:
        """Every workflow type of the domain with this registration status."""
        return self.filter(registration_status=registration_status)

    def create(
        self,
        name: str,
        version: str,
        status: str = REGISTERED,
        creation_date: Any = 0.0,
        deprecation_date: Any = 0.0,
        task_list: Any = None,
        child_policy: Any = CHILD_POLICIES.TERMINATE,
        execution_timeout: Any = "300",
        decision_tasks_timeout: Any = "300",
        description: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> WorkflowType:
        """Register a workflow type and return it.

        Raises:
            AlreadyExistsError: the type is already registered.
        """
        workflow_type = WorkflowType(
            self.domain,
            name,
            version,
            status=status,
            creation_date=creation_date,
            deprecation_date=deprecation_date,
            task_list=task_list,
            child_policy=child_policy,
            execution_timeout=execution_timeout,
            decision_tasks_timeout=decision_tasks_timeout,
            description=description,
            connection=self.connection,
        )
        workflow_type.save()
        return workflow_type


class WorkflowExecutionQuerySet(BaseWorkflowQuerySet):
    """Fetch and list the workflow executions of a domain."""

    _infos = "executionInfo"
    _infos_plural = "executionInfos"

    def _is_valid_status_param(self, status: str, param: str) -> bool:
        if status == WorkflowExecution.STATUS_OPEN:
            return param in _OPEN_PARAMETERS
        if status == WorkflowExecution.STATUS_CLOSED:
            return param in _CLOSED_PARAMETERS
        return False

    def _validate_status_parameters(self, status: str, params: Any) -> list[str]:
        return [param for param in params if not self._is_valid_status_param(status, param)]

    def list_workflow_executions(self, status: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """One page of ``list_open_workflow_executions`` or ``list_closed_…``.

        For ``OPEN``, the keyword ``start_oldest_date`` is renamed ``oldest_date``.

        Raises:
            ValueError: ``status`` is neither ``OPEN`` nor ``CLOSED``.
        """
        if status == WorkflowExecution.STATUS_OPEN:
            # ``oldest_date`` is the second positional parameter of the open call.
            if "start_oldest_date" in kwargs or ("oldest_date" not in kwargs and len(args) < 2):
                kwargs["oldest_date"] = kwargs.pop("start_oldest_date", None)
            return self.connection.list_open_workflow_executions(*args, **kwargs)
        if status == WorkflowExecution.STATUS_CLOSED:
            return self.connection.list_closed_workflow_executions(*args, **kwargs)
        raise ValueError(f"Unknown status provided: {status}")

    def get_workflow_type(self, execution_info: dict[str, Any]) -> WorkflowType:
        """Fetch the workflow type of an ``executionInfo`` dict."""
        workflow_type = execution_info["workflowType"]
        return WorkflowTypeQuerySet(self.domain, connection=self.connection).get(
            workflow_type["name"], workflow_type["version"]
        )

    def to_WorkflowExecution(
        self, domain: Domain, execution_info: dict[str, Any], **kwargs: Any
    ) -> WorkflowExecution:
        """Build a ``WorkflowExecution`` from an ``executionInfo`` dict of SWF."""
        kwargs.setdefault("connection", self.connection)
        workflow_type = WorkflowType(
            self.domain,
            execution_info["workflowType"]["name"],
            execution_info["workflowType"]["version"],
            connection=kwargs["connection"],
        )
        return WorkflowExecution(
            domain,
            get_subkey(execution_info, ["execution", "workflowId"]),
            run_id=get_subkey(execution_info, ["execution", "runId"]),
            workflow_type=workflow_type,
            status=execution_info.get("executionStatus"),
            close_status=execution_info.get("closeStatus"),
            tag_list=execution_info.get("tagList"),
            start_timestamp=execution_info.get("startTimestamp"),
            close_timestamp=execution_info.get("closeTimestamp"),
            cancel_requested=execution_info.get("cancelRequested"),
            parent=execution_info.get("parent"),
            **kwargs,
        )

    def get(self, workflow_id: str, run_id: str, *args: Any, **kwargs: Any) -> WorkflowExecution:
        """Fetch an execution by workflow id and run id.

        Raises:
            DoesNotExistError: the execution (or the domain) is unknown.
            ResponseError: any other SWF fault.
        """
        try:
            response = self.connection.describe_workflow_execution(
                self.domain.name, run_id, workflow_id
            )
        except SWFResponseError as err:
            _raise_describe_error(err)

        config = response["executionConfiguration"]
        return self.to_WorkflowExecution(
            self.domain,
            response[self._infos],
            task_list=get_subkey(config, ["taskList", "name"]),
            child_policy=config.get("childPolicy"),
            execution_timeout=config.get("executionStartToCloseTimeout"),
            decision_tasks_timeout=config.get("taskStartToCloseTimeout"),
            latest_activity_task_timestamp=response.get("latestActivityTaskTimestamp"),
            latest_execution_context=response.get("latestExecutionContext"),
            open_counts=response["openCounts"],
        )

    def filter(
        self,
        status: str = WorkflowExecution.STATUS_OPEN,
        tag: str | None = None,
        workflow_id: str | None = None,
        workflow_type_name: str | None = None,
        workflow_type_version: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> list[WorkflowExecution]:
        """The executions matching the filters (all pages), newest start first.

        Args:
            status: ``OPEN`` or ``CLOSED``.
            tag: a tag the executions carry.
            workflow_id: the workflow id.
            workflow_type_name: the workflow type name.
            workflow_type_version: the workflow type version (needs the name).
            *args: passed to the list call.
            **kwargs: ``oldest_date`` (``OPEN``) or ``start_oldest_date`` (``CLOSED``) in
                **days** (default 30); the other date filters (``latest_date``,
                ``start_latest_date``, ``close_latest_date``, ``close_oldest_date``) in
                epoch seconds, and ``close_status`` (``CLOSED``), are passed through.

        Raises:
            InvalidKeywordArgumentError: a keyword is not valid for ``status``.
        """
        invalid = self._validate_status_parameters(status, kwargs)
        if invalid:
            raise InvalidKeywordArgumentError(
                "Invalid keyword arguments supplied: {}".format(", ".join(invalid))
            )

        if status == WorkflowExecution.STATUS_OPEN:
            days = kwargs.pop("oldest_date", 30)
        else:
            # SWF: startTimeFilter and closeTimeFilter are mutually exclusive.
            close_filter = "close_latest_date" in kwargs or "close_oldest_date" in kwargs
            days = kwargs.pop("start_oldest_date", None if close_filter else 30)
        start_oldest_date = int(datetime_timestamp(past_day(days))) if days else None

        return [
            self.to_WorkflowExecution(self.domain, info)
            for info in self._list_items(
                *args,
                domain=self.domain.name,
                status=status,
                workflow_id=workflow_id,
                workflow_name=workflow_type_name,
                workflow_version=workflow_type_version,
                start_oldest_date=start_oldest_date,
                tag=tag,
                **kwargs,
            )
        ]

    def _list(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return self.list_workflow_executions(*args, **kwargs)

    def all(
        self,
        status: str = WorkflowExecution.STATUS_OPEN,
        start_oldest_date: Any = 30,
        *args: Any,
        **kwargs: Any,
    ) -> list[WorkflowExecution]:
        """Every execution with this status started in the last ``start_oldest_date`` days."""
        oldest = int(datetime_timestamp(past_day(start_oldest_date)))
        return [
            self.to_WorkflowExecution(self.domain, info)
            for info in self._list_items(status, self.domain.name, start_oldest_date=oldest)
        ]
