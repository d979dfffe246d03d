"""Task ids of the replay executor (spec §16.4, features §1.10): a wire format.

Ids must come out identical at every replay of the same history, or tasks get scheduled
twice: they depend only on the task, its arguments, per-replay counters and the ids of
this execution.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import Any

from simpleflow.utils import json_dumps

__all__ = ["TaskRegistry", "hex_hash", "md5_hex", "shorten_task_id"]

#: SWF rejects activity, workflow and timer ids longer than this.
MAX_TASK_ID_LENGTH = 256


def md5_hex(text: str) -> str:
    # Identifiers only, not security: FIPS hosts reject md5 unless told so.
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def hex_hash(text: str | None) -> str:
    """`'0'` for an empty value, else the adler32 of `text` in lower-case hex (no padding)."""
    if not text:
        return "0"
    return format(zlib.adler32(text.encode("utf-8")) & 0xFFFFFFFF, "x")


def arguments_hash(args: Any, kwargs: Any) -> str:
    """The md5 of the JSON arguments: the suffix of idempotent ids."""
    return md5_hex(json_dumps({"args": args, "kwargs": kwargs}))


def shorten_task_id(task_id: str) -> str:
    """`task_id`, or for an id over 256 characters its first 223 characters, `-` and the
    md5 of the whole id (0.11.9 sent long ids, which SWF rejected)."""
    if len(task_id) <= MAX_TASK_ID_LENGTH:
        return task_id
    return f"{task_id[:223]}-{md5_hex(task_id)}"


class TaskRegistry(dict[str, int]):
    """Per task name counters used for the ids of non-idempotent tasks."""

    def add(self, task: Any) -> int:
        """Increment and return the counter of `task.name` (starting at 1)."""
        count: int = self.get(task.name, 0) + 1
        self[task.name] = count
        return count
