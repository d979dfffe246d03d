"""The shared behaviour suite, run through SWF replay with an in-memory driver."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.data.behaviour import CASES, Case
from tests.simpleflow.swf._driver import run_workflow


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_replay_matches_the_expected_behaviour(case: Case, tmp_path: Path) -> None:
    outcome = run_workflow(case.workflow, case.materialize(tmp_path))
    if case.error is None:
        assert outcome.completed, outcome.decision
        assert outcome.result == case.result
    else:
        assert not outcome.completed, outcome.decision
        assert case.error in outcome.reason


def test_retry_case_runs_the_activity_once_per_attempt(tmp_path: Path) -> None:
    [case] = [case for case in CASES if case.id == "retry-success"]
    outcome = run_workflow(case.workflow, case.materialize(tmp_path))
    assert outcome.result == 3
    # retried with the same id each time
    assert len(outcome.scheduled) == 3
    assert len(set(outcome.scheduled)) == 1
