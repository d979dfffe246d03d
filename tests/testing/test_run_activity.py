"""`run_activity`: one activity, here, with its context and the worker's JSON round trip."""

from __future__ import annotations

import pytest

from examples.basic import Delay, increment
from simpleflow.testing import run_activity
from tests.testing._workflows import Greeter, fail_loudly


def test_a_function_activity_returns_its_result() -> None:
    assert run_activity(increment, 3) == 4


def test_a_class_activity_gets_its_context_and_post_execute_runs() -> None:
    context = {"activity_id": "activity-x-7", "workflow_id": "w", "run_id": "r"}
    assert run_activity(Greeter, "ada", context=context) == {
        "greeting": "hello ada",
        "activity_id": "activity-x-7",
    }
    assert Greeter.post_executed is True  # type: ignore[attr-defined]


def test_the_default_context_names_the_activity() -> None:
    assert (
        run_activity(Greeter, "bob")["activity_id"] == "activity-tests.testing._workflows.Greeter-1"
    )


def test_the_result_is_what_the_workflow_would_see() -> None:
    assert run_activity(Delay, 0, (1, 2)) == [1, 2]  # a tuple comes back as a JSON list


def test_the_activity_error_propagates() -> None:
    with pytest.raises(ValueError, match="boom"):
        run_activity(fail_loudly, "boom")


def test_only_activities_are_accepted() -> None:
    with pytest.raises(TypeError, match="needs a simpleflow Activity"):
        run_activity(len, [1])  # type: ignore[arg-type]
