"""The ``simpleflow`` click group and the helpers shared by its commands.

Command modules (``simpleflow/_cli/<name>.py``) do ``from simpleflow._cli.base import cli``
and decorate their callbacks with ``@cli.command(...)``. Library errors (``swf`` errors,
botocore connection errors) are turned into one ``Error: ...`` line (exit status 1) at the
command boundary; their traceback is logged only at DEBUG (``LOG_LEVEL=DEBUG``).

``swf`` (hence botocore) is imported lazily so that ``workflow.start --local`` never
loads it.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import re
import sys
import uuid
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

import click

import simpleflow

if TYPE_CHECKING:
    from simpleflow.workflow import Workflow

logger = logging.getLogger(__name__)

FORMAT_CHOICES = ("tabular", "csv", "tsv", "json", "prettyjson", "human")

#: SWF limits (characters).
_MAX_TASK_LIST_LENGTH = 256
_MAX_TAGS = 5

_INPUT_SHAPES = (
    "a JSON array of positional arguments (e.g. [1, 5]) or a JSON object with optional "
    'keys "args" (array) and "kwargs" (object), e.g. {"args": [1], "kwargs": {"t": 5}}'
)

_UNKNOWN_DOMAIN = re.compile(r"Unknown domain(?::\s*(?P<name>[^\s,]+))?", re.IGNORECASE)


def _library_error_message(err: Exception, params: dict[str, Any]) -> str | None:
    """The one-line message for an expected library error, or None for anything else."""
    swf_exceptions = sys.modules.get("swf.exceptions")
    is_swf_error = swf_exceptions is not None and isinstance(
        err, (swf_exceptions.SWFError, swf_exceptions.SWFResponseError)
    )
    is_botocore_error = type(err).__module__.split(".")[0] == "botocore"
    storage = sys.modules.get("simpleflow.storage")
    if storage is not None and isinstance(err, storage.StorageError):
        return str(err)  # S3 and jumbo fields: the message says what to do
    if isinstance(err, ValueError) and str(err).startswith("invalid region:"):
        return (
            f"{err}: set AWS_DEFAULT_REGION (or the profile's region) to a region name "
            "such as us-east-1"
        )
    if not (is_swf_error or is_botocore_error):
        return None
    text = _error_text(err)
    match = _UNKNOWN_DOMAIN.search(text)
    if match:
        name = params.get("domain") or match.group("name") or "?"
        return f"domain '{name}' does not exist"
    return text


def _error_text(err: Exception) -> str:
    message = getattr(err, "message", None)
    if message is None:
        message = getattr(err, "error_message", None)
    text = str(message) if message is not None else str(err)
    text = " ".join(text.split())  # one line
    code = getattr(err, "error_code", None)
    if code and code not in text:
        text = f"{code}: {text}"
    return text or type(err).__name__


class _Command(click.Command):
    """A command whose expected library errors become ``Error: <message>`` (exit 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as err:
            message = _library_error_message(err, ctx.params)
            if message is None:
                raise
            logger.debug("command %s failed: %s", ctx.info_name, message, exc_info=True)
            raise click.ClickException(message) from err


class _Group(click.Group):
    command_class = _Command


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--format",
    type=click.Choice(FORMAT_CHOICES),
    default=None,
    envvar="SIMPLEFLOW_FORMAT",
    help="Output format (default: $SIMPLEFLOW_FORMAT, else tabular). With json, every "
    "command prints JSON objects with snake_case keys.",
)
@click.option("--header/--no-header", default=False, help="Print column names.")
@click.version_option(version=simpleflow.__version__, prog_name="simpleflow")
@click.pass_context
def cli(ctx: click.Context, format: str | None, header: bool) -> None:
    """Dataflow programming on Amazon SWF."""
    from simpleflow.settings import configure_logging

    try:
        configure_logging()
    except ValueError as err:
        raise click.ClickException(str(err)) from None


def disable_boto_connection_pooling() -> None:
    """No-op kept for 0.11.9 compatibility (boto3 clients are created per process)."""


def _ensure_cwd_importable() -> None:
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)


def get_workflow(clspath: str) -> type[Workflow]:
    """Load the ``Workflow`` subclass named by the dotted path ``package.module.Class``.

    The current directory is importable. Importing the module registers its activities.

    Raises:
        click.UsageError: the path does not name an importable Workflow subclass.
    """
    from simpleflow.workflow import Workflow

    def fail(reason: str) -> click.UsageError:
        return click.UsageError(f"cannot load workflow '{clspath}': {reason}")

    modname, _, clsname = clspath.rpartition(".")
    if not modname or not clsname:
        raise fail("expected a dotted path such as 'package.module.WorkflowClass'")
    _ensure_cwd_importable()
    try:
        module = __import__(modname, fromlist=["*"])
    except Exception as err:
        logger.debug("cannot import %s", modname, exc_info=True)
        raise fail(f"{type(err).__name__}: {err}") from err
    try:
        workflow = getattr(module, clsname)
    except AttributeError:
        raise fail(f"module '{modname}' has no attribute '{clsname}'") from None
    if not (isinstance(workflow, type) and issubclass(workflow, Workflow)):
        raise fail(f"{clsname} is not a subclass of simpleflow.Workflow")
    return workflow


def get_workflow_type(domain_name: str, workflow_class: type[Workflow]) -> Any:
    """Get or register the SWF workflow type of ``workflow_class`` in ``domain_name``.

    A new type is registered with the class defaults (``task_list``,
    ``execution_timeout``, ``decision_tasks_timeout``, ``child_policy``), falling back to
    the ``WORKFLOW_DEFAULT_*`` settings and ``TERMINATE``.

    Raises:
        click.UsageError: the class does not define ``name`` and ``version``.
    """
    from simpleflow import settings
    from swf.models.domain import Domain
    from swf.models.workflow import CHILD_POLICIES
    from swf.querysets.workflow import WorkflowTypeQuerySet

    name, version = workflow_class.name, workflow_class.version
    if name is None or version is None:
        raise click.UsageError(
            f"workflow {workflow_class.__module__}.{workflow_class.__name__} must define the "
            "class attributes 'name' and 'version' to run on SWF"
        )
    domain = Domain(domain_name)
    query = WorkflowTypeQuerySet(domain)
    return query.get_or_create(
        name,
        version,
        task_list=workflow_class.task_list or settings.WORKFLOW_DEFAULT_TASK_LIST,
        child_policy=workflow_class.child_policy or CHILD_POLICIES.TERMINATE,
        execution_timeout=_first_set(
            workflow_class.execution_timeout, settings.WORKFLOW_DEFAULT_EXECUTION_TIME
        ),
        decision_tasks_timeout=_first_set(
            workflow_class.decision_tasks_timeout,
            settings.WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT,
        ),
    )


def _first_set(*values: Any) -> str | None:
    for value in values:
        if value is not None:
            return str(value)
    return None


def transform_input(value: Any) -> dict[str, Any]:
    """Normalise a decoded workflow input into ``{"args": [...], "kwargs": {...}}``.

    A list becomes the positional arguments; an object is used as is (extra keys kept);
    ``null`` means no input.

    Raises:
        click.UsageError: any other value, or ``args``/``kwargs`` of the wrong type.
    """
    if value is None:
        return {}
    if isinstance(value, list):
        return {"args": value, "kwargs": {}}
    if isinstance(value, dict):
        if not isinstance(value.get("args", []), list):
            raise click.UsageError(f'invalid input: "args" must be an array; use {_INPUT_SHAPES}')
        if not isinstance(value.get("kwargs", {}), dict):
            raise click.UsageError(
                f'invalid input: "kwargs" must be an object; use {_INPUT_SHAPES}'
            )
        return value
    raise click.UsageError(f"invalid input {json.dumps(value)}: use {_INPUT_SHAPES}")


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN and Infinity, which are not JSON: SWF peers reject them.
    raise ValueError(f"{name} is not valid JSON (use null or a string)")


def _decode(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as err:
        raise click.UsageError(f"invalid JSON input: {err}") from None


def load_input(fp: IO[str] | None) -> dict[str, Any]:
    """Decode the JSON input read from ``fp`` (stdin when ``None``); see ``get_input``."""
    if fp is None:
        return get_input(None)
    text = fp.read()
    if not text.strip():
        return {}
    return transform_input(_decode(text))


def get_input(text: str | None) -> dict[str, Any]:
    """Decode the JSON input ``text``; without text, read stdin unless it is a terminal.

    Empty or whitespace-only input means no input (``{}``).
    """
    if not text:
        stdin = sys.stdin
        if stdin is None or _isatty(stdin):
            return {}
        text = stdin.read()
    if not text.strip():
        return {}
    return transform_input(_decode(text))


def _isatty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def get_or_load_input(input_file: IO[str] | None, input: str | None) -> dict[str, Any]:
    """The input from ``input_file`` if given (it wins), else from the ``input`` text."""
    if input_file is not None:
        return load_input(input_file)
    return get_input(input)


def check_run_arguments(workflow: type[Workflow], clspath: str, input: dict[str, Any]) -> None:
    """Check that ``workflow.run`` accepts the input's ``args`` and ``kwargs``.

    Raises:
        click.UsageError: naming the workflow and the expected signature.
    """
    signature = _run_signature(workflow)
    if signature is None:
        return
    args = input.get("args", [])
    kwargs = input.get("kwargs", {})
    try:
        signature.bind(*args, **kwargs)
    except TypeError as err:
        raise click.UsageError(
            f"{clspath}.run{signature} cannot take the input "
            f"(args={json.dumps(args)}, kwargs={json.dumps(kwargs)}): {err}"
        ) from None


def _run_signature(workflow: type[Workflow]) -> inspect.Signature | None:
    run: Callable[..., Any] = workflow.run
    static = inspect.getattr_static(workflow, "run")
    try:
        signature = inspect.signature(run)
    except (TypeError, ValueError):
        return None
    parameters = list(signature.parameters.values())
    if not isinstance(static, (staticmethod, classmethod)):
        parameters = parameters[1:]  # drop ``self``
    # Shown to users as ``run(x, t=30)``: annotations would only add noise.
    parameters = [p.replace(annotation=inspect.Parameter.empty) for p in parameters]
    return signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty)


def get_task_list(workflow_id: str = "") -> str:
    """A private task list: ``<workflow_id>-<uuid4 hex>``, at most 256 characters.

    A long workflow id is cut from its end so that the whole name is exactly 256 long.
    """
    suffix = f"-{uuid.uuid4().hex}"
    room = _MAX_TASK_LIST_LENGTH - len(suffix)
    return f"{workflow_id[:room]}{suffix}"


def parse_tags(tags: str | None) -> list[str] | None:
    """Split a comma-separated ``--tags`` value (at most 5 tags, the SWF limit).

    Raises:
        click.BadParameter: more than 5 tags.
    """
    if tags is None:
        return None
    values = [tag.strip() for tag in tags.split(",") if tag.strip()]
    if len(values) > _MAX_TAGS:
        raise click.BadParameter(
            f"at most {_MAX_TAGS} tags are allowed (SWF limit), got {len(values)}",
            param_hint="'--tags'",
        )
    return values


def with_format(ctx: click.Context) -> Callable[..., Any]:
    """The ``pretty.formatted`` decorator configured from the group options.

    Uses the group's ``--header`` flag and ``--format`` (``DEFAULT_FORMAT`` when unset).
    With ``json``/``prettyjson`` the rows are JSON objects with snake_case keys (see
    ``simpleflow._cli._output``).
    """
    from simpleflow._cli import _output
    from simpleflow.swf.stats import pretty

    params = ctx.find_root().params
    fmt = params.get("format") or pretty.DEFAULT_FORMAT
    if fmt in _output.JSON_FORMATS:
        return pretty.formatted(with_header=True, fmt=_output.table_format(fmt))
    return pretty.formatted(with_header=bool(params.get("header")), fmt=fmt)
