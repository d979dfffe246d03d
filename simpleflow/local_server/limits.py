"""The engine's settings: SWF's limits (features.md §18) and the long-poll timeout.

Every value is the one of the SWF quotas page; tests lower them through
``LocalSWFServer(settings=EngineSettings(...))`` or keyword arguments of ``LocalSWFServer``.

What moto does: enforces none of them (no open-activities/timers/children limit, no event
limit, no length, tag, task-list-name or request-size check). What real SWF does: §18. What we
change: every limit of §18 except the per-second rate limits and the 1,000 pollers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from ._moto import validation


@dataclass(frozen=True)
class EngineSettings:
    """Limits and timings of the local engine (values of the SWF quotas page)."""

    #: Seconds a poll waits for a task before answering an empty task (SWF: 60).
    poll_timeout: float = 60.0
    max_open_activities: int = 1000
    max_open_timers: int = 1000
    max_open_children: int = 1000
    max_open_executions: int = 100_000
    max_history_events: int = 25_000
    max_page_size: int = 1000
    max_tags: int = 5
    max_id_length: int = 256
    max_data_length: int = 32_768
    max_reason_length: int = 256
    max_heartbeat_details: int = 2048
    max_request_bytes: int = 1_048_576
    #: Seconds a ``nextPageToken`` stays valid (SWF: 24 h).
    page_token_lifetime: float = 86_400.0

    @classmethod
    def field_names(cls) -> list[str]:
        return [field.name for field in fields(cls)]


_TASK_LIST_FORBIDDEN = set(":/|")


def check_name(value: Any, where: str, settings: EngineSettings) -> None:
    """Ids and names: 1–256 characters (``activityId``, ``timerId``, ``signalName``...)."""
    if not isinstance(value, str) or not value:
        raise validation(
            f"Value {value!r} at '{where}' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1"
        )
    if len(value) > settings.max_id_length:
        raise validation(
            f"Value at '{where}' failed to satisfy constraint: Member must have length less "
            f"than or equal to {settings.max_id_length}"
        )


def check_task_list(value: Any, where: str, settings: EngineSettings) -> None:
    """Task-list names: an id, no leading/trailing space, no ``:``/``/``/``|``, not ``arn``."""
    check_name(value, where, settings)
    if (
        value != value.strip()
        or _TASK_LIST_FORBIDDEN & set(value)
        or any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in value)
        or value == "arn"
    ):
        raise validation(f"Invalid task list name {value!r} at '{where}'")


def check_data(value: Any, where: str, limit: int) -> None:
    """``input``/``result``/``control``/``details``/``executionContext``/``reason`` lengths."""
    if value is None:
        return
    if not isinstance(value, str):
        raise validation(f"Value at '{where}' must be a string")
    if len(value) > limit:
        raise validation(
            f"Value at '{where}' failed to satisfy constraint: Member must have length less "
            f"than or equal to {limit}"
        )


def check_tags(value: Any, where: str, settings: EngineSettings) -> None:
    if value is None:
        return
    if not isinstance(value, list) or len(value) > settings.max_tags:
        raise validation(
            f"Value at '{where}' failed to satisfy constraint: Member must have length less "
            f"than or equal to {settings.max_tags}"
        )
    for index, tag in enumerate(value):
        check_name(tag, f"{where}.{index + 1}", settings)


def check_timeout(value: Any, where: str) -> None:
    """Durations are strings of seconds, or ``NONE``."""
    if value is None or value == "NONE":
        return
    if not isinstance(value, str) or not value.isdigit():
        raise validation(f"Invalid duration {value!r} at '{where}': seconds as a string or NONE")


def check_priority(value: Any, where: str) -> None:
    if value is None:
        return
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not -2147483648 <= number <= 2147483647:
        raise validation(f"Invalid taskPriority {value!r} at '{where}': an integer as a string")
