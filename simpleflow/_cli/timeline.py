"""``simpleflow workflow.timeline``: draw an execution as a Gantt chart (SVG or HTML)."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone

import click

from simpleflow._cli.base import cli

__all__ = ["timeline"]

logger = logging.getLogger(__name__)


@cli.command("workflow.timeline")
@click.argument("workflow_id")
@click.argument("run_id", required=False)
@click.option(
    "--domain", "-d", envvar="SWF_DOMAIN", required=True, help="SWF domain (default: $SWF_DOMAIN)."
)
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="File to write: its name ends in .html (self-contained page) or .svg.",
)
def timeline(workflow_id: str, run_id: str | None, domain: str, output: str) -> None:
    """Draw the timeline of an execution into a file.

    \b
    One row per task (activity, child workflow, timer) with one bar per attempt from its
    scheduled time to its close (the lighter part: scheduled, not yet started), coloured
    by outcome (completed, failed, timed out, canceled, still open); decision tasks as
    ticks on their own row; a time axis and a legend. Above 2,000 tasks the rows are
    grouped by activity name. The file opens offline (no external script or font).
    Without RUN_ID, the latest run of WORKFLOW_ID is drawn (open runs first).
    """
    from simpleflow import timeline as pictures
    from simpleflow.swf._execution_rows import fetch_execution, fetch_rows

    try:
        pictures.format_of(output)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--output'") from None
    begin = time.perf_counter()
    execution = fetch_execution(domain, workflow_id, run_id)
    rows, _ = fetch_rows(execution)
    fetched = time.perf_counter()
    try:
        size = pictures.write_timeline(
            rows,
            output,
            f"{execution.workflow_id} {execution.run_id}",
            now=datetime.now(timezone.utc),
        )
    except OSError as err:
        raise click.ClickException(f"cannot write {output!r}: {err.strerror or err}") from err
    logger.info(
        "timeline of %s %s: %d tasks, %d events; history fetched in %.2f s, drawn in %.2f s",
        execution.workflow_id,
        execution.run_id,
        len(rows.rows),
        rows.event_count,
        fetched - begin,
        time.perf_counter() - fetched,
    )
    click.echo(f"wrote {output} ({size} bytes)", err=True)
