"""Queryset of SWF domains."""

from __future__ import annotations

from typing import Any

from swf.constants import REGISTERED
from swf.exceptions import (
    DoesNotExistError,
    InvalidCredentialsError,
    ResponseError,
    SWFResponseError,
)
from swf.models.domain import Domain
from swf.querysets.base import BaseQuerySet, _pages

__all__ = ["DomainQuerySet"]


class DomainQuerySet(BaseQuerySet):
    """Fetch, list and register SWF domains.

    Args:
        *args: ignored.
        **kwargs: ``connection``, ``region`` and credentials (``ConnectedSWFObject``).
    """

    def get(self, name: str, *args: Any, **kwargs: Any) -> Domain:
        """Fetch the domain ``name``.

        Raises:
            DoesNotExistError: no such domain.
            InvalidCredentialsError: SWF rejected the credentials.
            ResponseError: any other SWF fault.
        """
        try:
            response = self.connection.describe_domain(name)
        except SWFResponseError as err:
            if err.error_code == "UnknownResourceFault":
                raise DoesNotExistError(f"No such domain: {name}") from err
            if err.error_code == "UnrecognizedClientException":
                raise InvalidCredentialsError(
                    "SWF rejected the AWS credentials: check AWS_ACCESS_KEY_ID and "
                    "AWS_SECRET_ACCESS_KEY (or ~/.swf)",
                    err.message,
                ) from err
            raise ResponseError(err.message) from err

        info = response["domainInfo"]
        return Domain(
            info["name"],
            status=info["status"],
            description=info.get("description"),
            retention_period=response["configuration"]["workflowExecutionRetentionPeriodInDays"],
            connection=self.connection,
        )

    def get_or_create(
        self,
        name: str,
        status: str = REGISTERED,
        description: str | None = None,
        retention_period: Any = 30,
        *args: Any,
        **kwargs: Any,
    ) -> Domain:
        """Fetch the domain ``name``, registering it when it does not exist."""
        try:
            return self.get(name)
        except DoesNotExistError:
            return self.create(name, status, description, retention_period)

    def all(self, registration_status: str = REGISTERED, *args: Any, **kwargs: Any) -> list[Domain]:
        """Every domain with the given registration status (all pages)."""
        return [
            Domain(
                info["name"], info["status"], info.get("description"), connection=self.connection
            )
            for page in _pages(self.connection.list_domains, registration_status)
            for info in page.get("domainInfos", [])
        ]

    def create(
        self,
        name: str,
        status: str = REGISTERED,
        description: str | None = None,
        retention_period: Any = 30,
        *args: Any,
        **kwargs: Any,
    ) -> Domain:
        """Register a domain and return it.

        Raises:
            AlreadyExistsError: the domain is already registered.
        """
        domain = Domain(
            name,
            status=status,
            description=description,
            retention_period=retention_period,
            connection=self.connection,
        )
        domain.save()
        return domain
