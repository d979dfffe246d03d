"""Live progress of an execution on stderr, for ``standalone`` and ``workflow.start --wait``.

On a terminal: one live line (rich), redrawn a few times a second, with the elapsed time
and the activities scheduled, running, completed, failed and retried (plus open child
workflows and timers when the history has any). While it is shown, whatever this process
and its children write to stderr is passed through a pipe and printed above the line, so
the line stays whole. Off a terminal: a plain line every ``PLAIN_PERIOD`` seconds and one
at the end. stdout is never touched.

The counts come from the execution's history (``simpleflow._task_rows``), fetched again
every ``FETCH_PERIOD`` seconds (less often when the fetch itself is slow) by a background
thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Iterator
from typing import IO, Any

from simpleflow._task_rows import ProgressCounts, RowsBuilder, progress_counts

__all__ = ["Progress", "format_line", "progress_display"]

logger = logging.getLogger(__name__)

FETCH_PERIOD = 1.0
"""Seconds between two history fetches (at least three times the last fetch's duration)."""
PLAIN_PERIOD = 5.0
"""Seconds between two plain progress lines when stderr is not a terminal."""
_REFRESH_PER_SECOND = 4
_JOIN_TIMEOUT = 2.0


def format_elapsed(seconds: float) -> str:
    """``0:00:07``, ``1:02:03``."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"


def format_line(counts: ProgressCounts | None, elapsed: float) -> str:
    """The progress line, e.g. ``0:00:07 activities: 1 scheduled, 2 running, 3 completed,
    0 failed, 1 retried; children: 1 open; timers: 2 open``."""
    text = format_elapsed(elapsed)
    if counts is None:
        return f"{text} waiting for the history"
    text += (
        f" activities: {counts.scheduled} scheduled, {counts.running} running, "
        f"{counts.completed} completed, {counts.failed} failed, {counts.retried} retried"
    )
    if counts.children is not None:
        text += f"; children: {counts.children} open"
    if counts.timers is not None:
        text += f"; timers: {counts.timers} open"
    return text


class Progress:
    """The progress of one execution, shown while the block of ``progress_display`` runs.

    ``watch(execution)`` starts fetching its history in the background; ``finish()`` does
    one last fetch, shows the final line and stops. A disabled ``Progress`` does nothing.
    """

    def __init__(
        self,
        stream: IO[str] | None,
        live: Any = None,
        fetch_period: float = FETCH_PERIOD,
        plain_period: float = PLAIN_PERIOD,
    ) -> None:
        self._stream = stream
        self._live = live
        self._fetch_period = fetch_period
        self._plain_period = plain_period
        self._builder = RowsBuilder()
        self._counts: ProgressCounts | None = None
        self._started = time.monotonic()
        self._closed_elapsed: float | None = None
        self._execution: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._out_lock = threading.Lock()
        self._finished = False
        if live is not None:
            live.update(_LiveLine(self), refresh=False)  # recomputed at every refresh

    @property
    def enabled(self) -> bool:
        return self._stream is not None or self._live is not None

    @property
    def counts(self) -> ProgressCounts | None:
        """The counts of the last fetch (``None`` before the first)."""
        return self._counts

    def line(self) -> str:
        """The current progress line."""
        elapsed = self._closed_elapsed
        if elapsed is None:
            elapsed = time.monotonic() - self._started
        return format_line(self._counts, elapsed)

    def watch(self, execution: Any) -> None:
        """Start following ``execution`` (a ``swf.models.WorkflowExecution``)."""
        if not self.enabled or self._thread is not None:
            return
        self._execution = execution
        self._started = time.monotonic()
        if self._live is not None:
            self._live.start()
        self._thread = threading.Thread(target=self._loop, name="simpleflow-progress", daemon=True)
        self._thread.start()

    def finish(self, fetch: bool = True) -> None:
        """Stop following; with ``fetch``, fetch the history once more first. Shows the
        final line."""
        if self._finished:
            return
        self._finished = True
        with self._out_lock:
            self._stop.set()
        if self._thread is not None:
            self._thread.join(_JOIN_TIMEOUT)
        if self._execution is None:
            return
        if fetch:
            self._fetch()
        if self._live is not None:
            from rich.text import Text

            self._live.update(Text(self.line(), no_wrap=True, overflow="ellipsis"), refresh=True)
            self._live.stop()
        elif self._stream is not None:
            self._write_plain()

    def _fetch(self) -> None:
        from simpleflow.swf._execution_rows import refresh_rows

        try:
            with self._lock:
                rows = refresh_rows(self._execution, self._builder)
        except Exception as err:  # the progress line must never stop the command
            logger.debug("cannot fetch the history for the progress line: %s", err, exc_info=True)
            return
        self._counts = progress_counts(rows)
        if not rows.is_open:
            self._closed_elapsed = rows.duration

    def _loop(self) -> None:
        last_plain = time.monotonic()
        while not self._stop.is_set():
            begin = time.monotonic()
            self._fetch()
            took = time.monotonic() - begin
            with self._out_lock:
                if self._stop.is_set():
                    break
                due = time.monotonic() - last_plain >= self._plain_period
                # Once the history closes, ``finish`` prints the last line.
                if self._live is None and due and self._closed_elapsed is None:
                    self._write_plain()
                    last_plain = time.monotonic()
            self._stop.wait(max(self._fetch_period, 3 * took))

    def _write_plain(self) -> None:
        assert self._stream is not None
        try:
            self._stream.write(f"progress: {self.line()}\n")
            self._stream.flush()
        except (OSError, ValueError):
            pass


class _LiveLine:
    """The renderable of the live line: the current line after a spinner."""

    def __init__(self, progress: Progress) -> None:
        from rich.spinner import Spinner

        self._progress = progress
        self._spinner = Spinner("dots")

    def __rich__(self) -> Any:
        from rich.text import Text

        self._spinner.update(text=Text(self._progress.line(), no_wrap=True, overflow="ellipsis"))
        return self._spinner


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def progress_display(
    enabled: bool,
    stream: IO[str] | None = None,
    fetch_period: float = FETCH_PERIOD,
    plain_period: float = PLAIN_PERIOD,
) -> Iterator[Progress]:
    """A ``Progress`` for the duration of the block (on ``stream``, default stderr).

    Enter it before starting child processes: on a terminal, stderr (file descriptor 2) is
    routed through a pipe for the whole block, children included, and every line written
    to it is printed above the live line.
    """
    stream = sys.stderr if stream is None else stream
    if not enabled:
        yield Progress(None, fetch_period=fetch_period)
        return
    if not _is_terminal(stream) or not _has_rich():
        progress = Progress(stream, fetch_period=fetch_period, plain_period=plain_period)
        try:
            yield progress
        finally:
            progress.finish(fetch=False)
        return
    with _terminal_live(stream) as live:
        progress = Progress(None, live=live, fetch_period=fetch_period)
        try:
            yield progress
        finally:
            progress.finish(fetch=False)


def _has_rich() -> bool:
    try:
        import rich  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def _terminal_live(stream: IO[str]) -> Iterator[Any]:
    """A rich ``Live`` on the terminal behind ``stream``, fd 2 piped above it meanwhile."""
    from rich.console import Console
    from rich.live import Live

    fd = stream.fileno()
    stream.flush()
    terminal = os.fdopen(os.dup(fd), "w", encoding="utf-8", errors="replace")
    console = Console(file=terminal, force_terminal=True, highlight=False)
    live = Live(
        console=console,
        refresh_per_second=_REFRESH_PER_SECOND,
        transient=False,
        redirect_stdout=False,  # stdout carries the results: never through the live display
        redirect_stderr=False,  # fd 2 is relayed below, children included
    )
    read_end, write_end = os.pipe()
    os.dup2(write_end, fd)
    os.close(write_end)
    relay = threading.Thread(
        target=_relay, args=(read_end, console), name="simpleflow-stderr", daemon=True
    )
    relay.start()
    try:
        yield live
    finally:
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
        if live.is_started:
            live.stop()
        os.dup2(terminal.fileno(), fd)  # closes this process's write end of the pipe
        relay.join(_JOIN_TIMEOUT)  # EOF once every child holding the pipe has exited
        with contextlib.suppress(OSError):
            terminal.flush()
            terminal.close()


def _relay(read_end: int, console: Any) -> None:
    """Print every line read from the pipe above the live line, until EOF."""
    from rich.text import Text

    pending = b""
    try:
        while True:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                console.print(Text.from_ansi(line.decode("utf-8", "replace")), soft_wrap=True)
        if pending:
            console.print(Text.from_ansi(pending.decode("utf-8", "replace")), soft_wrap=True)
    except (OSError, ValueError):
        pass
    finally:
        with contextlib.suppress(OSError):
            os.close(read_end)
