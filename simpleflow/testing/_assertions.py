"""`assert_replays`: fail a test when recorded histories no longer replay."""

from __future__ import annotations

from pathlib import Path

from simpleflow.testing._history_input import InvalidHistory, read_history_file
from simpleflow.testing._replayer import ReplayReport, replay_history
from simpleflow.workflow import Workflow

__all__ = ["assert_replays", "history_files"]


def history_files(path: str | Path) -> list[Path]:
    """`path` itself if it is a file, else the `*.json` files of the folder, sorted.

    Raises:
        InvalidHistory: `path` does not exist, or the folder holds no `*.json` file.
    """
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InvalidHistory(f"no history file or folder at '{path}'")
    files = sorted(path.glob("*.json"))
    if not files:
        raise InvalidHistory(f"folder '{path}' holds no *.json history file")
    return files


def assert_replays(workflow_class: type[Workflow], path: str | Path) -> list[ReplayReport]:
    """Check that the current code of `workflow_class` replays recorded histories.

    Args:
        workflow_class: the `simpleflow.Workflow` subclass.
        path: a history file (JSON, as `simpleflow workflow.history --output-format events`
            writes it), or a folder whose `*.json` files are all replayed.

    Returns:
        The report of each file, when all of them agree.

    Raises:
        AssertionError: a history diverges; the message is the report of the first one.
        InvalidHistory: a file is not a history, or not one of `workflow_class`'s type.
    """
    __tracebackhide__ = True  # pytest shows the report, not this frame
    reports = []
    for file in history_files(path):
        report = replay_history(workflow_class, read_history_file(file))
        if not report.ok:
            raise AssertionError(str(report))
        reports.append(report)
    return reports
