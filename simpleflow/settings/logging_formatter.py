"""The ``simpleflow`` log line format."""

from __future__ import annotations

import datetime
import logging
import os
import sys

RED = "\033[91m"
GREEN = "\033[92m"
YELLOW = "\033[93m"
BLUE = "\033[94m"
END = "\033[0m"

_COLORS = {
    "CRITICAL": RED,
    "ERROR": RED,
    "WARNING": YELLOW,
    "INFO": GREEN,
    "DEBUG": BLUE,
}


def colorize(level: str, message: str) -> str:
    """Wrap ``message`` in the ANSI colour of ``level`` (unchanged for unknown levels)."""
    color = _COLORS.get(level)
    if color is None:
        return message
    return f"{color}{message}{END}"


def _is_tty() -> bool:
    # The console handler writes to stderr; colour only when that stream is a terminal,
    # and never when NO_COLOR is set to a non-empty value (https://no-color.org).
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # closed stream
        return False


class SimpleflowFormatter(logging.Formatter):
    """``<ISO local time> <LEVEL> [process=<name>, pid=<pid>]: <message>``."""

    def format(self, record: logging.LogRecord) -> str:
        timestamp = datetime.datetime.fromtimestamp(record.created).replace(microsecond=0)
        level = record.levelname
        if _is_tty():
            level = colorize(level, level)
        line = (
            f"{timestamp.isoformat()} {level} "
            f"[process={record.processName}, pid={record.process}]: {record.getMessage()}"
        )
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            line = f"{line}\n{record.exc_text}"
        if record.stack_info:
            line = f"{line}\n{self.formatStack(record.stack_info)}"
        return line
