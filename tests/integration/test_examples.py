"""Every feature example, run for real: ``workflow.start --local``, and ``standalone
--local-server`` (the local SWF engine) with real decider and worker processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.data.cli_runner import Background, parse_start_line, run_cli

pytestmark = pytest.mark.integration

EXAMPLES = {
    "child_workflow.ParentWorkflow": ("[]", "3² + 4² = 25"),
    "signals.SignalsWorkflow": (
        "[]",
        "received signal 'go': {'args': [42], 'kwargs': {'unit': 'ms'}, '__propagate': False}",
    ),
    "marker.MarkerWorkflow": (
        "[]",
        "markers: [('phase', {'step': 1}), ('phase', {'step': 2, 'value': 2})]",
    ),
    "timer.TimerWorkflow": ("[5, 1]", "after a 1 s timer: 5 * 2 = 10"),
    "cancel.CancelWorkflow": ("[0.1]", "asked to cancel <Future"),
    "continue_as_new.CounterWorkflow": ("[]", "reached 3 after 3 runs"),
    "priorities.PrioritiesWorkflow": ("[]", "results: [1, -2, 3]"),
    "retry_policy.RetryWorkflow": ('["local-run", 2]', "succeeded at attempt 3"),
}


@pytest.mark.parametrize(("example", "expected"), list(EXAMPLES.items()))
def test_example_runs_with_the_local_executor(example: str, expected: tuple[str, str]) -> None:
    input_text, line = expected
    result = run_cli(
        "workflow.start", "--local", f"examples.{example}", "--input", input_text,
        env={**os.environ, "SIMPLEFLOW_LOCAL_TIMERS_SLEEP": "false"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert line in result.stdout


ON_LOCAL_SERVER = {
    "child_workflow.ParentWorkflow": ("[]", 25),
    "signals.SignalsWorkflow": (
        "[]",
        {"args": [42], "kwargs": {"unit": "ms"}, "__propagate": False},
    ),
    "marker.MarkerWorkflow": ("[]", [["phase", {"step": 1}], ["phase", {"step": 2, "value": 2}]]),
    "timer.TimerWorkflow": ("[5, 1]", 10),
    "cancel.CancelWorkflow": ("[0.1]", "cancel requested"),
    "continue_as_new.CounterWorkflow": ("[]", 3),
    "priorities.PrioritiesWorkflow": ("[]", [1, -2, 3]),
    "retry_policy.RetryWorkflow": ('["server-run", 1]', 2),
}


@pytest.mark.parametrize(("example", "expected"), list(ON_LOCAL_SERVER.items()))
def test_example_runs_on_the_local_server(
    tmp_path: Path, example: str, expected: tuple[str, object]
) -> None:
    input_text, result = expected
    command = Background(
        tmp_path, "standalone", "standalone", "--local-server", "--domain", "TestDomain",
        "--nb-workers", "1", f"examples.{example}", "--input", input_text,
    )  # fmt: skip
    try:
        status = command.wait(90)
    finally:
        if command.process.poll() is None:
            command.kill_group()
    assert status == 0, command.stderr
    parse_start_line(command.stdout)
    assert json.loads(command.stdout.splitlines()[1]) == result
