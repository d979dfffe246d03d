"""Registry of tasks by label; every ``Activity`` registers itself under label ``None``."""

from __future__ import annotations

from collections import defaultdict
from typing import Any


class Registry:
    """Maps a label to ``{task name: task}``."""

    def __init__(self) -> None:
        self._tasks: defaultdict[Any, dict[str, Any]] = defaultdict(dict)

    def __getitem__(self, label: Any) -> dict[str, Any]:
        return self._tasks[label]

    def register(self, task: Any, label: Any = None) -> None:
        """Store ``task`` under ``self[label][task.name]`` (an existing entry is replaced)."""
        self._tasks[label][task.name] = task

    def execute(self) -> None:
        raise NotImplementedError()


registry = Registry()
