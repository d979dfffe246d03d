"""Helpers to test workflows: replay recorded histories, run executions on the local engine.

- `replay_history` / `assert_replays`: check that the current code of a workflow makes the
  decisions recorded in histories of earlier executions (pure: no SWF, no activity runs).
- `WorkflowEnvironment` (and the `simpleflow_env` pytest fixture): the local SWF engine, a
  decider and a worker, to run one execution to its end.
- `run_activity`: run one activity with its context, without a worker.
"""

from __future__ import annotations

from simpleflow.testing._assertions import assert_replays
from simpleflow.testing._commands import Command
from simpleflow.testing._history_input import (
    InvalidHistory,
    RecordedHistory,
    load_history,
    read_history_file,
)
from simpleflow.testing._replayer import Divergence, ReplayReport, replay_history

__all__ = [
    "Command",
    "Divergence",
    "InvalidHistory",
    "RecordedHistory",
    "ReplayReport",
    "assert_replays",
    "load_history",
    "read_history_file",
    "replay_history",
]
