"""Large payloads end to end: real decider and worker processes on the local engine.

``standalone --local-server`` makes an S3 bucket on the local engine and exports
``SIMPLEFLOW_JUMBO_FIELDS_BUCKET`` for its processes (unless the user set one).
"""

from __future__ import annotations

import json
import os

import pytest

from tests.data.cli_runner import run_cli

pytestmark = pytest.mark.integration

LOCAL = ("standalone", "--local-server", "--domain", "JumboDomain", "--nb-workers", "1")
WORKFLOW = "tests.data.jumbo_workflows.LargePayloadWorkflow"
MB = 1024 * 1024


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIMPLEFLOW_JUMBO")}
    env.update(extra)
    return env


def test_one_mb_argument_and_five_mb_result_complete_with_the_local_bucket() -> None:
    result = run_cli(*LOCAL, WORKFLOW, "--input", json.dumps([MB, 5_000_000]), env=_env())

    assert result.returncode == 0, result.stderr[-3000:]
    workflow_id, outcome = result.stdout.splitlines()
    value = json.loads(outcome)
    assert value["result_length"] == 5_000_000
    assert value["checksum_ok"] is True
    assert value["pad"] == "p" * 40_000  # the workflow result itself went through S3
    assert "closed as COMPLETED" in result.stderr


def test_without_a_bucket_the_task_fails_with_the_clear_error() -> None:
    # An empty value means "no bucket": standalone makes one only when the variable is unset.
    env = _env(SIMPLEFLOW_JUMBO_FIELDS_BUCKET=" ")
    result = run_cli(*LOCAL, WORKFLOW, "--input", json.dumps([10, 40_000]), env=env)

    assert result.returncode == 1, result.stderr[-3000:]
    # The worker failed the task, whose reason names the field, size, limit and variable;
    # the execution failed with it.
    reason = next(line for line in result.stderr.splitlines() if "closed as FAILED" in line)
    assert "cannot complete task activity-tests.data.jumbo_workflows.grow-1: " in reason
    assert "JumboTooLargeError Message too long (40002 chars) for field 'result'" in reason
    assert "SIMPLEFLOW_JUMBO_FIELDS_BUCKET" in reason  # the rest may be cut at 256 characters
    # The task's own failure (the worker's log) has it all.
    assert (
        "for field 'result': set SIMPLEFLOW_JUMBO_FIELDS_BUCKET to store it on S3 (SWF's limit: "
        "32768 chars)"
    ) in result.stderr


def test_without_a_bucket_a_large_activity_argument_fails_the_execution() -> None:
    env = _env(SIMPLEFLOW_JUMBO_FIELDS_BUCKET=" ")
    result = run_cli(*LOCAL, WORKFLOW, "--input", json.dumps([40_000, 100]), env=env)

    assert result.returncode == 1, result.stderr[-3000:]
    reason = next(line for line in result.stderr.splitlines() if "closed as FAILED" in line)
    assert "JumboTooLargeError" in reason
    assert "for field 'input'" in reason
    assert "SIMPLEFLOW_JUMBO_FIELDS_BUCKET" in reason
