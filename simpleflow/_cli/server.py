"""``server.start``: a local SWF endpoint (moto's SWF server) in the foreground."""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType

import click

from simpleflow._cli.base import cli
from simpleflow.local_server import DEFAULT_HOST, DEFAULT_PORT, LocalServerError, LocalSWFServer

logger = logging.getLogger(__name__)


@cli.command(
    "server.start",
    help="Run a local SWF server on loopback.\n\n"
    "Run a local SWF endpoint (moto's SWF server, with simpleflow's compatibility fix "
    "that makes ids of closed activities reusable, so retries work) in the foreground until "
    "interrupted. Prints on stdout the 'export AWS_ENDPOINT_URL_SWF=...' line to use in other "
    "shells. The server starts empty and keeps its state in memory: register a domain first "
    "(e.g. aws swf register-domain --endpoint-url URL --name NAME "
    "--workflow-execution-retention-period-in-days 1). "
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
def start_server(host: str, port: int) -> None:
    # start() rather than serve_forever(): the export line must name the bound port
    # (--port 0) and must only be printed once the socket listens.
    server = LocalSWFServer(host=host, port=port)
    try:
        server.start()
    except LocalServerError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"export AWS_ENDPOINT_URL_SWF={server.endpoint_url}")
    logger.info("local SWF server listening on %s (Ctrl-C to stop)", server.endpoint_url)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(timeout=1.0):
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.stop()
        logger.info("local SWF server stopped")
