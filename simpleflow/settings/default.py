"""Built-in default values of the settings (see ``simpleflow.settings.base``)."""

from __future__ import annotations

import os
from typing import Any

DEFAULT_TIMEOUT = "300"  # 5 minutes, SWF durations are strings

WORKFLOW_DEFAULT_TASK_LIST = "default"
WORKFLOW_DEFAULT_VERSION = "default"
WORKFLOW_DEFAULT_EXECUTION_TIME = "3600"  # 1 hour
WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT = "300"

ACTIVITY_DEFAULT_TASK_LIST = "default"
ACTIVITY_DEFAULT_VERSION = "default"
ACTIVITY_DEFAULT_TIMEOUT = DEFAULT_TIMEOUT
# The four per-kind timeouts use the constant, not ACTIVITY_DEFAULT_TIMEOUT (as 0.11.9).
ACTIVITY_START_TO_CLOSE_TIMEOUT = DEFAULT_TIMEOUT
ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT = DEFAULT_TIMEOUT
ACTIVITY_SCHEDULE_TO_START_TIMEOUT = DEFAULT_TIMEOUT
ACTIVITY_HEARTBEAT_TIMEOUT = DEFAULT_TIMEOUT

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "simpleflow_formatter": {
            "()": "simpleflow.settings.logging_formatter.SimpleflowFormatter",
            "format": "%(asctime)s %(message)s",
        },
    },
    "handlers": {
        "console": {
            "level": "DEBUG",
            "class": "logging.StreamHandler",
            "formatter": "simpleflow_formatter",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "simpleflow": {
            "level": LOG_LEVEL,
            "handlers": ["console"],
            "propagate": False,
        },
        # The object layer logs too (connection retries, deprecations): same treatment.
        "swf": {
            "level": LOG_LEVEL,
            "handlers": ["console"],
            "propagate": False,
        },
    },
}
