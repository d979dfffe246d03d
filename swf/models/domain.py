"""The SWF domain model."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from swf.constants import REGISTERED
from swf.exceptions import (
    AlreadyExistsError,
    DoesNotExistError,
    ResponseError,
    SWFDomainAlreadyExistsError,
    SWFResponseError,
    extract_resource,
    is_unknown,
)
from swf.models._names import _check_names
from swf.models.base import BaseModel, ModelDiff, _raise_response_error
from swf.utils import immutable

if TYPE_CHECKING:
    from swf.models.activity import ActivityType
    from swf.models.workflow import WorkflowType

__all__ = ["Domain", "DomainDoesNotExist"]

logger = logging.getLogger(__name__)

_is_unknown_domain = is_unknown("domain")


class DomainDoesNotExist(DoesNotExistError):
    """The SWF domain does not exist (or is deprecated)."""


@immutable
class Domain(BaseModel):
    """An SWF domain.

    Building a ``Domain`` makes no network call; ``save`` registers it.

    Args:
        name: the domain name.
        status: ``REGISTERED`` or ``DEPRECATED``.
        description: free text, optional.
        retention_period: days SWF keeps closed executions' histories.
        *args: ignored (passed to ``ConnectedSWFObject``).
        **kwargs: ``connection``, ``region`` and credentials (``ConnectedSWFObject``).
    """

    __slots__ = ["name", "status", "description", "retention_period"]

    def __init__(
        self,
        name: Any,
        status: Any = REGISTERED,
        description: Any = None,
        retention_period: Any = 30,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.name = name
        self.status = status
        self.description = description
        self.retention_period = retention_period

    @classmethod
    def check(cls, domain: Any) -> None:
        """Raise ``TypeError`` unless ``domain`` is a ``Domain`` with a ``str`` name."""
        if not isinstance(domain, cls) or not isinstance(domain.name, str):
            raise TypeError(f"invalid type {type(domain)} for domain")

    def _diff(self) -> ModelDiff:
        try:
            description = self.connection.describe_domain(self.name)
        except SWFResponseError as err:
            _raise_response_error(err, f"Remote domain {self.name!r} does not exist")

        info = description["domainInfo"]
        configuration = description["configuration"]
        return ModelDiff(
            ("name", self.name, info["name"]),
            ("status", self.status, info["status"]),
            ("description", self.description, info.get("description")),
            (
                "retention_period",
                self.retention_period,
                configuration["workflowExecutionRetentionPeriodInDays"],
            ),
        )

    @property
    def exists(self) -> bool:
        """Whether the domain is registered in SWF.

        Raises:
            ResponseError: SWF answered with an error other than "unknown domain".
        """
        try:
            self.connection.describe_domain(self.name)
        except SWFResponseError as err:
            if _is_unknown_domain(err):
                return False
            raise ResponseError(err.message) from err
        return True

    def save(self) -> None:
        """Register the domain.

        Raises:
            AlreadyExistsError: a domain with this name is already registered.
            SWFResponseError: any other SWF fault (including an invalid name), unchanged.
        """
        _check_names(domain_name=self.name)
        retention: Any = None if self.retention_period is None else str(self.retention_period)
        try:
            self.connection.register_domain(self.name, retention, self.description)
        except SWFDomainAlreadyExistsError as err:
            raise AlreadyExistsError(f"Domain {self.name!r} already exists", err.message) from err

    def delete(self) -> None:
        """Deprecate the domain.

        Raises:
            DomainDoesNotExist: the domain is unknown (or already deprecated).
            ResponseError: any other SWF fault.
        """
        try:
            self.connection.deprecate_domain(self.name)
        except SWFResponseError as err:
            if _is_unknown_domain(err):
                raise DomainDoesNotExist(extract_resource(err)) from err
            raise ResponseError(err.message) from err

    def upstream(self) -> Domain:
        """The domain as SWF describes it."""
        from swf.querysets.domain import DomainQuerySet

        return DomainQuerySet(connection=self.connection).get(self.name)

    def workflows(self, status: str = REGISTERED) -> list[WorkflowType]:
        """The workflow types of this domain with the registration ``status``."""
        from swf.querysets.workflow import WorkflowTypeQuerySet

        return WorkflowTypeQuerySet(self).all(registration_status=status)

    def activities(self, status: str = REGISTERED) -> list[ActivityType]:
        """The activity types of this domain with the registration ``status``."""
        from swf.querysets.activity import ActivityTypeQuerySet

        return ActivityTypeQuerySet(self).all(registration_status=status)

    @property
    def executions(self) -> None:
        """Placeholder kept from 0.11.9; always ``None``."""
        return None

    def __repr__(self) -> str:
        return f"<{self.__class__.__name__} name={self.name} status={self.status}>"
