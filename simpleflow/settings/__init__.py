"""simpleflow settings: one module attribute per setting, resolved once at import.

Precedence: environment variable > ``SIMPLEFLOW_SETTINGS_MODULE`` > built-in default.
"""

from __future__ import annotations

import copy
import logging
import logging.config
from typing import Any

from simpleflow.settings import base, default, logging_formatter

_values = base.load()

WORKFLOW_DEFAULT_TASK_LIST: str = _values["WORKFLOW_DEFAULT_TASK_LIST"]
WORKFLOW_DEFAULT_VERSION: str = _values["WORKFLOW_DEFAULT_VERSION"]
WORKFLOW_DEFAULT_EXECUTION_TIME: str = _values["WORKFLOW_DEFAULT_EXECUTION_TIME"]
WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT: str = _values["WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT"]
ACTIVITY_DEFAULT_TASK_LIST: str = _values["ACTIVITY_DEFAULT_TASK_LIST"]
ACTIVITY_DEFAULT_VERSION: str = _values["ACTIVITY_DEFAULT_VERSION"]
ACTIVITY_DEFAULT_TIMEOUT: str = _values["ACTIVITY_DEFAULT_TIMEOUT"]
ACTIVITY_START_TO_CLOSE_TIMEOUT: str = _values["ACTIVITY_START_TO_CLOSE_TIMEOUT"]
ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT: str = _values["ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT"]
ACTIVITY_SCHEDULE_TO_START_TIMEOUT: str = _values["ACTIVITY_SCHEDULE_TO_START_TIMEOUT"]
ACTIVITY_HEARTBEAT_TIMEOUT: str = _values["ACTIVITY_HEARTBEAT_TIMEOUT"]
LOGGING: dict[str, Any] = _values["LOGGING"]

del _values


def configure_logging() -> None:
    """Apply the ``LOGGING`` setting with ``logging.config.dictConfig``.

    This configures the ``simpleflow`` logger (stderr handler, level from ``LOG_LEVEL``,
    ``propagate=False``) without disabling existing loggers.

    0.11.9 did this as a side effect of ``import simpleflow``; the rebuild never configures
    logging at import. It is called by the ``simpleflow`` command line and by the decider
    and worker processes; applications embedding simpleflow call it themselves if they
    want simpleflow's log format.

    Logger levels are accepted in any case (``LOG_LEVEL=debug``).

    Raises:
        ValueError: a logger level is not a known level name, e.g. ``LOG_LEVEL=loud``.
    """
    logging.config.dictConfig(_normalized_levels(LOGGING))


_LEVEL_NAMES = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _normalized_levels(config: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``config`` whose logger and handler levels are upper-cased and checked."""
    config = copy.deepcopy(config)
    sections = [*config.get("loggers", {}).values(), *config.get("handlers", {}).values()]
    if isinstance(config.get("root"), dict):
        sections.append(config["root"])
    for section in sections:
        level = section.get("level") if isinstance(section, dict) else None
        if not isinstance(level, str):
            continue
        name = level.strip().upper()
        if not isinstance(logging.getLevelName(name), int):  # 3.10: no getLevelNamesMapping
            raise ValueError(
                f"invalid log level {level!r} (LOG_LEVEL): use one of {', '.join(_LEVEL_NAMES)}"
            )
        section["level"] = name
    return config
