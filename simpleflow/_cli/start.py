"""``simpleflow workflow.start``: start an execution on SWF, or run it locally."""

from __future__ import annotations

import json
import logging
from typing import IO, TYPE_CHECKING, Any

import click

from simpleflow import format as _format
from simpleflow._cli import _output
from simpleflow._cli._wait import wait_if_requested, wait_options, will_wait
from simpleflow._cli.base import (
    check_run_arguments,
    cli,
    get_or_load_input,
    get_workflow,
    get_workflow_type,
    parse_tags,
    transform_input,
)
from simpleflow.storage import StorageError

if TYPE_CHECKING:
    from simpleflow.workflow import Workflow

logger = logging.getLogger(__name__)

#: ``ctx.meta`` key set by a command (``standalone``) that prints the ids itself.
QUIET_START = "simpleflow.start.quiet"


@cli.command(
    "workflow.start",
    help="Start a workflow execution, or run it locally.\n\n"
    "Start the workflow WORKFLOW (a dotted path to a Workflow subclass) on SWF, "
    "or run it in this process with --local.",
)
@click.argument("workflow")
@click.option("--domain", "-d", envvar="SWF_DOMAIN", help="SWF domain (default: $SWF_DOMAIN).")
@click.option("--workflow-id", help="Workflow id (generated when omitted).")
@click.option("--task-list", help="Decision task list (default: the class's task_list).")
@click.option("--execution-timeout", help="Execution timeout in seconds (default: class).")
@click.option("--tags", help="Comma-separated tags (at most 5).")
@click.option("--decision-tasks-timeout", help="Decision task timeout in seconds (default: class).")
@click.option("--input", "-i", help='JSON input: [args...] or {"args": [...], "kwargs": {...}}.')
@click.option(
    "--input-file",
    type=click.File("r"),
    help="Read the JSON input from this file ('-' for stdin); wins over --input.",
)
@click.option("--local", default=False, is_flag=True, help="Run in this process, without SWF.")
@click.option(
    "--task-priority", type=int, default=None, help="Priority of the execution's decision tasks."
)
@wait_options
def start_workflow(
    workflow: str,
    domain: str | None,
    workflow_id: str | None,
    task_list: str | None,
    execution_timeout: str | None,
    tags: str | None,
    decision_tasks_timeout: str | None,
    input: str | None,
    input_file: IO[str] | None,
    local: bool,
    task_priority: int | None = None,
) -> Any:
    """Start ``workflow``; print ``<workflow_id> <run_id>`` and return the execution.

    With ``local``, run it in this process, print its result as JSON and return ``None``.
    With ``--format json`` the output is one object (``workflow_id`` and ``run_id``, or
    ``status`` and ``result`` with ``local``).
    """
    workflow_class = get_workflow(workflow)
    wf_input = get_or_load_input(input_file, input)
    if local:
        check_run_arguments(workflow_class, workflow, wf_input)
        _run_locally(workflow_class, workflow, wf_input)
        return None

    if not domain:
        raise click.UsageError("--domain (or SWF_DOMAIN) is required unless --local is used")
    tag_list = parse_tags(tags)
    if tag_list is None:
        tag_list = _class_tags(workflow_class, wf_input)
    # Over SWF's limit: stored on S3 with a jumbo bucket, else one clear error (features §11).
    try:
        encoded = _format.encode_json_text(
            json.dumps(wf_input), _format.MAX_INPUT_LENGTH, "workflow input"
        )
    except (_format.JumboTooLargeError, StorageError) as err:
        raise click.ClickException(str(err)) from None
    workflow_type = get_workflow_type(domain, workflow_class)
    if _format.is_reference(encoded):
        workflow_type.connection = _InputOverride(workflow_type.connection, str(encoded))
    execution = workflow_type.start_execution(
        workflow_id=workflow_id,
        task_list=task_list or workflow_class.task_list,
        execution_timeout=_default(execution_timeout, workflow_class.execution_timeout),
        input=wf_input,
        tag_list=tag_list,
        decision_tasks_timeout=_default(
            decision_tasks_timeout, workflow_class.decision_tasks_timeout
        ),
        task_priority=task_priority,
    )
    logger.info(
        "started workflow %s in domain %s: %s %s",
        workflow,
        domain,
        execution.workflow_id,
        execution.run_id,
    )
    ctx = click.get_current_context()
    if not ctx.meta.get(QUIET_START):
        if _output.is_json(ctx):
            if not will_wait(ctx):  # with --wait, the ids come with the outcome, in one object
                ids = {"workflow_id": execution.workflow_id, "run_id": execution.run_id}
                _output.echo_object(ctx, ids)
        else:
            click.echo(f"{execution.workflow_id} {execution.run_id}")
    wait_if_requested(execution)
    return execution


def _class_tags(workflow_class: type[Workflow], wf_input: Any) -> list[str] | None:
    """Without ``--tags``: the class's ``get_tag_list(cls, *args, **kwargs)`` or ``tag_list``
    (features §8.1). A top-level execution has no tags to inherit: ``INHERIT_TAG_LIST``
    expands to nothing."""
    from simpleflow.swf._tags import resolve_tag_list

    arguments = transform_input(wf_input)
    try:
        return resolve_tag_list(
            workflow_class, arguments.get("args", []), arguments.get("kwargs", {}), []
        )
    except (TypeError, ValueError) as err:
        raise click.UsageError(f"the tags of {workflow_class.__name__}: {err}") from err


def _default(value: str | None, class_value: Any) -> str | None:
    if value is not None:
        return value
    if class_value is not None:
        return str(class_value)
    return None


def _run_locally(workflow_class: type[Workflow], clspath: str, wf_input: dict[str, Any]) -> None:
    """Run the workflow with the local executor and print its result as JSON on stdout.

    A failure is reported as one error line.
    """
    from simpleflow import exceptions
    from simpleflow.local import Executor
    from simpleflow.utils import json_dumps

    try:
        result = Executor(workflow_class).run(wf_input)
    except exceptions.TaskFailed as err:
        logger.debug("local execution of %s failed", clspath, exc_info=True)
        raise click.ClickException(f"activity {err.name} failed: {err.reason}") from err
    except Exception as err:
        # User code: one error line; the traceback is logged at DEBUG (LOG_LEVEL=DEBUG).
        logger.debug("local execution of %s failed", clspath, exc_info=True)
        raise click.ClickException(
            f"workflow {clspath} failed: {type(err).__name__}: {err}"
        ) from err
    ctx = click.get_current_context()
    if _output.is_json(ctx):
        _output.echo_object(ctx, {"status": "COMPLETED", "result": result})
        return
    try:
        click.echo(json_dumps(result))
    except TypeError as err:
        raise click.ClickException(f"the result of {clspath} is not JSON: {err}") from err


class _InputOverride:
    """A connection that sends ``input`` (a jumbo-field reference) as the start's input.

    ``WorkflowType.start_execution`` sends ``json.dumps(input)``; a reference must be sent
    as is, so that any reader sees the ``simpleflow+s3://`` prefix.
    """

    def __init__(self, connection: Any, input: str) -> None:
        self._connection = connection
        self._input = input

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def start_workflow_execution(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["input"] = self._input
        return self._connection.start_workflow_execution(*args, **kwargs)
