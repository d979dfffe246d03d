"""Activity type and activity task models."""

from __future__ import annotations

import logging
from typing import Any

from swf.constants import REGISTERED
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    ResponseError,
    SWFResponseError,
    SWFTypeAlreadyExistsError,
    extract_resource,
    is_unknown,
)
from swf.models._names import _check_names
from swf.models.base import BaseModel, ModelDiff, _raise_response_error
from swf.models.workflow import WorkflowExecution
from swf.utils import get_subkey, immutable

__all__ = ["ActivityTask", "ActivityType", "ActivityTypeDoesNotExist"]

logger = logging.getLogger(__name__)

_is_unknown_activity_type = is_unknown("ActivityType")


class ActivityTypeDoesNotExist(DoesNotExistError):
    """The activity type is not registered in the domain.

    0.11.9 derived it from bare ``Exception``; it is still an ``Exception``.
    """


@immutable
class ActivityType(BaseModel):
    """A registered (or to be registered) SWF activity type.

    Building an ``ActivityType`` makes no network call (the decider builds one per
    scheduled task); ``save`` registers it.

    Args:
        domain: the ``Domain``.
        name: the activity type name.
        version: the activity type version.
        status: ``REGISTERED`` or ``DEPRECATED``.
        description: free text.
        creation_date: epoch seconds.
        deprecation_date: epoch seconds.
        task_list: default task list.
        task_heartbeat_timeout: default heartbeat timeout, in seconds.
        task_schedule_to_close_timeout: default schedule-to-close timeout, in seconds.
        task_schedule_to_start_timeout: default schedule-to-start timeout, in seconds.
        task_start_to_close_timeout: default start-to-close timeout, in seconds.
        *args: ignored (passed to ``ConnectedSWFObject``).
        **kwargs: ``connection``, ``region`` and credentials (``ConnectedSWFObject``).
    """

    kind = "type"

    __slots__ = [
        "domain",
        "name",
        "version",
        "status",
        "description",
        "creation_date",
        "deprecation_date",
        "task_list",
        "task_heartbeat_timeout",
        "task_schedule_to_close_timeout",
        "task_schedule_to_start_timeout",
        "task_start_to_close_timeout",
    ]

    def __init__(
        self,
        domain: Any,
        name: Any,
        version: Any,
        status: Any = REGISTERED,
        description: Any = None,
        creation_date: Any = 0.0,
        deprecation_date: Any = 0.0,
        task_list: Any = None,
        task_heartbeat_timeout: Any = 0,
        task_schedule_to_close_timeout: Any = 0,
        task_schedule_to_start_timeout: Any = 0,
        task_start_to_close_timeout: Any = 0,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.domain = domain
        self.name = name
        self.version = version
        self.status = status
        self.description = description
        self.creation_date = creation_date
        self.deprecation_date = deprecation_date
        self.task_list = task_list
        self.task_heartbeat_timeout = task_heartbeat_timeout
        self.task_schedule_to_close_timeout = task_schedule_to_close_timeout
        self.task_schedule_to_start_timeout = task_schedule_to_start_timeout
        self.task_start_to_close_timeout = task_start_to_close_timeout

    def _diff(self) -> ModelDiff:
        try:
            description = self.connection.describe_activity_type(
                self.domain.name, self.name, self.version
            )
        except SWFResponseError as err:
            _raise_response_error(err, f"Remote activity type {self!r} does not exist")

        info = description["typeInfo"]
        config = description["configuration"]
        return ModelDiff(
            ("name", self.name, get_subkey(info, ["activityType", "name"])),
            ("version", self.version, get_subkey(info, ["activityType", "version"])),
            ("status", self.status, info.get("status")),
            ("description", self.description, info.get("description")),
            ("creation_date", self.creation_date, info.get("creationDate")),
            ("deprecation_date", self.deprecation_date, info.get("deprecationDate")),
            ("task_list", self.task_list, get_subkey(config, ["defaultTaskList", "name"])),
            (
                "task_heartbeat_timeout",
                self.task_heartbeat_timeout,
                config.get("defaultTaskHeartbeatTimeout"),
            ),
            (
                "task_schedule_to_close_timeout",
                self.task_schedule_to_close_timeout,
                config.get("defaultTaskScheduleToCloseTimeout"),
            ),
            (
                "task_schedule_to_start_timeout",
                self.task_schedule_to_start_timeout,
                config.get("defaultTaskScheduleToStartTimeout"),
            ),
            (
                "task_start_to_close_timeout",
                self.task_start_to_close_timeout,
                config.get("defaultTaskStartToCloseTimeout"),
            ),
        )

    @property
    def exists(self) -> bool:
        """Whether the activity type is registered.

        Raises:
            ResponseError: any other SWF fault, including an unknown domain (0.11.9
                leaked the raw transport error here).
        """
        try:
            self.connection.describe_activity_type(self.domain.name, self.name, self.version)
        except SWFResponseError as err:
            if _is_unknown_activity_type(err):
                return False
            raise ResponseError(err.message) from err
        return True

    def save(self) -> None:
        """Register the activity type; ``None`` defaults are not sent.

        Raises:
            AlreadyExistsError: the type is already registered (simpleflow catches it).
            DoesNotExistError: the domain is unknown, or the type is deprecated.
            SWFResponseError: any other SWF fault, unchanged (``ValidationException`` for a
                name SWF would refuse, checked before the request).
        """
        defaults = {
            key: str(value)
            for key, value in (
                ("task_list", self.task_list),
                ("default_task_heartbeat_timeout", self.task_heartbeat_timeout),
                ("default_task_schedule_to_close_timeout", self.task_schedule_to_close_timeout),
                ("default_task_schedule_to_start_timeout", self.task_schedule_to_start_timeout),
                ("default_task_start_to_close_timeout", self.task_start_to_close_timeout),
            )
            if value is not None
        }
        _check_names(activity_type_name=self.name, activity_type_version=self.version)
        try:
            self.connection.register_activity_type(
                self.domain.name,
                self.name,
                self.version,
                description=self.description,
                **defaults,
            )
        except SWFTypeAlreadyExistsError as err:
            raise AlreadyExistsError(f"{self!r} already exists", err.message) from err
        except SWFResponseError as err:
            if err.error_code in ("UnknownResourceFault", "TypeDeprecatedFault"):
                raise DoesNotExistError(err.message) from err
            raise

    def delete(self) -> None:
        """Deprecate the activity type.

        Raises:
            ActivityTypeDoesNotExist: the type is unknown.
            SWFResponseError: any other SWF fault, unchanged (as in 0.11.9).
        """
        try:
            self.connection.deprecate_activity_type(self.domain.name, self.name, self.version)
        except SWFResponseError as err:
            if _is_unknown_activity_type(err):
                raise ActivityTypeDoesNotExist(extract_resource(err)) from err
            raise

    def upstream(self) -> ActivityType:
        """The activity type as SWF describes it."""
        from swf.querysets.activity import ActivityTypeQuerySet

        return ActivityTypeQuerySet(self.domain, connection=self.connection).get(
            self.name, self.version
        )

    def __repr__(self) -> str:
        return (
            f"<{self.__class__.__name__} domain={getattr(self.domain, 'name', self.domain)} "
            f"name={self.name} version={self.version} status={self.status}>"
        )


@immutable
class ActivityTask(BaseModel):
    """An activity task handed to a worker by a poll.

    Unlike the other models it does not build a connection (it has no ``connection``).

    Args:
        domain: the ``Domain``.
        task_list: the task list the task was polled from.
        task_token: the token to answer SWF with.
        activity_type: the ``ActivityType``.
        workflow_execution: the ``WorkflowExecution`` the task belongs to.
        input: the raw JSON input string, or ``None``.
        activity_id: the activity id in the execution.
        started_event_id: the id of the ``ActivityTaskStarted`` event.
    """

    __slots__ = [
        "domain",
        "task_list",
        "task_token",
        "activity_type",
        "workflow_execution",
        "input",
        "activity_id",
        "started_event_id",
    ]

    def __init__(
        self,
        domain: Any,
        task_list: Any,
        task_token: Any = None,
        activity_type: Any = None,
        workflow_execution: Any = None,
        input: Any = None,
        activity_id: Any = None,
        started_event_id: Any = None,
    ) -> None:
        # No ConnectedSWFObject.__init__: a task needs no connection of its own.
        self.domain = domain
        self.task_list = task_list
        self.task_token = task_token
        self.activity_type = activity_type
        self.workflow_execution = workflow_execution
        self.input = input
        self.activity_id = activity_id
        self.started_event_id = started_event_id

    @classmethod
    def from_poll(cls, domain: Any, task_list: Any, data: dict[str, Any]) -> ActivityTask:
        """Build the task from a ``PollForActivityTask`` response.

        ``input`` stays the raw JSON string.
        """
        return cls(
            domain,
            task_list,
            task_token=data["taskToken"],
            activity_type=ActivityType(
                domain, data["activityType"]["name"], data["activityType"]["version"]
            ),
            workflow_execution=WorkflowExecution(
                domain,
                data["workflowExecution"]["workflowId"],
                data["workflowExecution"]["runId"],
            ),
            input=data.get("input"),
            activity_id=data["activityId"],
            started_event_id=data["startedEventId"],
        )

    def __repr__(self) -> str:
        return (
            f"<{self.__class__.__name__} domain={getattr(self.domain, 'name', self.domain)} "
            f"activity_id={self.activity_id} task_list={self.task_list}>"
        )
