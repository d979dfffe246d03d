"""Parent side of ``simpleflow.execute.python``: start the child and read its record.

How a call travels:

- the command is ``[interpreter, '-m', 'simpleflow.execute', '--result-file',
  PATH, '--arguments-fd', FD, FUNCNAME]``, run without a shell, in a new
  session (its own process group, so a timeout can kill every process it
  started);
- the JSON arguments are written to a pipe (``FD``) by a feeder thread, so
  their size is not bounded by the OS command-line limit;
- the child writes one record to ``PATH``, a file in a private temporary
  directory (mode 0700) removed after the call; stdout and stderr are never
  parsed;
- the child inherits stdin, cwd and the environment (or ``env``); its stdout
  and stderr are captured, their tails (at most :data:`MAX_OUTPUT_TAIL` bytes
  each) are logged at DEBUG, and the stderr tail is quoted in the
  ``ExecutionError`` raised when the child dies without a record.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any

from simpleflow import _execute_protocol as protocol
from simpleflow.exceptions import ExecutionError

logger = logging.getLogger(__name__)

#: Bytes of each child output stream kept for logging and error messages.
MAX_OUTPUT_TAIL = 64 * 1024
#: Characters of stderr quoted in an ``ExecutionError``.
MAX_STDERR_IN_MESSAGE = 2000
#: Characters of an argument payload shown in DEBUG logs.
MAX_LOGGED_PAYLOAD = 200
#: Seconds to wait for the output readers once the child has exited (a
#: grandchild that inherited the pipes may keep them open).
_READER_GRACE = 2.0


@dataclass(frozen=True, slots=True)
class ChildOutcome:
    """What a finished child left behind."""

    returncode: int
    record: str
    stdout_tail: bytes
    stderr_tail: bytes


class _TailReader:
    """Drain a pipe in a thread, keeping only its last bytes."""

    def __init__(self, stream: IO[bytes], limit: int = MAX_OUTPUT_TAIL) -> None:
        self._stream = stream
        self._limit = limit
        self._buffer = bytearray()
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        try:
            while chunk := os.read(self._stream.fileno(), 65536):
                self._buffer += chunk
                if len(self._buffer) > 2 * self._limit:
                    del self._buffer[: -self._limit]
        finally:
            self._stream.close()

    def tail(self, timeout: float) -> bytes:
        self._thread.join(timeout)
        return bytes(self._buffer[-self._limit :])


def _feed(fd: int, payload: bytes) -> None:
    try:
        with open(fd, "wb") as stream:
            stream.write(payload)
    except OSError:
        # The child exited (or crashed) before reading everything; its exit
        # status and record tell the story.
        logger.debug("child stopped reading its arguments", exc_info=True)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        logger.debug("process group %s already gone", process.pid)


def _create_result_file(directory: str) -> str:
    path = os.path.join(directory, "record.json")
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return path


def _spawn(
    command: list[str], arguments_fd: int, env: Mapping[str, str] | None
) -> subprocess.Popen[bytes]:
    try:
        return subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=(arguments_fd,),
            env=env,
            start_new_session=True,
        )
    except OSError as err:
        raise ExecutionError(
            f"cannot start the interpreter {command[0]!r} ({err}); install it, put it on "
            "PATH, or pass its path as `interpreter`"
        ) from err


def run_child(
    interpreter: str,
    funcname: str,
    payload: str,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
) -> ChildOutcome:
    """Run ``funcname`` in ``interpreter`` with the JSON arguments ``payload``.

    Raises:
        ExecutionError: the interpreter cannot be started, or the timeout expired
            (the child's process group is then killed).
    """
    workdir = tempfile.mkdtemp(prefix="simpleflow-execute-")
    try:
        result_file = _create_result_file(workdir)
        read_fd, write_fd = os.pipe()
        command = [
            interpreter,
            "-m",
            "simpleflow.execute",
            protocol.RESULT_FILE_OPTION,
            result_file,
            protocol.ARGUMENTS_FD_OPTION,
            str(read_fd),
            funcname,
        ]
        logger.debug(
            "running %s with %s; arguments: %s",
            funcname,
            interpreter,
            _truncate(payload, MAX_LOGGED_PAYLOAD),
        )
        try:
            process = _spawn(command, read_fd, env)
        except BaseException:
            os.close(write_fd)
            raise
        finally:
            os.close(read_fd)
        # Not ``with process``: closing the pipes under a reader thread that a
        # grandchild keeps blocked would be unsafe; the readers close them.
        return _supervise(process, write_fd, payload, timeout, result_file, funcname)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _supervise(
    process: subprocess.Popen[bytes],
    write_fd: int,
    payload: str,
    timeout: float | None,
    result_file: str,
    funcname: str,
) -> ChildOutcome:
    assert process.stdout is not None and process.stderr is not None
    feeder = threading.Thread(target=_feed, args=(write_fd, payload.encode("utf-8")), daemon=True)
    feeder.start()
    stdout = _TailReader(process.stdout)
    stderr = _TailReader(process.stderr)
    try:
        returncode = process.wait(timeout)
    except subprocess.TimeoutExpired as expired:
        _kill_group(process)
        process.wait()
        raise ExecutionError(
            f"{funcname} did not finish within {timeout} seconds; its process group "
            f"(pid {process.pid}) was killed"
        ) from expired
    finally:
        if process.returncode is None:  # interrupted (e.g. KeyboardInterrupt)
            _kill_group(process)
            process.wait()
        feeder.join(_READER_GRACE)
        stdout_tail = stdout.tail(_READER_GRACE)
        stderr_tail = stderr.tail(_READER_GRACE)
        _log_output(funcname, process.pid, stdout_tail, stderr_tail)
    with open(result_file, encoding="utf-8", errors="replace") as channel:
        record = channel.read()
    return ChildOutcome(returncode, record, stdout_tail, stderr_tail)


def _log_output(funcname: str, pid: int, stdout: bytes, stderr: bytes) -> None:
    if not logger.isEnabledFor(logging.DEBUG):
        return
    for name, data in (("stdout", stdout), ("stderr", stderr)):
        if data:
            text = data.decode("utf-8", errors="replace")
            logger.debug(
                "%s (pid %s) %s, last %d chars:\n%s",
                funcname,
                pid,
                name,
                min(len(text), MAX_STDERR_IN_MESSAGE),
                text[-MAX_STDERR_IN_MESSAGE:],
            )


def describe_exit(returncode: int) -> str:
    """``'exited with code 3'`` or ``'was killed by signal SIGSEGV (11)'``."""
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = "signal"
        return f"was killed by signal {name} ({-returncode})"
    return f"exited with code {returncode}"


def _stderr_excerpt(stderr: bytes) -> str:
    text = stderr.decode("utf-8", errors="replace").rstrip()
    if not text:
        return "stderr was empty"
    if len(text) > MAX_STDERR_IN_MESSAGE:
        text = "..." + text[-MAX_STDERR_IN_MESSAGE:]
    return f"stderr tail:\n{text}"


def interpret(outcome: ChildOutcome, funcname: str, interpreter: str) -> Any:
    """Return the child's result or raise its (rebuilt) exception.

    Raises:
        ExecutionError: no record (hard crash), or malformed record.
        Exception: the child's exception, rebuilt (see ``_execute_protocol``).
    """
    where = f"{funcname} in {interpreter!r}"
    if not outcome.record:
        raise ExecutionError(
            f"{where} {describe_exit(outcome.returncode)} without reporting a result or an "
            f"error (the interpreter crashed or exited early); "
            f"{_stderr_excerpt(outcome.stderr_tail)}"
        )
    try:
        kind, value = protocol.decode_record(outcome.record)
    except protocol.RecordError as err:
        raise ExecutionError(
            f"{where} {describe_exit(outcome.returncode)} and left a malformed record: {err}; "
            f"{_stderr_excerpt(outcome.stderr_tail)}"
        ) from None
    if kind == "error":
        raise protocol.rebuild_exception(value)
    if outcome.returncode != 0:
        logger.warning(
            "%s returned a result but then %s; using the result",
            where,
            describe_exit(outcome.returncode),
        )
    return value


def call(
    interpreter: str | None,
    funcname: str,
    payload: str,
    timeout: float | None = None,
    env: Mapping[str, str] | None = None,
) -> Any:
    """Run ``funcname`` in a child interpreter (``None``: this one) and return its result."""
    executable = interpreter or sys.executable
    if not executable:
        raise ExecutionError(
            "cannot tell which interpreter is running (sys.executable is empty); "
            "pass `interpreter` explicitly"
        )
    outcome = run_child(executable, funcname, payload, timeout, env)
    return interpret(outcome, funcname, executable)
