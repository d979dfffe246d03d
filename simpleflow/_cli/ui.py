"""``simpleflow ui``: serve the read-only web view."""

from __future__ import annotations

import logging

import click

from simpleflow._cli.base import cli

__all__ = ["ui"]

logger = logging.getLogger(__name__)


@cli.command("ui")
@click.option("--domain", "-d", envvar="SWF_DOMAIN", help="Open this domain's executions first.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
def ui(domain: str | None, host: str, port: int) -> None:
    """Serve a read-only web view of SWF: domains, executions, tasks, timelines.

    \b
    Pages: the domains; a domain's executions (open or closed, filtered by status,
    workflow id, type, tag and start time, one page of 50 at a time); an execution
    (summary, timeline, tasks table, raw history, links to its parent and children),
    refreshed every 5 s while it is open. It reads through the same SWF client as the
    other commands (AWS, or the local engine with AWS_ENDPOINT_URL_SWF) and has no write
    action. Needs the 'ui' extra (Flask). Stop it with Ctrl-C.
    """
    from simpleflow.ui import LOOPBACK_HOSTS, MissingDependency, make_server

    if host not in LOOPBACK_HOSTS:
        click.echo(
            f"Warning: serving on {host}, not only on this machine: anyone who can reach it "
            "can read your executions (there is no authentication).",
            err=True,
        )
    try:
        server = make_server(host, port, domain)
    except MissingDependency as err:
        raise click.ClickException(str(err)) from err
    except OSError as err:
        raise click.ClickException(
            f"cannot listen on {host}:{port}: {err.strerror or err}"
        ) from err
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"simpleflow ui: serving on http://{shown}:{server.server_port}/ (Ctrl-C stops)", err=True
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("simpleflow ui: stopped", err=True)
    finally:
        server.server_close()
