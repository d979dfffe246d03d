"""``server.start``: the local SWF engine in the foreground, ready for other shells."""

from __future__ import annotations

import ipaddress
import logging
import signal
import time
from types import FrameType

import click

from simpleflow._cli.base import cli
from simpleflow.local_server import DEFAULT_HOST, DEFAULT_PORT, LocalServerError, LocalSWFServer
from simpleflow.local_server.s3 import create_bucket

logger = logging.getLogger(__name__)

#: The region and dummy credentials printed for other shells (the engine accepts any).
_REGION = "us-east-1"
_DUMMY_KEY = "local"


class _StopServing(BaseException):
    """SIGINT/SIGTERM: leave the foreground wait."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@cli.command(
    "server.start",
    help="Run a local SWF engine on loopback.\n\n"
    "Run the local SWF engine (moto's SWF server with simpleflow's extensions: child "
    "workflows, signals, cancellation, continue-as-new, timers, long polls, paged histories, "
    "SWF's limits) in the foreground until interrupted. Registers each --domain, then prints "
    "on stdout the lines to paste into other shells (AWS_ENDPOINT_URL_SWF, dummy credentials, "
    "the region; with --s3-bucket, AWS_ENDPOINT_URL_S3 and SIMPLEFLOW_JUMBO_FIELDS_BUCKET). "
    "State is kept in memory. "
    "Needs the 'local' extra (pip install 'simpleflow[local]').",
)
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="TCP port (0 picks a free one).",
)
@click.option(
    "--domain",
    "domains",
    multiple=True,
    metavar="NAME",
    help="Register this domain at start (repeatable).",
)
@click.option(
    "--poll-timeout",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Seconds a poll waits for a task before answering an empty one (SWF: 60).",
)
@click.option(
    "--time-skipping",
    is_flag=True,
    help="Run on a virtual clock that jumps to the next timer or timeout whenever no "
    "decision or activity task is scheduled or running.",
)
@click.option(
    "--s3-bucket",
    "s3_buckets",
    multiple=True,
    metavar="NAME",
    help="Create this S3 bucket at start (repeatable); the first is printed as "
    "SIMPLEFLOW_JUMBO_FIELDS_BUCKET, for values over SWF's limits (jumbo fields).",
)
def start_server(
    host: str,
    port: int,
    domains: tuple[str, ...],
    poll_timeout: float,
    time_skipping: bool,
    s3_buckets: tuple[str, ...] = (),
) -> None:
    if not _is_loopback(host):
        click.echo(
            f"Warning: listening on {host}, not on loopback: anyone who reaches this address "
            "can use the engine (it has no authentication).",
            err=True,
        )
    # start() rather than serve_forever(): the export line must name the bound port
    # (--port 0) and must only be printed once the socket listens.
    server = LocalSWFServer(
        host=host, port=port, poll_timeout=poll_timeout, time_skipping=time_skipping
    )
    try:
        server.start()
        for domain in domains:
            server.register_domain(domain)
        for bucket in s3_buckets:
            create_bucket(server.endpoint_url, bucket)
    except LocalServerError as err:
        server.stop()
        raise click.ClickException(str(err)) from err

    def request_stop(signum: int, frame: FrameType | None) -> None:
        # Raise rather than set a threading.Event: Event.set() from a signal handler can
        # deadlock on the lock the interrupted Event.wait() holds.
        raise _StopServing

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        # The handlers are in place before the lines are printed: a user (or a test) that
        # reads them may stop the server at once.
        logger.info(
            "local SWF engine listening on %s%s%s (Ctrl-C to stop)",
            server.endpoint_url,
            f", domains {', '.join(domains)}" if domains else "",
            ", time skipping" if time_skipping else "",
        )
        click.echo(f"export AWS_ENDPOINT_URL_SWF={server.endpoint_url}")
        click.echo(f"export AWS_ACCESS_KEY_ID={_DUMMY_KEY}")
        click.echo(f"export AWS_SECRET_ACCESS_KEY={_DUMMY_KEY}")
        click.echo(f"export AWS_DEFAULT_REGION={_REGION}")
        if s3_buckets:
            # moto's server answers S3 on the same port (simpleflow.local_server.s3).
            click.echo(f"export AWS_ENDPOINT_URL_S3={server.endpoint_url}")
            click.echo(f"export SIMPLEFLOW_JUMBO_FIELDS_BUCKET={s3_buckets[0]}")
        while True:
            time.sleep(3600)
    except _StopServing:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()
        logger.info("local SWF server stopped")
