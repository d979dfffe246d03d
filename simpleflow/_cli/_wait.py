"""``--progress/--no-progress`` and ``workflow.start --wait``: follow an execution until it
closes, with the live progress of ``simpleflow._progress``.

``workflow.start`` keeps its 0.11.9 callback signature, so its two options do not reach
the callback as parameters: they are kept in the context's ``meta`` and read by
``wait_if_requested``.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from simpleflow._progress import Progress, progress_display

__all__ = [
    "Progress",
    "active_progress",
    "progress_display",
    "progress_option",
    "showing_progress",
    "wait_if_requested",
    "wait_options",
    "will_wait",
]

logger = logging.getLogger(__name__)

_F = TypeVar("_F", bound=Callable[..., Any])

WAIT_PERIOD = 1.0
"""Seconds between two describes of the execution while waiting."""
_MAX_DESCRIBE_ERRORS = 5
_WAIT_KEY = "simpleflow.start.wait"
_PROGRESS_KEY = "simpleflow.start.progress"
_ACTIVE_KEY = "simpleflow.progress"
_PROGRESS_HELP = (
    "Show the progress on stderr: a live line on a terminal (elapsed time, activities "
    "scheduled, running, completed, failed and retried, open children and timers), "
    "else a plain line every few seconds and at the end."
)


def progress_option(func: _F) -> _F:
    """``--progress/--no-progress`` (default on), passed as ``show_progress``."""
    return click.option(
        "--progress/--no-progress", "show_progress", default=True, help=_PROGRESS_HELP
    )(func)


@contextlib.contextmanager
def showing_progress(ctx: click.Context, enabled: bool) -> Iterator[Progress]:
    """Show the progress during the block; ``active_progress(ctx)`` returns it meanwhile.

    Enter it before starting child processes (see ``progress_display``).
    """
    with progress_display(enabled) as progress:
        ctx.meta[_ACTIVE_KEY] = progress
        try:
            yield progress
        finally:
            ctx.meta.pop(_ACTIVE_KEY, None)


def active_progress(ctx: click.Context) -> Progress:
    """The progress shown by ``showing_progress``, or one that shows nothing."""
    progress = ctx.meta.get(_ACTIVE_KEY)
    return progress if isinstance(progress, Progress) else Progress(None)


def _remember(key: str) -> Callable[[click.Context, click.Parameter, Any], None]:
    def store(ctx: click.Context, param: click.Parameter, value: Any) -> None:
        ctx.meta[key] = value

    return store


def wait_options(func: _F) -> _F:
    """``--wait`` and ``--progress/--no-progress`` of ``workflow.start``, kept in
    ``ctx.meta`` (not passed to the callback)."""
    func = click.option(
        "--progress/--no-progress",
        default=True,
        expose_value=False,
        callback=_remember(_PROGRESS_KEY),
        help=f"With --wait: {_PROGRESS_HELP[0].lower()}{_PROGRESS_HELP[1:]}",
    )(func)
    return click.option(
        "--wait",
        is_flag=True,
        default=False,
        expose_value=False,
        callback=_remember(_WAIT_KEY),
        help="Wait until the execution closes, then print its result on stdout (as "
        "standalone does) and exit 0 if it completed, 1 otherwise.",
    )(func)


def will_wait(ctx: click.Context) -> bool:
    """Whether this ``workflow.start`` was given ``--wait``."""
    return bool(ctx.meta.get(_WAIT_KEY))


def wait_if_requested(execution: Any) -> None:
    """With ``--wait``, follow ``execution`` until it closes and exit like ``standalone``."""
    ctx = click.get_current_context(silent=True)
    if ctx is None or not ctx.meta.get(_WAIT_KEY):
        return
    show = bool(ctx.meta.get(_PROGRESS_KEY, True))
    ctx.meta[_WAIT_KEY] = False  # a nested invocation must not wait again
    ctx.exit(wait_and_report(ctx, execution, show))


def wait_and_report(ctx: click.Context, execution: Any, show_progress: bool) -> int:
    """Wait for ``execution`` to close (progress on stderr); print the outcome as
    ``standalone`` does; return the exit status (0 if it completed).

    Ctrl-C leaves the execution open and exits 130.
    """
    from simpleflow._cli.standalone import _report

    label = f"execution {execution.workflow_id} {execution.run_id}"
    try:
        with progress_display(show_progress) as progress:
            progress.watch(execution)
            closed = _wait_until_closed(execution)
            progress.finish()
    except KeyboardInterrupt:
        click.echo(f"interrupted: {label} is left open on SWF", err=True)
        return 130
    return int(_report(ctx, execution, closed))


def _wait_until_closed(execution: Any) -> Any:
    from simpleflow.swf.helpers import get_workflow_execution
    from swf.exceptions import ResponseError

    domain = execution.domain.name
    errors = 0
    while True:
        try:
            described = get_workflow_execution(domain, execution.workflow_id, execution.run_id)
            errors = 0
        except (ResponseError, ConnectionError) as err:
            errors += 1
            if errors >= _MAX_DESCRIBE_ERRORS:
                raise
            logger.warning("cannot describe execution %s: %s", execution.workflow_id, err)
        else:
            if described.status == described.STATUS_CLOSED:
                return described
        time.sleep(WAIT_PERIOD)
