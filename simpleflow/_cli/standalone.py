"""``standalone``: decider + worker + start + wait, on a private task list."""

from __future__ import annotations

import contextlib
import json
import logging
import multiprocessing
import multiprocessing.connection
import os
import re
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import IO, TYPE_CHECKING, Any

import click

from simpleflow._cli import _output
from simpleflow._cli._wait import active_progress, progress_option, showing_progress
from simpleflow._cli.base import (
    check_run_arguments,
    cli,
    get_or_load_input,
    get_task_list,
    get_workflow,
    transform_input,
)
from simpleflow._cli.processes import check_domain_exists
from simpleflow.swf.process._tree import (
    ProcessTrees,
    current_children_pids,
    enable_child_subreaper,
)

if TYPE_CHECKING:
    from simpleflow.history import History
    from swf.models import WorkflowExecution

logger = logging.getLogger(__name__)

STATUS_PERIOD = 0.5
"""Seconds between two describes of the running execution (the command exits that soon
after the close)."""
DISPLAY_PERIOD = 2.0
"""Seconds between two status lines of ``--display-status``."""
SHUTDOWN_GRACE = 10.0
"""Seconds allowed for the graceful stop of the processes before SIGKILL."""

_MAX_DESCRIBE_ERRORS = 5
_EXIT_STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143}
_DUMMY_AWS_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
_LOCAL_DOMAIN_RETENTION_DAYS = 1

_HELP = """Run one execution end to end.

Run one execution of WORKFLOW end to end from a single command.

\b
Starts a decider and an activity worker (as child processes) bound to a fresh
private task list (<workflow id>-<32 hex digits>), starts the execution, waits
for it to close, then stops every process it started (SIGTERM, then SIGKILL
after a grace period). Every activity is scheduled on the private task list.

\b
Output: stdout gets the '<workflow_id> <run_id>' line when the execution
starts and, if it closes as COMPLETED, the execution result (the JSON 'result'
of its WorkflowExecutionCompleted event) on a second line. Progress, logs, the
close status (with the failure reason) and whatever the workflow and its
activities print go to stderr.

\b
With "simpleflow --format json standalone ...", stdout gets one object instead:
workflow_id, run_id, status (the close status), result (decoded JSON), reason.

\b
Exit status: 0 if the execution closed as COMPLETED, 1 if it closed with
another status (or a process died first), 2 for usage errors, 130/143 when
interrupted by SIGINT/SIGTERM (the execution is then left open on SWF, or
discarded with the server under --local-server).

\b
--local-server runs moto's SWF server in-process on a free loopback port for
the duration of the command (needs the 'local' extra), points the children at
it and registers the domain there. The server starts empty and disappears
with the command. moto does not guard against concurrent polls: prefer
--nb-workers 1 there.

\b
Limitation: child workflows are scheduled on the child class's own task list,
which the standalone decider does not poll, so a workflow waiting for a child
never progresses unless another decider serves that list (and moto's server
does not implement child workflows at all: give such workflows a short
--execution-timeout there).
"""


class _Interrupted(BaseException):
    """SIGINT/SIGTERM received by the main process (a BaseException, like KeyboardInterrupt,
    so that no error converter turns it into an ordinary failure)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass(frozen=True, slots=True)
class _RunSpec:
    workflow: str
    domain: str
    workflow_id: str
    task_list: str
    execution_timeout: str | None
    decision_tasks_timeout: str | None
    tags: str | None
    input: dict[str, Any]
    nb_workers: int | None
    heartbeat: int
    display_status: bool
    repair_with: History | None
    force_activities: str | None
    local_server: bool = False


def _run_decider(spec: _RunSpec) -> None:
    _prepare_child()
    from simpleflow.swf.process.decider import command

    command.start(
        [spec.workflow],
        spec.domain,
        spec.task_list,
        nb_processes=1,
        repair_with=spec.repair_with,
        force_activities=spec.force_activities,
        is_standalone=True,
    )


def _run_worker(spec: _RunSpec) -> None:
    _prepare_child()
    from simpleflow.swf.process.worker import command

    command.start(
        spec.workflow,
        spec.domain,
        spec.task_list,
        nb_processes=spec.nb_workers,
        heartbeat=spec.heartbeat,
    )


def _prepare_child() -> None:
    # The supervisors install their own handlers; until then the main process's
    # handlers (inherited through fork) must not run in them.
    for signum in _EXIT_STATUS:
        signal.signal(signum, signal.SIG_DFL)
    # stdout belongs to the command's results: what workflows and activities print
    # (in these processes and the ones they fork) goes to stderr instead.
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())


class _SignalGuard:
    """SIGINT/SIGTERM handling of the main process.

    While armed, the first signal raises :class:`_Interrupted` in the main thread.
    Once disarmed (shutdown in progress), signals only ask the shutdown to hurry:
    skip the rest of the grace period and kill at once.
    """

    def __init__(self) -> None:
        self.armed = True
        self.hurried = False
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.armed:
            self.armed = False
            raise _Interrupted(signum)
        self.hurried = True
        logger.warning("%s received during shutdown: killing the processes now", signum)

    def hurry(self) -> bool:
        return self.hurried

    def __enter__(self) -> _SignalGuard:
        self._previous = {signum: signal.signal(signum, self._handle) for signum in _EXIT_STATUS}
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)


def _read_input(input_text: str | None, input_file: IO[str] | None) -> dict[str, Any] | None:
    """The explicit input (file wins over text), or None; stdin is never read."""
    if input_file is not None:
        return dict(get_or_load_input(input_file, None))
    if input_text is None:
        return None
    if not input_text.strip():
        return {}  # get_input would read stdin for an empty text
    return dict(get_or_load_input(None, input_text))


def _parse_repair(value: str) -> tuple[str, str | None]:
    parts = value.split()
    if len(parts) == 1:
        return parts[0], None
    if len(parts) == 2:
        return parts[0], parts[1]
    raise click.BadParameter(
        f"{value!r}: expected a workflow id, or '<workflow_id> <run_id>'", param_hint="'--repair'"
    )


def _load_repair_history(domain: str, value: str) -> History:
    from simpleflow.swf.utils import get_workflow_history

    workflow_id, run_id = _parse_repair(value)
    logger.info(
        "repairing execution %s%s of domain %s",
        workflow_id,
        f" {run_id}" if run_id else "",
        domain,
    )
    history = get_workflow_history(domain, workflow_id, run_id)
    history.parse()
    return history


@contextlib.contextmanager
def _local_server(domain: str) -> Iterator[str]:
    """Run a local SWF server for the duration of the block; yield its URL."""
    from simpleflow.local_server import LocalServerError, LocalSWFServer

    server = LocalSWFServer(port=0)
    try:
        server.start()
    except LocalServerError as err:
        raise click.ClickException(str(err)) from err
    names = ("AWS_ENDPOINT_URL_SWF", "AWS_DEFAULT_REGION", *_DUMMY_AWS_ENV, *_JUMBO_ENV)
    saved = {name: os.environ.get(name) for name in names}
    try:
        os.environ["AWS_ENDPOINT_URL_SWF"] = server.endpoint_url
        if not os.environ.get("AWS_DEFAULT_REGION") and not os.environ.get("AWS_REGION"):
            os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
        if not os.environ.get("AWS_ACCESS_KEY_ID") and not os.environ.get("AWS_PROFILE"):
            os.environ.update(_DUMMY_AWS_ENV)  # moto accepts any credentials
        logger.info("local SWF server listening on %s", server.endpoint_url)
        _ensure_domain(domain)
        _ensure_jumbo_bucket(server.endpoint_url)
        yield server.endpoint_url
    finally:
        server.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


#: The bucket of jumbo fields made on the local server (features §11).
LOCAL_JUMBO_BUCKET = "simpleflow-jumbo-fields"
_JUMBO_ENV = ("AWS_ENDPOINT_URL_S3", "SIMPLEFLOW_JUMBO_FIELDS_BUCKET")


def _ensure_jumbo_bucket(endpoint_url: str) -> None:
    """Store large values on the local server's S3, unless the user chose a bucket."""
    if os.environ.get("SIMPLEFLOW_JUMBO_FIELDS_BUCKET"):
        return
    from simpleflow.local_server import LocalServerError
    from simpleflow.local_server.s3 import create_bucket

    try:
        create_bucket(endpoint_url, LOCAL_JUMBO_BUCKET)
    except LocalServerError as err:
        raise click.ClickException(str(err)) from err
    os.environ["AWS_ENDPOINT_URL_S3"] = endpoint_url
    os.environ["SIMPLEFLOW_JUMBO_FIELDS_BUCKET"] = LOCAL_JUMBO_BUCKET
    logger.info("values over SWF's limits go to the local S3 bucket %s", LOCAL_JUMBO_BUCKET)


def _ensure_domain(name: str) -> None:
    from swf.exceptions import AlreadyExistsError
    from swf.models import Domain

    domain = Domain(name, retention_period=_LOCAL_DOMAIN_RETENTION_DAYS)
    if domain.exists:
        return
    try:
        domain.save()
    except AlreadyExistsError:
        return
    logger.info("registered domain %s on the local SWF server", name)


def _describe(spec: _RunSpec, execution: WorkflowExecution) -> WorkflowExecution:
    from simpleflow.swf.helpers import get_workflow_execution

    return get_workflow_execution(spec.domain, execution.workflow_id, execution.run_id)


def _wait_until_closed(
    spec: _RunSpec, execution: WorkflowExecution, supervisors: dict[str, BaseProcess]
) -> WorkflowExecution:
    """Describe the execution every STATUS_PERIOD seconds until it is closed.

    Raises:
        click.ClickException: a supervisor exited before the execution closed.
    """
    from swf.exceptions import ResponseError

    errors = 0
    shown: float | None = None
    while True:
        try:
            described = _describe(spec, execution)
            errors = 0
        except (ResponseError, ConnectionError) as err:
            errors += 1
            if errors >= _MAX_DESCRIBE_ERRORS:
                raise
            logger.warning("cannot describe execution %s: %s", execution.workflow_id, err)
        else:
            now = time.monotonic()
            if spec.display_status and (shown is None or now - shown >= DISPLAY_PERIOD):
                shown = now
                click.echo(f"status: {described.status}", err=True)
            if described.status == described.STATUS_CLOSED:
                click.echo(f"execution {execution.workflow_id} finished", err=True)
                return described
        for name, process in supervisors.items():
            if not process.is_alive():
                raise click.ClickException(
                    f"the {name} process exited (exit code {process.exitcode}) before "
                    f"execution {execution.workflow_id} {execution.run_id} closed"
                )
        multiprocessing.connection.wait(
            [process.sentinel for process in supervisors.values()], timeout=STATUS_PERIOD
        )


def _follow_continued_runs(
    spec: _RunSpec,
    execution: WorkflowExecution,
    closed: WorkflowExecution,
    supervisors: dict[str, BaseProcess],
) -> tuple[WorkflowExecution, WorkflowExecution]:
    """An execution continued as new goes on in a new run of the same workflow id: wait
    for the last run (features §7)."""
    from types import SimpleNamespace

    while closed.close_status == closed.CLOSE_STATUS_CONTINUED_AS_NEW:
        new_run = getattr(_closing_event(closed), "new_execution_run_id", None)
        if not new_run:
            break
        click.echo(f"execution {execution.workflow_id} continued as new run {new_run}", err=True)
        next_run: Any = SimpleNamespace(workflow_id=execution.workflow_id, run_id=new_run)
        execution = _describe(spec, next_run)
        closed = _wait_until_closed(spec, execution, supervisors)
    return execution, closed


_CLOSE_EVENTS = frozenset(
    f"WorkflowExecution{state}"
    for state in ("Completed", "Failed", "TimedOut", "Terminated", "Canceled", "ContinuedAsNew")
)


def _closing_event(execution: WorkflowExecution) -> Any:
    """The event that closed the execution (its result, reason...), or None."""
    from simpleflow import format as _format
    from simpleflow.swf._execution_rows import closing_event

    event = closing_event(execution, _CLOSE_EVENTS)
    if event is None:  # not closed after all, or a backend without reverse order
        event = next(
            (e for e in reversed(list(execution.history())) if e.name in _CLOSE_EVENTS), None
        )
    if event is not None:
        _format.resolve_events([event])  # a result or reason stored on S3 is shown
    return event


def _report(ctx: click.Context, execution: WorkflowExecution, closed: WorkflowExecution) -> int:
    """Print the outcome; return the exit status."""
    close_status = closed.close_status
    label = f"execution {execution.workflow_id} {execution.run_id}"
    event = _closing_event(execution)
    completed = close_status == closed.CLOSE_STATUS_COMPLETED
    result = getattr(event, "result", None) if completed else None
    reason = (
        None
        if completed
        else (getattr(event, "reason", None) or getattr(event, "timeout_type", None))
    )
    click.echo(f"{label} closed as {close_status}{f': {reason}' if reason else ''}", err=True)
    if _output.is_json(ctx):
        outcome = {
            "workflow_id": execution.workflow_id,
            "run_id": execution.run_id,
            "status": close_status,
            "result": result,
            "reason": reason,
        }
        _output.echo_object(ctx, outcome)
    elif completed:
        click.echo("null" if result is None else result)
    return 0 if completed else 1


def _start_execution(ctx: click.Context, spec: _RunSpec) -> WorkflowExecution:
    from simpleflow._cli.start import QUIET_START, start_workflow

    click.echo(f"starting workflow {spec.workflow}", err=True)
    if _output.is_json(ctx):
        ctx.meta[QUIET_START] = True  # the ids are printed with the outcome, in one object
    execution: WorkflowExecution = ctx.invoke(
        start_workflow,
        workflow=spec.workflow,
        domain=spec.domain,
        workflow_id=spec.workflow_id,
        task_list=spec.task_list,
        execution_timeout=spec.execution_timeout,
        tags=spec.tags,
        decision_tasks_timeout=spec.decision_tasks_timeout,
        input=json.dumps(spec.input),
        input_file=None,
        local=False,
    )
    return execution


def _run(ctx: click.Context, spec: _RunSpec) -> int:
    foreign = current_children_pids()
    enable_child_subreaper()
    fork = multiprocessing.get_context("fork")
    sys.stdout.flush()  # else the children would inherit (and print again) pending output
    sys.stderr.flush()
    supervisors: dict[str, BaseProcess] = {
        "decider": fork.Process(target=_run_decider, args=(spec,), name="standalone-decider"),
        "worker": fork.Process(target=_run_worker, args=(spec,), name="standalone-worker"),
    }
    execution: WorkflowExecution | None = None
    with _SignalGuard() as guard:
        try:
            for process in supervisors.values():
                process.start()
            logger.info(
                "decider pid %s, worker pid %s",
                supervisors["decider"].pid,
                supervisors["worker"].pid,
            )
            execution = _start_execution(ctx, spec)
            progress = active_progress(ctx)
            progress.watch(execution)
            closed = _wait_until_closed(spec, execution, supervisors)
            execution, closed = _follow_continued_runs(spec, execution, closed, supervisors)
            progress.finish()
            guard.armed = False
        except _Interrupted as interrupted:
            name = signal.Signals(interrupted.signum).name
            click.echo(
                f"interrupted by {name}: stopping the decider and the worker (at most "
                f"{SHUTDOWN_GRACE:.0f} s; interrupt again to kill them at once)",
                err=True,
            )
            _shutdown(supervisors, foreign, guard)
            click.echo(_interrupted_outcome(spec, execution), err=True)
            return _EXIT_STATUS[signal.Signals(interrupted.signum)]
        except BaseException:
            guard.armed = False
            _shutdown(supervisors, foreign, guard)
            raise
        _shutdown(supervisors, foreign, guard)
    return _report(ctx, execution, closed)


def _interrupted_outcome(spec: _RunSpec, execution: WorkflowExecution | None) -> str:
    """What became of the execution after an interruption (printed on stderr)."""
    if execution is None:
        return "stopped before the execution was started"
    label = f"execution {execution.workflow_id} {execution.run_id}"
    if spec.local_server:
        return f"stopped; {label} is discarded with the local server"
    return (
        f"stopped; {label} is left open on SWF (terminate it with: simpleflow "
        f"workflow.terminate {spec.domain} {execution.workflow_id} {execution.run_id})"
    )


def _shutdown(supervisors: dict[str, BaseProcess], foreign: set[int], guard: _SignalGuard) -> None:
    guard.armed = False
    started = [process for process in supervisors.values() if process.pid is not None]
    if not started:
        return
    begin = time.monotonic()
    trees = ProcessTrees(started, foreign)
    survivors = trees.terminate(SHUTDOWN_GRACE, hurry=guard.hurry)
    if survivors:
        logger.error("processes %s could not be stopped", ", ".join(map(str, survivors)))
    logger.info("stopped %d processes in %.1f s", len(trees.pids), time.monotonic() - begin)


@cli.command("standalone", help=_HELP)
@click.argument("workflow")
@click.option(
    "--domain", "-d", envvar="SWF_DOMAIN", required=True, help="SWF domain (default: $SWF_DOMAIN)."
)
@click.option("--workflow-id", help="Workflow id (default: the workflow's name attribute).")
@click.option(
    "--execution-timeout",
    help="Execution start-to-close timeout in seconds (default: the class attribute, "
    "else the workflow type's default).",
)
@click.option(
    "--decision-tasks-timeout",
    help="Decision task timeout in seconds (default: the class attribute, else the type's).",
)
@click.option("--tags", help="Comma-separated tags (at most 5).")
@click.option("--input", "-i", help="JSON input: a list of args or {'args': [...], 'kwargs': {}}.")
@click.option(
    "--input-file",
    type=click.File(),
    help="File holding the JSON input ('-' for stdin); wins over --input.",
)
@click.option(
    "--nb-workers",
    type=click.IntRange(min=0),
    help="Number of activity poller processes (default: one per CPU).",
)
@click.option(
    "--heartbeat",
    type=click.IntRange(min=0),
    default=60,
    show_default=True,
    help="Seconds between activity heartbeats (0 disables them).",
)
@click.option(
    "--display-status",
    type=click.BOOL,
    default=False,
    show_default=True,
    help="Print the execution status on stderr every 2 seconds (takes a value: true/false).",
)
@click.option(
    "--repair",
    help="Workflow id (or '<workflow_id> <run_id>') of a previous execution to repair: "
    "activities it completed are not run again, their results are reused.",
)
@click.option(
    "--force-activities",
    help="With --repair: regular expression (searched in task ids) of activities to run "
    "again even if they completed before.",
)
@click.option(
    "--local-server",
    is_flag=True,
    help="Run a local SWF server (moto) for the duration of the command and use it.",
)
@progress_option
@click.pass_context
def standalone(
    context: click.Context,
    workflow: str,
    domain: str,
    workflow_id: str | None,
    execution_timeout: str | None,
    tags: str | None,
    decision_tasks_timeout: str | None,
    input: str | None,
    input_file: IO[str] | None,
    nb_workers: int | None,
    heartbeat: int,
    display_status: bool,
    repair: str | None,
    force_activities: str | None,
    local_server: bool,
    show_progress: bool,
) -> None:
    if force_activities and not repair:
        raise click.UsageError("--force-activities can only be used with --repair", context)
    if repair and local_server:
        raise click.UsageError(
            "--repair cannot be used with --local-server (the local server starts empty)",
            context,
        )
    if repair is not None:
        _parse_repair(repair)
    if force_activities:
        _check_regex(force_activities)
    workflow_class = get_workflow(workflow)
    workflow_id = workflow_id or workflow_class.name
    if not workflow_id:
        raise click.UsageError(f"{workflow} has no name attribute: give a --workflow-id", context)
    workflow_input = _read_input(input, input_file)
    server = _local_server(domain) if local_server else contextlib.nullcontext()
    with server:
        if not local_server:
            check_domain_exists(domain)
        repair_with = None
        if repair:
            repair_with = _load_repair_history(domain, repair)
            if workflow_input is None:
                workflow_input = dict(transform_input(repair_with.events[0].input))
        if workflow_input is None:
            workflow_input = {}
        check_run_arguments(workflow_class, workflow, workflow_input)
        task_list = get_task_list(workflow_id)
        logger.info("using private task list %s", task_list)
        spec = _RunSpec(
            workflow=workflow,
            domain=domain,
            workflow_id=workflow_id,
            task_list=task_list,
            execution_timeout=execution_timeout,
            decision_tasks_timeout=decision_tasks_timeout,
            tags=tags,
            input=workflow_input,
            nb_workers=nb_workers,
            heartbeat=heartbeat,
            display_status=display_status,
            repair_with=repair_with,
            force_activities=force_activities,
            local_server=local_server,
        )
        with showing_progress(context, show_progress):
            status = _run(context, spec)
    context.exit(status)


def _check_regex(pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as err:
        raise click.BadParameter(
            f"{pattern!r} is not a valid regular expression: {err}",
            param_hint="'--force-activities'",
        ) from err
