"""simpleflow: dataflow programming with Amazon SWF.

Importing simpleflow has no side effect: logging is configured by
``simpleflow.settings.configure_logging()``, which the command line calls.
"""

from __future__ import annotations

from simpleflow import settings
from simpleflow.activity import Activity
from simpleflow.retry_policy import RetryPolicy
from simpleflow.workflow import Workflow

__version__ = "1.0.0.dev0"
__author__ = "Greg Leclercq"
__license__ = "MIT"

__all__ = ["Activity", "RetryPolicy", "Workflow", "settings"]
