"""``workflow.history`` and ``activity.rerun`` (spec features §12.1, §12.2).

``workflow.history`` prints the whole history of an execution as one line of compact JSON:
the SWF events as they are (``events``, what ``workflow.replay`` reads), the parsed events
(``raw``) or the per-task view of ``simpleflow.history.History`` (``cooked``).
``activity.rerun`` runs one activity of an execution again, in this process.
"""

from __future__ import annotations

import copy
import json
import logging
from pathlib import Path
from typing import Any

import click

from simpleflow._cli.base import cli

logger = logging.getLogger(__name__)

__all__ = ["activity_rerun", "fetch_events", "workflow_history"]

_VIEWS = ("events", "raw", "cooked")
#: `cooked` keys (spec §1.5); a key the history model does not have yet prints as {}.
_COOKED_KEYS = (
    "workflow",
    "activities",
    "child_workflows",
    "markers",
    "timers",
    "signals",
    "signal_lists",
    "external_workflows_signaling",
    "signaled_workflows",
)


def find_execution(domain: str, workflow_id: str, run_id: str | None) -> Any:
    """The described `swf.models.WorkflowExecution`.

    Raises:
        click.ClickException: `Workflow <id> not found` / `Execution <id> <run> not found`.
    """
    from simpleflow.swf.helpers import get_workflow_execution
    from swf.exceptions import DoesNotExistError

    try:
        return get_workflow_execution(domain, workflow_id, run_id)
    except DoesNotExistError as err:
        if "unknown domain" in str(err).lower():
            raise  # the error boundary says "domain '<name>' does not exist"
        if run_id:
            raise click.ClickException(f"Execution {workflow_id} {run_id} not found") from None
        raise click.ClickException(f"Workflow {workflow_id} not found") from None


def fetch_events(
    domain: str, workflow_id: str, run_id: str | None, reverse_order: bool = False
) -> tuple[Any, list[dict[str, Any]]]:
    """The execution and every event of its history (all pages), as SWF returns them.

    Raises:
        click.ClickException: the execution is not found.
    """
    from swf.querysets.base import _pages

    execution = find_execution(domain, workflow_id, run_id)
    events: list[dict[str, Any]] = []
    for page in _pages(
        execution.connection.get_workflow_execution_history,
        domain,
        execution.run_id,
        execution.workflow_id,
        reverse_order=reverse_order or None,
    ):
        events.extend(page.get("events", []))
    # Values stored on S3 (jumbo fields) are shown, not their references (features §11).
    from simpleflow import format as _format
    from simpleflow.storage import StorageError

    try:
        _format.resolve_raw_events(events)
    except StorageError as err:
        raise click.ClickException(str(err)) from None
    return execution, events


def _raw_view(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from swf.models.history.base import History

    parsed = []
    for event in History.from_event_list(events):
        attributes = event.raw.get(event._attributes_key or "", {})
        entry: dict[str, Any] = {
            "id": event.id,
            "type": event.type,
            "state": event.state,
            "timestamp": event.timestamp,
        }
        if "input" in attributes:
            entry["input"] = event.input
        if "control" in attributes:
            entry["control"] = event.control
        for key, value in vars(event).items():
            if not key.startswith("_") and key != "raw" and key not in entry:
                entry[key] = value
        parsed.append(entry)
    return parsed


def _cooked_view(events: list[dict[str, Any]]) -> dict[str, Any]:
    from simpleflow.history import History
    from swf.models.history.base import History as SwfHistory

    history = History(SwfHistory.from_event_list(events))
    history.parse()
    cooked = {}
    for key in _COOKED_KEYS:
        value = getattr(history, key, None)
        if value is None:
            value = getattr(history, f"_{key}", None)
        cooked[key] = {} if value is None else value
    return cooked


@cli.command("workflow.history")
@click.argument("workflow_id")
@click.argument("run_id", required=False)
@click.option("--domain", "-d", envvar="SWF_DOMAIN", required=True, help="SWF domain.")
@click.option(
    "--output-format",
    "--of",
    "-o",
    "output_format",
    type=click.Choice(_VIEWS),
    default="raw",
    show_default=True,
    help="events: the SWF events (what workflow.replay reads); raw: the parsed events; "
    "cooked: the state of each task.",
)
@click.option(
    "--reverse-order", is_flag=True, help="Newest event first (events and raw views only)."
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the history to this file instead of stdout.",
)
def workflow_history(
    workflow_id: str,
    run_id: str | None,
    domain: str,
    output_format: str,
    reverse_order: bool,
    output: Path | None,
) -> None:
    """Print the history of an execution as one line of JSON.

    Every page of the history is fetched. Without RUN_ID, the most recently started run
    of WORKFLOW_ID is used (open runs first). The group options --format and --header do
    not apply: the output is always JSON.
    """
    # The testing package (and the replayer it holds) loads with this command only.
    from simpleflow.testing._history_input import compact_json, with_iso_timestamps

    _, events = fetch_events(domain, workflow_id, run_id)
    value: Any
    if output_format == "cooked":
        value = _cooked_view(events)
    else:
        if reverse_order:
            events = list(reversed(events))
        value = with_iso_timestamps(events) if output_format == "events" else _raw_view(events)
    text = compact_json(value)
    if output is None:
        click.echo(text)
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as err:
        raise click.ClickException(f"cannot write {output}: {err.strerror or err}") from None
    logger.info("wrote %d events of %s to %s", len(events), workflow_id, output)


# --- activity.rerun ------------------------------------------------------------------


def _select_activity(history: Any, scheduled_id: int | None, activity_id: str | None) -> Any:
    entries = getattr(history, "activities", None)
    if entries is None:
        entries = history._activities
    found = None
    for entry in entries.values():
        if scheduled_id is not None and entry.get("scheduled_id") == scheduled_id:
            found = entry
        elif activity_id is not None and entry.get("id") == activity_id:
            found = entry
    if found is None:
        raise click.ClickException("Couldn't find activity.")
    return found


def _import_activity(name: str) -> Any:
    """The `Activity` registered (or importable) under its dotted name."""
    import importlib

    from simpleflow.activity import Activity
    from simpleflow.registry import registry

    module_name, _, attribute = name.rpartition(".")
    if not module_name:
        raise click.ClickException(f"cannot import activity {name!r}: not a dotted path")
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise click.ClickException(f"cannot import activity {name!r}: {err}") from None
    registered = registry[None].get(name)
    if registered is not None:
        return registered
    value = getattr(module, attribute, None)
    if isinstance(value, Activity):
        return value
    raise click.ClickException(f"cannot import activity {name!r}: no such activity")


@cli.command("activity.rerun")
@click.option("--workflow-id", required=True, help="Workflow id of the execution.")
@click.option("--run-id", help="Run id (default: the latest run of the workflow id).")
@click.option("--domain", "-d", envvar="SWF_DOMAIN", required=True, help="SWF domain.")
@click.option("--scheduled-id", type=int, help="Event id of the ActivityTaskScheduled event.")
@click.option("--activity-id", help="Activity id, e.g. activity-examples.basic.increment-1.")
@click.option("--input", "input_json", help="JSON input to use instead of the recorded one.")
def activity_rerun(
    workflow_id: str,
    run_id: str | None,
    domain: str,
    scheduled_id: int | None,
    activity_id: str | None,
    input_json: str | None,
) -> None:
    """Run one activity of an execution again, here, and print its result in the log.

    The activity is found in the history by --scheduled-id or --activity-id (the last
    match wins), imported by its name, and run with the recorded input (or --input).
    """
    from simpleflow.history import History
    from simpleflow.testing._activity import run_activity
    from simpleflow.utils import json_dumps
    from swf.exceptions import DoesNotExistError
    from swf.models.history.base import History as SwfHistory

    if scheduled_id is None and activity_id is None:
        logger.error("Please supply --scheduled-id or --activity-id.")
        raise click.exceptions.Exit(1)
    try:
        execution, events = fetch_events(domain, workflow_id, run_id)
    except (click.ClickException, DoesNotExistError):
        logger.error("Couldn't find execution, exiting.")
        raise click.exceptions.Exit(1) from None
    logger.info("Found execution: workflowId=%s runId=%s", execution.workflow_id, execution.run_id)
    history = History(SwfHistory.from_event_list(events))
    history.parse()
    entry = _select_activity(history, scheduled_id, activity_id)
    activity_name = entry.get("name") or (entry.get("activity_type") or {}).get("name")
    if not activity_name:
        raise click.ClickException(f"activity {entry.get('id')} was never scheduled")
    activity = _import_activity(activity_name)
    if input_json is not None:
        logger.warning("NB: input will be overridden with the passed one!")
        try:
            task_input = json.loads(input_json)
        except ValueError as err:
            raise click.BadParameter(f"invalid JSON: {err}", param_hint="'--input'") from None
    else:
        task_input = entry.get("input") or {}
    if not isinstance(task_input, dict):
        task_input = {"args": task_input} if isinstance(task_input, list) else {}
    args = task_input.get("args", [])
    kwargs = task_input.get("kwargs", {})
    meta = task_input.get("meta", {})
    context = {
        "name": activity_name,
        "version": None,
        "activity_id": entry["id"],
        "input": copy.deepcopy(task_input),
        "workflow_id": execution.workflow_id,
        "run_id": execution.run_id,
    }
    logger.info(
        "Will re-run: %s(*%s, **%s)%s",
        activity_name,
        args,
        kwargs,
        f" [+meta={meta}]" if meta else "",
    )
    if isinstance(meta, dict) and meta.get("binaries"):
        logger.warning("binaries are not supported by this version: %s", meta["binaries"])
    try:
        result = run_activity(activity, *args, context=context, **kwargs)
    except Exception as err:
        # The activity's own failure: one line; the traceback with LOG_LEVEL=DEBUG.
        logger.debug("activity %s failed", activity_name, exc_info=True)
        raise click.ClickException(
            f"activity {activity_name} failed: {type(err).__name__}: {err}"
        ) from err
    logger.info("Result (JSON): %s", json_dumps(result))
