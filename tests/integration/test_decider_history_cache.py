"""``simpleflow standalone`` decides the same workflows with and without the decider's
history cache (``SIMPLEFLOW_DECIDER_HISTORY_CACHE=0``): real decider and worker processes."""

from __future__ import annotations

import json
import os
from typing import Any

import pytest

from tests.data.cli_runner import history, parse_start_line, run_cli

pytestmark = pytest.mark.integration


def _decisions(events: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return sorted(
        (
            e["activityTaskScheduledEventAttributes"]["activityId"],
            e["activityTaskScheduledEventAttributes"]["input"],
        )
        for e in events
        if e["eventType"] == "ActivityTaskScheduled"
    )


def _run(domain: str, workflow: str, argument: int, cache: str | None) -> tuple[Any, Any]:
    env = dict(os.environ)
    env.pop("SIMPLEFLOW_DECIDER_HISTORY_CACHE", None)
    if cache is not None:
        env["SIMPLEFLOW_DECIDER_HISTORY_CACHE"] = cache
    result = run_cli(
        "standalone", "--domain", domain, "--nb-workers", "2", workflow,
        "--input", json.dumps([argument]), env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "fetching it from event 1" not in result.stderr
    events = history(domain, *parse_start_line(result.stdout))
    assert events[-1]["eventType"] == "WorkflowExecutionCompleted"
    return json.loads(result.stdout.splitlines()[1]), _decisions(events)


@pytest.mark.parametrize(
    ("workflow", "argument", "expected"),
    [
        ("tests.data.cli_workflows.MapWorkflow", 150, sum(range(1, 151))),
        ("tests.data.cache_workflows.ChainWorkflow", 30, 30),
    ],
    ids=["fan-out", "chain"],
)
def test_a_workflow_decided_with_the_cache_as_without(
    domain_name: str, workflow: str, argument: int, expected: int
) -> None:
    with_cache = _run(domain_name, workflow, argument, None)
    without = _run(domain_name, workflow, argument, "0")
    assert with_cache == without
    assert with_cache[0] == expected
    assert len(with_cache[1]) == argument
