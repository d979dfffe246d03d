"""``domain.register`` and ``domain.list``: SWF domains without a Python one-liner."""

from __future__ import annotations

import logging
from typing import Any

import click

from simpleflow._cli.base import cli, with_format

logger = logging.getLogger(__name__)

__all__ = ["list_domains", "register_domain"]

#: SWF's bounds on a domain's retention period (days).
_MIN_RETENTION, _MAX_RETENTION = 0, 90
_DESCRIPTION_MAX_LENGTH = 1024


@cli.command(
    "domain.register",
    help="Register an SWF domain.\n\n"
    "Register the domain NAME (on AWS, or on the endpoint of AWS_ENDPOINT_URL_SWF such as a "
    "local server). Prints nothing on success; fails if the domain already exists.",
)
@click.argument("name")
@click.option(
    "--retention-days",
    type=click.IntRange(_MIN_RETENTION, _MAX_RETENTION),
    default=1,
    show_default=True,
    help="Days SWF keeps the history of closed executions.",
)
@click.option("--description", default=None, help="Free text shown by domain.list.")
def register_domain(name: str, retention_days: int, description: str | None) -> None:
    from swf.exceptions import AlreadyExistsError
    from swf.models import Domain

    if description is not None and len(description) > _DESCRIPTION_MAX_LENGTH:
        raise click.BadParameter(
            f"at most {_DESCRIPTION_MAX_LENGTH} characters (SWF limit)",
            param_hint="'--description'",
        )
    domain = Domain(name, retention_period=retention_days, description=description)
    try:
        domain.save()
    except AlreadyExistsError:
        raise click.ClickException(f"domain '{name}' already exists") from None
    logger.info("registered domain %s (retention %d days)", name, retention_days)


def _domain_table(status: str) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    from swf.querysets.domain import DomainQuerySet

    domains = DomainQuerySet().all(registration_status=status)
    header = ("Domain", "Status", "Description")
    rows = [(domain.name, domain.status, domain.description) for domain in domains]
    return header, sorted(rows, key=lambda row: str(row[0]))


@cli.command(
    "domain.list",
    help="List the SWF domains.\n\nOne row per domain, sorted by name: name, status and "
    "description.",
)
@click.option(
    "--status",
    "-s",
    type=click.Choice(["registered", "deprecated"], case_sensitive=False),
    default="registered",
    show_default=True,
    help="Registration status of the domains listed.",
)
@click.pass_context
def list_domains(ctx: click.Context, status: str) -> None:
    text = with_format(ctx)(_domain_table)(status.upper())
    if text:
        click.echo(text, nl=not text.endswith(("\n", "\r")))
