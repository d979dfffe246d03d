"""The behaviour suite (tests/data/behaviour.py) run with the local executor."""

from __future__ import annotations

from pathlib import Path

import pytest

from simpleflow.local import Executor
from tests.data.behaviour import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_behaviour(case: Case, tmp_path: Path) -> None:
    executor = Executor(case.workflow)
    workflow_input = case.materialize(tmp_path)
    if case.error is None:
        assert executor.run(workflow_input) == case.result
    else:
        with pytest.raises(Exception) as info:
            executor.run(workflow_input)
        assert case.error in f"{info.value!r} {info.value}"


def test_case_ids_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


def test_materialize_replaces_the_placeholder(tmp_path: Path) -> None:
    case = next(case for case in CASES if case.id == "retry-success")
    resolved = case.materialize(tmp_path)
    assert resolved["args"][0] == str(tmp_path / "retry-success.count")
    assert case.input["args"][0] == "{tmp}"  # the case itself is unchanged
