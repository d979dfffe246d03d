"""Helpers to test workflows: replay recorded histories, run executions on the local engine.

- `replay_history` / `assert_replays`: check that the current code of a workflow makes the
  decisions recorded in histories of earlier executions (pure: no SWF, no activity runs).
- `WorkflowEnvironment` (and the `simpleflow_env` pytest fixture): the local SWF engine, a
  decider and a worker, to run one execution to its end.
- `run_activity`: run one activity with its context, without a worker.
"""

from __future__ import annotations

from simpleflow.testing._activity import run_activity
from simpleflow.testing._assertions import assert_replays
from simpleflow.testing._commands import Command
from simpleflow.testing._environment import WorkflowEnvironment, WorkflowRun
from simpleflow.testing._history_input import (
    InvalidHistory,
    RecordedHistory,
    load_history,
    read_history_file,
)
from simpleflow.testing._replayer import Divergence, ReplayReport, replay_history


def __getattr__(name: str) -> object:
    # pytest is imported only by those who ask for the fixture.
    if name == "simpleflow_env":
        from simpleflow.testing.pytest_plugin import simpleflow_env

        return simpleflow_env
    raise AttributeError(f"module 'simpleflow.testing' has no attribute {name!r}")


__all__ = [
    "Command",
    "Divergence",
    "InvalidHistory",
    "RecordedHistory",
    "ReplayReport",
    "WorkflowEnvironment",
    "WorkflowRun",
    "assert_replays",
    "load_history",
    "read_history_file",
    "replay_history",
    "run_activity",
    "simpleflow_env",
]
