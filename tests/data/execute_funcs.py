"""Callables run in child interpreters by tests/simpleflow/test_execute.py.

The child imports this module by name (``tests.data.execute_funcs``), so it
must import only the standard library and simpleflow's pure modules.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
import time
import warnings

from simpleflow import activity, execute
from simpleflow.exceptions import TimeoutError as SimpleflowTimeoutError


class CustomError(Exception):
    """A user exception with extra attributes, defined next to the callables."""

    def __init__(self, code: int, detail: str) -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail
        self.labels = ["a", "b"]


class Outer:
    class NestedError(Exception):
        """Reachable through a dotted qualname."""


@execute.python()
def increment_each(xs: list[int]) -> list[int]:
    return [x + 1 for x in xs]


@execute.python()
def add(a: int, b: int = 1) -> int:
    return a + b


@execute.python()
class Adder:
    def __init__(self, a: int, b: int = 1) -> None:
        self.a = a
        self.b = b

    def execute(self) -> int:
        return self.a + self.b


@activity.with_attributes(task_list="execute-tests")
@execute.python()
def multiply_activity(a: int, b: int) -> int:
    return a * b


@execute.python()
def echo(value: object) -> object:
    return value


@execute.python()
def echo_kwargs(**kwargs: object) -> object:
    return kwargs


@execute.python()
def getenv(name: str) -> str | None:
    return os.environ.get(name)


@execute.python()
def length(text: str) -> int:
    return len(text)


@execute.python()
def noisy(value: object) -> object:
    """Print things that look like results and error records."""
    print("42")
    print('{"result": "spoofed"}')
    print('{"error": {"module": "builtins", "qualname": "SystemExit"}}', file=sys.stderr)
    print("gASVAAAAAAAAAA==")
    sys.stdout.write("no newline at the end")
    sys.stderr.write("Exception: spoofed('boom')")
    warnings.warn("a warning from the child", UserWarning, stacklevel=1)
    sys.stdout.flush()
    os.write(1, b"\n{'raw': 'fd write'}\n")
    return value


@execute.python()
def add_int_and_str() -> object:
    return 1 + "a"  # type: ignore[operator]


@execute.python()
def raise_custom(code: int) -> None:
    raise CustomError(code, "boom")


@execute.python()
def raise_nested() -> None:
    raise Outer.NestedError("deep")


@execute.python()
def raise_simpleflow_timeout() -> None:
    raise SimpleflowTimeoutError("timeout", 1)


@execute.python()
def raise_local_class() -> None:
    class LocalError(Exception):
        pass

    raise LocalError("defined in a function")


@execute.python()
def raise_unloaded_module_class() -> None:
    # A class whose module the parent has never imported.
    error_class = type("ChildOnlyError", (Exception,), {"__module__": "simpleflow_child_only"})
    raise error_class("not importable in the parent")


@execute.python()
def exit_with_status(status: int) -> None:
    sys.exit(status)


@execute.python()
def return_unserializable() -> object:
    return {1, 2}


@execute.python()
def hard_exit(status: int) -> None:
    sys.stderr.write("about to leave without a record\n")
    sys.stderr.flush()
    os._exit(status)


@execute.python()
def abort() -> None:
    os.abort()


@execute.python()
def segfault() -> None:
    ctypes.string_at(0)


@execute.python()
def corrupt_record_and_exit() -> None:
    """Write garbage to the result channel, then leave before the child runner does."""
    path = sys.argv[sys.argv.index("--result-file") + 1]
    with open(path, "w", encoding="utf-8") as channel:
        channel.write("not json {")
    os._exit(0)


@execute.python()
def sleep_with_grandchild(pid_file: str) -> None:
    """Start a grandchild, record both pids, then hang past the timeout."""
    grandchild = subprocess.Popen(["sleep", "60"])
    with open(pid_file + ".tmp", "w", encoding="utf-8") as stream:
        stream.write(f"{os.getpid()} {grandchild.pid}")
    os.replace(pid_file + ".tmp", pid_file)
    time.sleep(60)


@execute.python()
def version_info() -> list[int]:
    return list(sys.version_info[:2])


@execute.python()
def module_paths() -> list[str]:
    return sorted(name for name in sys.modules if name.split(".")[0] in ("boto3", "botocore"))
