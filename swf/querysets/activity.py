"""Queryset of SWF activity types."""

from __future__ import annotations

from typing import Any

from swf.constants import REGISTERED
from swf.exceptions import DoesNotExistError, SWFResponseError
from swf.models.activity import ActivityType
from swf.models.domain import Domain
from swf.querysets.base import _DomainQuerySet, _pages, _raise_describe_error
from swf.utils import get_subkey

__all__ = ["ActivityTypeQuerySet"]

# (model attribute, key of the DescribeActivityType configuration)
_CONFIGURATION_KEYS = (
    ("task_list", ("defaultTaskList", "name")),
    ("task_heartbeat_timeout", ("defaultTaskHeartbeatTimeout",)),
    ("task_schedule_to_close_timeout", ("defaultTaskScheduleToCloseTimeout",)),
    ("task_schedule_to_start_timeout", ("defaultTaskScheduleToStartTimeout",)),
    ("task_start_to_close_timeout", ("defaultTaskStartToCloseTimeout",)),
)


class ActivityTypeQuerySet(_DomainQuerySet):
    """Fetch, list and register the activity types of a domain.

    Args:
        domain: the ``Domain``.
        *args: ignored.
        **kwargs: ``connection``, ``region`` and credentials (``ConnectedSWFObject``).

    Raises:
        TypeError: ``domain`` is not a ``Domain``.
    """

    def __init__(self, domain: Domain, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.domain = domain

    def to_ActivityType(
        self, domain: Domain, type_info: dict[str, Any], **kwargs: Any
    ) -> ActivityType:
        """Build an ``ActivityType`` from a ``typeInfo`` dict of SWF."""
        kwargs.setdefault("connection", self.connection)
        return ActivityType(
            domain,
            type_info["activityType"]["name"],
            type_info["activityType"]["version"],
            status=type_info.get("status"),
            description=type_info.get("description"),
            creation_date=type_info.get("creationDate"),
            deprecation_date=type_info.get("deprecationDate"),
            **kwargs,
        )

    def _list(self, *args: Any, **kwargs: Any) -> list[dict[str, Any]]:
        """One page of ``list_activity_types``: the ``typeInfos``."""
        return self.connection.list_activity_types(*args, **kwargs)[self._infos_plural]

    def get(self, name: str, version: str, *args: Any, **kwargs: Any) -> ActivityType:
        """Fetch an activity type.

        Args:
            name: the type name.
            version: the type version.
            *args: ignored.
            **kwargs: ``task_list`` and the four ``task_*_timeout`` values; a non-``None``
                value wins over the remote default.

        Raises:
            DoesNotExistError: the type (or the domain) is unknown.
            ResponseError: any other SWF fault.
        """
        try:
            response = self.connection.describe_activity_type(self.domain.name, name, version)
        except SWFResponseError as err:
            _raise_describe_error(err)

        config = response["configuration"]
        values = {
            attr: kwargs[attr] if kwargs.get(attr) is not None else get_subkey(config, list(path))
            for attr, path in _CONFIGURATION_KEYS
        }
        return self.to_ActivityType(self.domain, response[self._infos], **values)

    def get_or_create(
        self,
        name: str,
        version: str,
        status: str = REGISTERED,
        description: str | None = None,
        creation_date: Any = 0.0,
        deprecation_date: Any = 0.0,
        task_list: Any = None,
        task_heartbeat_timeout: Any = 0,
        task_schedule_to_close_timeout: Any = 0,
        task_schedule_to_start_timeout: Any = 0,
        task_start_to_close_timeout: Any = 0,
        *args: Any,
        **kwargs: Any,
    ) -> ActivityType:
        """Fetch an activity type, registering it when it does not exist.

        As in 0.11.9, the local defaults (``0`` timeouts) win over the remote values.
        """
        try:
            return self.get(
                name,
                version,
                *args,
                task_list=task_list,
                task_heartbeat_timeout=task_heartbeat_timeout,
                task_schedule_to_close_timeout=task_schedule_to_close_timeout,
                task_schedule_to_start_timeout=task_schedule_to_start_timeout,
                task_start_to_close_timeout=task_start_to_close_timeout,
                **kwargs,
            )
        except DoesNotExistError:
            return self.create(
                name,
                version,
                status,
                description,
                creation_date,
                deprecation_date,
                task_list,
                task_heartbeat_timeout,
                task_schedule_to_close_timeout,
                task_schedule_to_start_timeout,
                task_start_to_close_timeout,
            )

    def filter(
        self,
        domain: Domain | None = None,
        registration_status: str = REGISTERED,
        name: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> list[ActivityType]:
        """The activity types of one page of results, optionally of one ``name``."""
        domain = domain or self.domain
        return [
            self.to_ActivityType(domain, info)
            for info in self._list(domain.name, registration_status, name=name)
        ]

    def all(
        self, registration_status: str = REGISTERED, *args: Any, **kwargs: Any
    ) -> list[ActivityType]:
        """Every activity type of the domain with this registration status (all pages)."""
        return [
            self.to_ActivityType(self.domain, info)
            for page in _pages(
                self.connection.list_activity_types, self.domain.name, registration_status
            )
            for info in page.get(self._infos_plural, [])
        ]

    def create(
        self,
        name: str,
        version: str,
        status: str = REGISTERED,
        description: str | None = None,
        creation_date: Any = 0.0,
        deprecation_date: Any = 0.0,
        task_list: Any = None,
        task_heartbeat_timeout: Any = 0,
        task_schedule_to_close_timeout: Any = 0,
        task_schedule_to_start_timeout: Any = 0,
        task_start_to_close_timeout: Any = 0,
        *args: Any,
        **kwargs: Any,
    ) -> ActivityType:
        """Register an activity type and return it.

        Raises:
            AlreadyExistsError: the type is already registered.
        """
        activity_type = ActivityType(
            self.domain,
            name,
            version,
            status=status,
            description=description,
            creation_date=creation_date,
            deprecation_date=deprecation_date,
            task_list=task_list,
            task_heartbeat_timeout=task_heartbeat_timeout,
            task_schedule_to_close_timeout=task_schedule_to_close_timeout,
            task_schedule_to_start_timeout=task_schedule_to_start_timeout,
            task_start_to_close_timeout=task_start_to_close_timeout,
            connection=self.connection,
        )
        activity_type.save()
        return activity_type
