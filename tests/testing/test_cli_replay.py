"""`simpleflow workflow.replay` on recorded files: exit statuses, report formats (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from simpleflow.command import cli

RECORDED = Path(__file__).resolve().parents[1] / "data" / "histories" / "recorded"
BASIC = str(RECORDED / "basic.json")


def replay(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_unchanged_code_exits_0() -> None:
    status, out, _ = replay("workflow.replay", "examples.basic.BasicWorkflow", "--history", BASIC)
    assert status == 0
    assert out.startswith("OK: examples.basic.BasicWorkflow replays ")
    assert "decision points agree" in out
    # What the workflow prints while it replays goes to stderr, not in the report.
    assert "(3 + 1) * 2 = 8" not in out


def test_swapped_submits_exit_1_with_a_json_report() -> None:
    status, out, _ = replay(
        "--format",
        "json",
        "workflow.replay",
        "tests.testing._workflows.SwappedBasicWorkflow",
        "--history",
        BASIC,
    )
    assert status == 1
    report = json.loads(out)
    assert report["ok"] is False
    divergence = report["divergence"]
    assert divergence["hint"] == "tasks reordered: the same decisions are made in another order"
    events = json.loads(Path(BASIC).read_text())["events"]
    point = next(e for e in events if e["eventId"] == divergence["event_id"])
    assert point["eventType"] == "DecisionTaskCompleted"
    assert [d["id"] for d in divergence["current"]] == [
        "activity-examples.basic.double-1",
        "activity-examples.basic.Delay-1",
    ]
    assert divergence["current"][0]["input"] == {"args": [4], "kwargs": {}}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--history", "/nonexistent/h.json"], "Error: cannot read history file"),
        (["--history", __file__], "is not JSON"),
        (["--history", str(RECORDED / "canvas.json")], "is a history of workflow type 'canvas'"),
    ],
)
def test_bad_input_exits_2_with_one_error_line(args: list[str], message: str) -> None:
    status, out, err = replay("workflow.replay", "examples.basic.BasicWorkflow", *args)
    assert status == 2
    assert out == ""
    [line] = [line for line in err.splitlines() if line.startswith("Error:")]
    assert message in line
    assert "Traceback" not in err


def test_a_workflow_that_cannot_be_imported_exits_2() -> None:
    status, _, err = replay("workflow.replay", "examples.nope.Workflow", "--history", BASIC)
    assert status == 2
    assert "Error: cannot load workflow 'examples.nope.Workflow'" in err


def test_a_source_is_required() -> None:
    status, _, err = replay("workflow.replay", "examples.basic.BasicWorkflow")
    assert status == 2
    assert "give --history FILE, or --domain D --workflow-id W" in err
