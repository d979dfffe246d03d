"""The pages of the web view (a Flask blueprint). Every page only reads from SWF."""

from __future__ import annotations

import json
import logging
import math
import os
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, NotFound

from simpleflow.ui._data import (
    CLOSE_STATUSES,
    ExecutionCache,
    ExecutionFilters,
    event_json,
    list_domains,
    list_executions,
)

__all__ = ["REFRESH_SECONDS", "TASKS_PER_PAGE", "blueprint", "register_error_pages"]

logger = logging.getLogger(__name__)

blueprint = Blueprint("ui", __name__)

REFRESH_SECONDS = 5
TASKS_PER_PAGE = 500
EVENTS_PER_PAGE = 500
_VALUE_CHARS = 300
_SECRET_VARIABLES = ("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY_ID")


class _Missing(Exception):
    """An unknown domain or execution: a 404 page saying what was asked for."""


def _cache() -> ExecutionCache:
    cache: ExecutionCache = current_app.extensions["simpleflow.cache"]
    return cache


def _timeline_style() -> str:
    from simpleflow.timeline._render import PAGE_STYLE

    return PAGE_STYLE


def _page(template: str, **values: Any) -> str:
    values.setdefault("domain", None)
    values.setdefault("refresh", None)
    return render_template(template, timeline_style=_timeline_style(), **values)


@blueprint.app_template_filter("when")
def _when(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = datetime.fromtimestamp(value, tz=timezone.utc)
    if not isinstance(value, datetime):
        return ""
    value = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


@blueprint.app_template_filter("value")
def _value(value: Any) -> str:
    if value is None or value == "":
        return ""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= _VALUE_CHARS else text[: _VALUE_CHARS - 1] + "…"


@blueprint.route("/")
def domains() -> Any:
    default = current_app.config.get("SIMPLEFLOW_DOMAIN")
    if default and "status" not in request.args:
        return redirect(url_for("ui.executions", domain=default))
    status = request.args.get("status", "REGISTERED").upper()
    if status not in ("REGISTERED", "DEPRECATED"):
        status = "REGISTERED"
    return _page("domains.html", domains=list_domains(status), status=status)


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _filters() -> ExecutionFilters:
    args = request.args
    status = args.get("status", "OPEN").upper()
    if status not in ("OPEN", "CLOSED", *CLOSE_STATUSES):
        status = "OPEN"
    after = _parse_time(args.get("after")) or datetime.now(timezone.utc) - timedelta(days=30)
    return ExecutionFilters(
        status=status,
        workflow_id=args.get("workflow_id") or None,
        type_name=args.get("type") or None,
        type_version=args.get("version") or None,
        tag=args.get("tag") or None,
        started_after=after,
        started_before=_parse_time(args.get("before")),
    )


def _local_input(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M") if moment else ""


@blueprint.route("/domains/<domain>")
def executions(domain: str) -> Any:
    from swf.exceptions import SWFResponseError

    filters = _filters()
    token = request.args.get("page") or None
    try:
        found, next_token = list_executions(domain, filters, token)
    except SWFResponseError as err:
        if err.error_code == "UnknownResourceFault":
            raise _Missing(f"domain {domain!r} does not exist") from err
        raise
    next_page = None
    if next_token:
        args = {k: v for k, v in request.args.items() if k != "page"}
        next_page = urlencode({**args, "page": next_token})
    return _page(
        "executions.html",
        domain=domain,
        executions=found,
        filters=filters,
        statuses=("OPEN", "CLOSED", *CLOSE_STATUSES),
        after=_local_input(filters.started_after),
        before=_local_input(filters.started_before),
        next_page=next_page,
    )


@blueprint.route("/domains/<domain>/executions/<workflow_id>")
def latest_run(domain: str, workflow_id: str) -> Any:
    execution = _fetch_execution(domain, workflow_id, None)
    return redirect(
        url_for("ui.execution", domain=domain, workflow_id=workflow_id, run_id=execution.run_id)
    )


def _fetch_execution(domain: str, workflow_id: str, run_id: str | None) -> Any:
    from simpleflow.swf._execution_rows import fetch_execution
    from swf.exceptions import DoesNotExistError

    try:
        return fetch_execution(domain, workflow_id, run_id)
    except DoesNotExistError as err:
        raise _Missing(_missing_message(domain, workflow_id, run_id, err)) from err


def _missing_message(domain: str, workflow_id: str, run_id: str | None, err: Exception) -> str:
    text = str(getattr(err, "message", None) or err)
    if "Unknown domain" in text:
        return f"domain {domain!r} does not exist"
    run = f" run {run_id!r}" if run_id else ""
    return f"no execution {workflow_id!r}{run} in domain {domain!r}"


def _cached(domain: str, workflow_id: str, run_id: str) -> Any:
    from swf.exceptions import DoesNotExistError

    try:
        return _cache().get(domain, workflow_id, run_id)
    except DoesNotExistError as err:
        raise _Missing(_missing_message(domain, workflow_id, run_id, err)) from err


@blueprint.route("/domains/<domain>/executions/<workflow_id>/<run_id>")
def execution(domain: str, workflow_id: str, run_id: str) -> Any:
    entry = _cached(domain, workflow_id, run_id)
    rows = entry.rows
    pages = max(1, math.ceil(len(rows.rows) / TASKS_PER_PAGE))
    page = min(max(_int_arg("tasks", 1), 1), pages)
    tasks = rows.rows[(page - 1) * TASKS_PER_PAGE : page * TASKS_PER_PAGE]
    parent = None
    if rows.parent and rows.parent[1]:
        parent = url_for(
            "ui.execution", domain=domain, workflow_id=rows.parent[0], run_id=rows.parent[1]
        )
    return _page(
        "execution.html",
        domain=domain,
        ex=entry.execution,
        rows=rows,
        tasks=tasks,
        tasks_page=page,
        tasks_pages=pages,
        timeline=entry.timeline_html,
        parent=parent,
        refresh=None if entry.is_closed else REFRESH_SECONDS,
    )


def _int_arg(name: str, default: int) -> int:
    try:
        return int(request.args.get(name, default))
    except ValueError:
        return default


@blueprint.route("/domains/<domain>/executions/<workflow_id>/<run_id>/history")
def history(domain: str, workflow_id: str, run_id: str) -> Any:
    entry = _cached(domain, workflow_id, run_id)
    total = len(entry.raw_events)
    pages = max(1, math.ceil(total / EVENTS_PER_PAGE))
    page = min(max(_int_arg("page", 1), 1), pages)
    begin = (page - 1) * EVENTS_PER_PAGE
    events = [event_json(raw) for raw in entry.raw_events[begin : begin + EVENTS_PER_PAGE]]
    return _page(
        "history.html",
        domain=domain,
        workflow_id=workflow_id,
        run_id=run_id,
        events=events,
        first=begin + 1 if events else 0,
        last=begin + len(events),
        total=total,
        previous=page - 1 if page > 1 else None,
        next=page + 1 if page < pages else None,
        refresh=None if entry.is_closed else REFRESH_SECONDS,
    )


@blueprint.route("/domains/<domain>/executions/<workflow_id>/<run_id>/timeline.<fmt>")
def timeline(domain: str, workflow_id: str, run_id: str, fmt: str) -> Any:
    from simpleflow.timeline import render

    if fmt not in ("svg", "html"):
        raise NotFound()
    entry = _cached(domain, workflow_id, run_id)
    text = render(entry.rows, fmt, f"{workflow_id} {run_id}", now=datetime.now(timezone.utc))
    mimetype = "image/svg+xml" if fmt == "svg" else "text/html"
    return Response(text, mimetype=mimetype)


def _redact(text: str) -> str:
    """Never show a credential, even one quoted in an error message."""
    for name in _SECRET_VARIABLES:
        secret = os.environ.get(name)
        if secret and len(secret) >= 4:
            text = text.replace(secret, "****")
    return text


def _asked() -> str:
    return request.full_path.rstrip("?")


def _error_page(title: str, message: str, status: int) -> tuple[str, int]:
    return (
        _page("error.html", title=title, message=_redact(message), asked=_asked()),
        status,
    )


def register_error_pages(app: Any) -> None:
    """404 pages for unknown domains, executions and paths; an error page for any SWF or
    other failure (the server goes on)."""

    @app.errorhandler(_Missing)
    def missing(err: _Missing) -> Any:
        return _error_page("Not found", str(err), 404)

    @app.errorhandler(404)
    def not_found(err: Any) -> Any:
        return _error_page("Not found", f"there is no page at {request.path!r}", 404)

    @app.errorhandler(Exception)
    def failure(err: Exception) -> Any:
        if isinstance(err, HTTPException):
            return err
        from simpleflow._cli.base import _error_text

        if _is_swf_error(err):
            logger.warning("SWF error on %s: %s", request.path, err)
            return _error_page("SWF error", _error_text(err), 502)
        logger.exception("error on %s", request.path)
        return _error_page("Error", f"{type(err).__name__}: {err}", 500)


def _is_swf_error(err: Exception) -> bool:
    from swf.exceptions import SWFError, SWFResponseError

    return isinstance(err, (SWFError, SWFResponseError)) or (
        type(err).__module__.split(".")[0] == "botocore"
    )
