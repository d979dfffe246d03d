"""Activities used by the process tests (unit and integration); names are module-qualified.

Activities that need to tell the test something (their pid, a grandchild's pid) write
files into the directory passed as argument.
"""

from __future__ import annotations

import datetime
import faulthandler
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from simpleflow import activity

TASK_LIST = "process-activities"


@activity.with_attributes(task_list=TASK_LIST, version="1")
def double(x: int) -> int:
    return x * 2


@activity.with_attributes(task_list=TASK_LIST, version="1")
def fail(message: str) -> None:
    raise ValueError(message)


@activity.with_attributes(task_list=TASK_LIST, version="1")
def fail_without_message() -> None:
    raise KeyError()


@activity.with_attributes(task_list=TASK_LIST, version="1")
def not_json() -> Any:
    return object()


@activity.with_attributes(task_list=TASK_LIST, version="1")
def too_big() -> str:
    return "x" * 40000


@activity.with_attributes(task_list=TASK_LIST, version="1")
def when() -> datetime.datetime:
    return datetime.datetime(2020, 1, 2, 3, 4, 5, 6)


@activity.with_attributes(task_list=TASK_LIST, version="1")
def kill_self(directory: str) -> None:
    (Path(directory) / f"{os.getpid()}.activity").write_text("")
    os.kill(os.getpid(), signal.SIGKILL)


@activity.with_attributes(task_list=TASK_LIST, version="1")
def segfault() -> None:
    faulthandler.disable()  # no traceback dump: the crash is the point
    os.kill(os.getpid(), signal.SIGSEGV)


@activity.with_attributes(task_list=TASK_LIST, version="1")
def exit_process(code: int | None) -> None:
    sys.exit(code)


@activity.with_attributes(task_list=TASK_LIST, version="1")
def builtin_exit() -> None:
    exit()  # the builtin a user may call, on purpose


@activity.with_attributes(task_list=TASK_LIST, version="1")
def vanish() -> None:
    os._exit(0)  # ends the process with status 0 and no report


@activity.with_attributes(task_list=TASK_LIST, version="1")
def sleep(seconds: float, directory: str | None = None) -> str:
    """Sleep, recording the pid (``<pid>.activity``) and completion (``<pid>.done``)."""
    if directory:
        (Path(directory) / f"{os.getpid()}.activity").write_text("")
    time.sleep(seconds)
    if directory:
        (Path(directory) / f"{os.getpid()}.done").write_text("")
    return "slept"


@activity.with_attributes(task_list=TASK_LIST, version="1")
def sleep_with_grandchild(directory: str) -> None:
    """Start a grandchild process, record both pids, sleep for a long time."""
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    (Path(directory) / f"{grandchild.pid}.grandchild").write_text("")
    (Path(directory) / f"{os.getpid()}.activity").write_text("")
    time.sleep(120)


@activity.with_attributes(task_list=TASK_LIST, version="1")
def signal_dispositions() -> dict[str, bool]:
    """Whether SIGTERM and SIGINT have their default behaviour in the activity process."""
    return {
        "SIGTERM": signal.getsignal(signal.SIGTERM) == signal.SIG_DFL,
        "SIGINT": signal.getsignal(signal.SIGINT) == signal.SIG_DFL,
    }


class Multiply:
    """A class-based activity: instantiated with the arguments, then ``execute()``."""

    def __init__(self, x: int, y: int = 1) -> None:
        self.x = x
        self.y = y

    def execute(self) -> int:
        return self.x * self.y


multiply = activity.with_attributes(task_list=TASK_LIST, version="1")(Multiply)


@activity.with_attributes(task_list=TASK_LIST, version="1")
def stops_on_request() -> None:
    """An activity that cleans up and stops as canceled (features §6.4)."""
    from simpleflow.exceptions import TaskCanceled

    raise TaskCanceled("cleaned up")


class AskCancel:
    """A class-based activity asking, through its context, whether it should stop."""

    context: dict[str, Any]

    def execute(self) -> bool:
        return bool(self.context["cancel_requested"]())


ask_cancel = activity.with_attributes(task_list=TASK_LIST, version="1")(AskCancel)


@activity.with_attributes(task_list=TASK_LIST, version="1")
def linger_after_result(directory: str) -> str:
    """Return at once, leaving a non-daemon thread that keeps the process alive."""
    import threading

    (Path(directory) / f"{os.getpid()}.activity").write_text("")
    threading.Thread(target=time.sleep, args=(120,), daemon=False).start()
    return "done"


@activity.with_attributes(task_list=TASK_LIST, version="1")
def read_stdin() -> str:
    """What the activity process reads on its standard input (fd 0: pytest replaces sys.stdin)."""
    return os.read(0, 100).decode()
