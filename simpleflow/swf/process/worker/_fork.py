"""``ForkedChild``: one activity process, forked with ``os.fork`` and watched through fds.

Leaner than ``multiprocessing.Process`` (its bootstrap, finalizers and sentinel pipes cost
about 0.5 ms of CPU in the poller and 0.4 ms in the child per activity), with what the
worker needs and nothing else:

* the child runs ``target(writer)`` and ends with ``os._exit``: the poller's ``atexit``
  handlers and ``multiprocessing`` finalizers never run there, its std streams are flushed
  first, its stdin (fd 0) is ``/dev/null`` and its non-daemon threads are joined, as with
  ``multiprocessing``; the objects inherited from the poller are frozen (``gc.freeze``);
  the exit code of an exception follows ``multiprocessing`` too
  (``SystemExit`` code, else 1 with the traceback on stderr);
* the child sends one message through a pipe (``writer.send_bytes``: a length header, then
  the bytes), which the poller reads as soon as it is complete, before the child exits;
* the poller learns of the exit through a pidfd (Linux), else through a pipe that only the
  child holds open; it reaps the child with ``waitpid``, so the exit code is
  ``os.waitstatus_to_exitcode`` of the status (negative: killed by that signal).

Objects inherited across the fork that must not be shared (the SWF clients) are reset by
the ``os.register_at_fork`` handlers of their modules.
"""

from __future__ import annotations

import gc
import os
import select
import struct
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import NoReturn

__all__ = ["ForkedChild", "OutcomeWriter"]

_HEADER = struct.Struct("!Q")  # length of the message that follows
_READ_CHUNK = 1 << 16
_LOST_STATUS = 255 << 8  # wait status of exit code 255
# Without a pidfd, the exit is also checked with ``waitpid`` at this period (a forked
# grandchild may hold the exit pipe open).
_FALLBACK_PERIOD = 0.05


class OutcomeWriter:
    """The child's end of the outcome pipe (``send_bytes`` as ``multiprocessing``'s)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def send_bytes(self, data: bytes) -> None:
        """Send one message; blocks while the pipe is full."""
        view = memoryview(_HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(self._fd, view) :]

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (AttributeError, ValueError, OSError):
            pass


_devnull: int | None = None  # opened once per process, shared by its children


def _devnull_fd() -> int:
    global _devnull
    if _devnull is None:
        _devnull = os.open(os.devnull, os.O_RDONLY)
    return _devnull


def _close_stdin(devnull: int) -> None:
    # As multiprocessing does, an activity never reads the worker's terminal; dup2 rather
    # than replacing sys.stdin: a new file object touches (copies) more of the parent's
    # memory, about 0.3 ms per activity.
    try:
        os.dup2(devnull, 0)
    except OSError:
        pass


def _join_threads() -> None:
    # As at the end of a Python program (and of a multiprocessing child).
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()


def _exit_code(error: SystemExit) -> int:
    if error.code is None:
        return 0
    if isinstance(error.code, int):
        return error.code
    sys.stderr.write(f"{error.code}\n")
    return 1


def _child(
    target: Callable[[OutcomeWriter], None], writer: OutcomeWriter, name: str, devnull: int
) -> NoReturn:
    # The poller's objects, inherited, are never garbage here: a collection of the oldest
    # generation would walk (and copy, page by page) all of them. An activity allocating
    # 100,000 dicts took 155 ms of CPU, 67 ms with this.
    gc.freeze()
    code = 1
    try:
        try:
            _close_stdin(devnull)
            target(writer)
            code = 0
        except SystemExit as err:
            code = _exit_code(err)
        except BaseException:  # noqa: BLE001 - the child's last word: an exit code
            sys.stderr.write(f"Process {name}:\n")
            traceback.print_exc()
        finally:
            writer.close()
            _join_threads()
    finally:
        _flush_std_streams()
        os._exit(code)


def _read_exact(fd: int, size: int) -> bytes | None:
    chunks = []
    while size > 0:
        chunk = os.read(fd, min(size, _READ_CHUNK))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class ForkedChild:
    """Fork a child running ``target(writer)``; the parent watches it.

    Args:
        target: run in the child; may send one message with ``writer.send_bytes``.
        name: shown in the traceback of an uncaught exception.
    """

    def __init__(self, target: Callable[[OutcomeWriter], None], name: str = "child") -> None:
        self.exitcode: int | None = None
        reader, writer = os.pipe()
        exit_reader, exit_writer = (-1, -1) if hasattr(os, "pidfd_open") else os.pipe()
        devnull = _devnull_fd()
        _flush_std_streams()  # else the child would print the parent's buffered output
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            if exit_reader >= 0:
                os.close(exit_reader)  # keeps exit_writer open until it exits
            _child(target, OutcomeWriter(writer), name, devnull)
        os.close(writer)
        self.pid = pid
        self._reader = reader
        self._exit_fd = exit_reader
        self._has_pidfd = False
        if exit_reader >= 0:
            os.close(exit_writer)
        else:
            try:
                self._exit_fd = os.pidfd_open(pid)
                self._has_pidfd = True
            except OSError:  # kernel before 5.3: waitpid every _FALLBACK_PERIOD
                pass

    @property
    def has_outcome_pipe(self) -> bool:
        """Whether the outcome pipe is still watched (no message read, no EOF yet)."""
        return self._reader >= 0

    def wait(self, timeout: float | None) -> tuple[bool, bool]:
        """Wait up to ``timeout`` seconds (``None``: forever) for news from the child.

        Returns:
            ``(outcome_readable, exited)``: a message (or EOF) can be read with
            :meth:`read_message`; the child exited (reap it with :meth:`join`).
        """
        poller = select.poll()
        if self._reader >= 0:
            poller.register(self._reader, select.POLLIN)
        if self._exit_fd >= 0:
            poller.register(self._exit_fd, select.POLLIN)
        if not self._has_pidfd and timeout is not None:
            timeout = min(timeout, _FALLBACK_PERIOD)
        elif not self._has_pidfd:
            timeout = _FALLBACK_PERIOD
        events = dict(poller.poll(None if timeout is None else timeout * 1000))
        readable = self._reader >= 0 and self._reader in events
        exited = self._exit_fd >= 0 and self._exit_fd in events
        if not self._has_pidfd and not exited:
            exited = self._poll_exit() is not None
        if exited and self._reader >= 0 and not readable:
            # Written before the exit, so readable now; never block on a pipe that a
            # forked grandchild may still hold open.
            readable = bool(select.select([self._reader], [], [], 0)[0])
        return readable, exited

    def read_message(self) -> bytes | None:
        """The child's message, ``None`` if it closed the pipe without a whole one.

        Stops watching the pipe: the child sends one message.
        """
        try:
            header = _read_exact(self._reader, _HEADER.size)
            data = None if header is None else _read_exact(self._reader, _HEADER.unpack(header)[0])
        except OSError:
            data = None
        finally:
            self._close_reader()
        return data

    def _close_reader(self) -> None:
        if self._reader >= 0:
            os.close(self._reader)
            self._reader = -1

    def _poll_exit(self) -> int | None:
        if self.exitcode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere: the status is lost, say 255
                pid, status = self.pid, _LOST_STATUS
            if pid:
                self._set_status(status)
        return self.exitcode

    def _set_status(self, status: int) -> None:
        self.exitcode = os.waitstatus_to_exitcode(status)
        if self._exit_fd >= 0:
            os.close(self._exit_fd)
            self._exit_fd = -1

    def join(self, timeout: float | None = None) -> int | None:
        """Reap the child, waiting up to ``timeout`` seconds (``None``: until it exits).

        Returns:
            Its exit code, ``None`` if it is still running after ``timeout``.
        """
        if self._poll_exit() is not None:
            return self.exitcode
        if timeout is None:
            try:
                _, status = os.waitpid(self.pid, 0)
            except ChildProcessError:
                status = _LOST_STATUS
            self._set_status(status)
            return self.exitcode
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if self._exit_fd >= 0:
                step = remaining if self._has_pidfd else min(remaining, _FALLBACK_PERIOD)
                select.select([self._exit_fd], [], [], step)
            else:
                time.sleep(min(remaining, _FALLBACK_PERIOD))
            if self._poll_exit() is not None:
                return self.exitcode

    def close(self) -> None:
        """Close the fds still open (the child must have been reaped, or be abandoned)."""
        self._close_reader()
        if self._exit_fd >= 0:
            os.close(self._exit_fd)
            self._exit_fd = -1
