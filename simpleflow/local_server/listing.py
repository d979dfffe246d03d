"""``List*``/``Count*`` executions with every filter, ``DescribeWorkflowExecution`` counts.

What moto does: ``ListOpen``/``ListClosed`` ignore most filters, and the tag filter removes
items from the list it iterates over (some non-matching executions stay); ``openTimers`` and
``openChildWorkflowExecutions`` are always 0; ``CountPending*`` return a counter that drifts.
What real SWF does (§16, §20.14, §20.16): every filter applies (``executionFilter``,
``typeFilter``, ``tagFilter``, ``closeStatusFilter`` — mutually exclusive — and the time
filters); open counts are exact; pending counts are the scheduled, unstarted tasks. What we
change: all of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import _moto, activities
from .execution import Execution
from .pagination import make_token, page_size, read_token
from .starting import require

if TYPE_CHECKING:
    from .engine import Engine

_EXCLUSIVE = ("executionFilter", "typeFilter", "tagFilter", "closeStatusFilter")


def _matches(ex: Execution, params: dict[str, Any], time_key: str | None) -> bool:
    for name, stamp in (
        ("startTimeFilter", ex.start_timestamp),
        ("closeTimeFilter", ex.close_timestamp),
    ):
        window = params.get(name)
        if window is None:
            continue
        if stamp is None:
            return False
        if stamp < float(window.get("oldestDate", 0)):
            return False
        if window.get("latestDate") is not None and stamp > float(window["latestDate"]):
            return False
    execution_filter = params.get("executionFilter")
    if execution_filter and ex.workflow_id != execution_filter.get("workflowId"):
        return False
    type_filter = params.get("typeFilter")
    if type_filter:
        if ex.workflow_type["name"] != type_filter.get("name"):
            return False
        if type_filter.get("version") and ex.workflow_type["version"] != type_filter["version"]:
            return False
    tag_filter = params.get("tagFilter")
    if tag_filter and tag_filter.get("tag") not in ex.tag_list:
        return False
    status_filter = params.get("closeStatusFilter")
    if status_filter and ex.close_status != status_filter.get("status"):
        return False
    return True


def _select(engine: Engine, params: dict[str, Any], closed: bool) -> list[Execution]:
    domain_name = require(params, "domain")
    domain = engine.domain_of(domain_name)
    if domain.status == "DEPRECATED":
        raise _moto.fault("DomainDeprecatedFault", domain_name)
    given = [name for name in _EXCLUSIVE if params.get(name)]
    if len(given) > 1:
        raise _moto.validation(f"only one of {', '.join(_EXCLUSIVE)} may be given: got {given}")
    if closed:
        windows = [name for name in ("startTimeFilter", "closeTimeFilter") if params.get(name)]
        if len(windows) != 1:
            raise _moto.validation("exactly one of startTimeFilter and closeTimeFilter is required")
        time_key = windows[0]
    else:
        if params.get("closeStatusFilter"):
            raise _moto.validation("closeStatusFilter applies to closed executions only")
        require(params, "startTimeFilter")
        time_key = "startTimeFilter"
    found = [
        ex
        for ex in engine.executions.get(domain_name, {}).values()
        if ex.is_open != closed and _matches(ex, params, time_key)
    ]
    by_close = time_key == "closeTimeFilter"
    found.sort(
        key=lambda ex: (ex.close_timestamp or 0.0) if by_close else ex.start_timestamp,
        reverse=not params.get("reverseOrder"),  # newest first by default
    )
    return found


def list_executions(engine: Engine, params: dict[str, Any], closed: bool) -> dict[str, Any]:
    found = _select(engine, params, closed)
    limit = page_size(params.get("maximumPageSize"), engine.settings)
    offset = 0
    if params.get("nextPageToken"):
        _, offset, limit = read_token(params["nextPageToken"], "list", engine.settings)
    result: dict[str, Any] = {
        "executionInfos": [ex.info() for ex in found[offset : offset + limit]]
    }
    if offset + limit < len(found):
        result["nextPageToken"] = make_token("list", "", offset + limit, limit)
    return result


def count_executions(engine: Engine, params: dict[str, Any], closed: bool) -> dict[str, Any]:
    return {"count": len(_select(engine, params, closed)), "truncated": False}


def describe(engine: Engine, params: dict[str, Any]) -> dict[str, Any]:
    domain_name = require(params, "domain")
    engine.domain_of(domain_name)
    ex = engine.get(domain_name, params.get("execution"))
    result: dict[str, Any] = {
        "executionInfo": ex.info(),
        "executionConfiguration": ex.configuration(),
        "openCounts": ex.open_counts(),
    }
    if ex.latest_activity_task_timestamp is not None:
        result["latestActivityTaskTimestamp"] = ex.latest_activity_task_timestamp
    if ex.latest_execution_context is not None:
        result["latestExecutionContext"] = ex.latest_execution_context
    return result


def count_pending(engine: Engine, params: dict[str, Any], kind: str) -> dict[str, Any]:
    domain_name = require(params, "domain")
    engine.domain_of(domain_name)
    task_list = (require(params, "taskList") or {}).get("name")
    if kind == "decision":
        # Scheduled, not started; a task waiting behind a started one counts too.
        count = sum(
            1
            for ex in engine.executions.get(domain_name, {}).values()
            if ex.is_open
            and ex.decision_scheduled is not None
            and ex.decision_scheduled.task_list == task_list
        )
    else:
        count = engine.queue(kind, domain_name, task_list or "").count(activities.is_pollable)
    return {"count": count, "truncated": False}
