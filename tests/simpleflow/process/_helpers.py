"""Waiting helpers for process tests: poll a condition until a deadline (no bare sleeps)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def wait_until(predicate: Callable[[], object], timeout: float = 10.0, what: str = "") -> None:
    """Poll ``predicate`` every 20 ms until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or predicate}")
        time.sleep(0.02)


def read_pids(directory: Path, suffix: str) -> list[int]:
    return sorted(int(path.name.split(".")[0]) for path in directory.glob(f"*.{suffix}"))
