"""Every recorded real run (tests/data/histories/recorded/) replays with the current code.

The files are made by ``script/record-histories`` (the examples, run on the local engine by
a real decider and worker). An accidental change of the decisions a workflow makes fails
here; re-record only when the change is intended.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from simpleflow.testing import assert_replays

HISTORIES = Path(__file__).resolve().parents[1] / "data" / "histories"
RECORDED = HISTORIES / "recorded"
FILES = sorted(RECORDED.glob("*.json"))
# The behaviour cases recorded for tests/simpleflow/swf/test_recorded_histories.py (their
# first schedules fail with ACTIVITY_TYPE_DOES_NOT_EXIST): the replayer agrees with them too.
BEHAVIOUR = sorted(HISTORIES.glob("*.json"))


def test_the_recorded_runs_are_there() -> None:
    assert {path.stem for path in FILES} >= {"basic", "canvas", "failing"}


@pytest.mark.parametrize("path", FILES + BEHAVIOUR, ids=[p.stem for p in FILES + BEHAVIOUR])
def test_a_recorded_run_replays_with_the_current_code(path: Path) -> None:
    module, _, name = json.loads(path.read_text(encoding="utf-8"))["workflow"].rpartition(".")
    workflow = getattr(importlib.import_module(module), name)
    [report] = assert_replays(workflow, path)
    assert report.decision_points >= 2


def test_a_folder_fails_with_the_report_of_the_first_divergent_file(tmp_path: Path) -> None:
    from tests.testing._workflows import SwappedBasicWorkflow

    (tmp_path / "basic.json").write_text((RECORDED / "basic.json").read_text(), encoding="utf-8")
    with pytest.raises(
        AssertionError, match=r"DIVERGED: .* at decision point \d+ .*\n  hint: tasks reordered"
    ):
        assert_replays(SwappedBasicWorkflow, tmp_path)
