"""``simpleflow standalone``: option parsing, usage errors and orchestration (no SWF)."""

from __future__ import annotations

import io
import re
from typing import Any

import click
import pytest
from click.testing import CliRunner

from simpleflow._cli import standalone as standalone_module
from simpleflow.command import cli

WORKFLOW = "examples.canvas.CanvasWorkflow"  # run() takes no argument
BASIC = "examples.basic.BasicWorkflow"  # run(x, t=30)


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, ["standalone", *args], env=env)


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Replace the process orchestration: record the run spec, pretend it completed."""
    specs: list[Any] = []

    def fake_run(ctx: click.Context, spec: Any) -> int:
        specs.append(spec)
        return 0

    monkeypatch.setattr(standalone_module, "_run", fake_run)
    monkeypatch.setattr(standalone_module, "check_domain_exists", lambda name: None)
    return specs


def test_force_activities_without_repair_is_a_usage_error(captured: list[Any]) -> None:
    result = run("--domain", "D", "--force-activities", "increment", WORKFLOW)

    assert result.exit_code == 2
    assert "--force-activities can only be used with --repair" in result.stderr
    assert captured == []


def test_repair_with_local_server_is_a_usage_error(captured: list[Any]) -> None:
    result = run("--domain", "D", "--repair", "basic", "--local-server", WORKFLOW)

    assert result.exit_code == 2
    assert "--repair cannot be used with --local-server" in result.stderr


def test_invalid_force_activities_regex_is_a_usage_error(captured: list[Any]) -> None:
    result = run("--domain", "D", "--repair", "basic", "--force-activities", "(", WORKFLOW)

    assert result.exit_code == 2
    assert "not a valid regular expression" in result.stderr


def test_repair_value_with_three_words_is_a_usage_error(captured: list[Any]) -> None:
    result = run("--domain", "D", "--repair", "a b c", WORKFLOW)

    assert result.exit_code == 2
    assert "<workflow_id> <run_id>" in result.stderr


def test_domain_is_required(captured: list[Any]) -> None:
    result = run(WORKFLOW)

    assert result.exit_code == 2
    assert "Missing option '--domain'" in result.stderr


def test_domain_defaults_to_swf_domain(captured: list[Any]) -> None:
    result = run(WORKFLOW, env={"SWF_DOMAIN": "from-env"})

    assert result.exit_code == 0, result.output
    assert captured[0].domain == "from-env"


def test_unloadable_workflow_is_a_usage_error(captured: list[Any]) -> None:
    result = run("--domain", "D", "examples.basic.NoSuchWorkflow")  # before any SWF call

    assert result.exit_code == 2
    assert "cannot load workflow 'examples.basic.NoSuchWorkflow'" in result.stderr


def test_invalid_json_input_is_a_usage_error(captured: list[Any]) -> None:
    result = run("--domain", "D", "--input", "[1,", WORKFLOW)

    assert result.exit_code == 2
    assert "invalid JSON input" in result.stderr


def test_input_that_run_cannot_take_is_a_usage_error(captured: list[Any]) -> None:
    result = run("--domain", "D", "--input", "[1, 2, 3, 4]", BASIC)

    assert result.exit_code == 2
    assert "cannot take the input" in result.stderr
    assert captured == []


def test_display_status_takes_a_value_not_a_flag(captured: list[Any]) -> None:
    # As a bare flag it swallows the next word, which is not a boolean.
    result = run("--domain", "D", "--display-status", WORKFLOW)

    assert result.exit_code == 2
    assert "is not a valid boolean" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("1", True), ("yes", True), ("on", True)]
    + [("false", False), ("0", False), ("no", False), ("off", False)],
)
def test_display_status_accepts_boolean_words(
    captured: list[Any], value: str, expected: bool
) -> None:
    result = run("--domain", "D", "--display-status", value, WORKFLOW)

    assert result.exit_code == 0, result.output
    assert captured[0].display_status is expected


def test_defaults_of_a_run(captured: list[Any]) -> None:
    result = run("--domain", "D", WORKFLOW)

    assert result.exit_code == 0, result.output
    spec = captured[0]
    assert spec.workflow == WORKFLOW
    assert spec.workflow_id == "canvas"  # the class's name attribute
    assert re.fullmatch(r"canvas-[0-9a-f]{32}", spec.task_list)
    assert spec.input == {}  # stdin is never read
    assert spec.repair_with is None
    assert spec.force_activities is None
    assert spec.nb_workers is None
    assert spec.heartbeat == 60
    assert spec.display_status is False


def test_options_reach_the_run(captured: list[Any]) -> None:
    result = run(
        "--domain",
        "D",
        "--workflow-id",
        "my-id",
        "--input",
        "[1, 5]",
        "--nb-workers",
        "1",
        "--heartbeat",
        "0",
        "--tags",
        "a,b",
        "--execution-timeout",
        "60",
        "--decision-tasks-timeout",
        "10",
        BASIC,
    )

    assert result.exit_code == 0, result.output
    spec = captured[0]
    assert spec.workflow_id == "my-id"
    assert re.fullmatch(r"my-id-[0-9a-f]{32}", spec.task_list)
    assert spec.input == {"args": [1, 5], "kwargs": {}}
    assert (spec.nb_workers, spec.heartbeat, spec.tags) == (1, 0, "a,b")
    assert (spec.execution_timeout, spec.decision_tasks_timeout) == ("60", "10")


def test_input_file_wins_over_input(captured: list[Any], tmp_path: Any) -> None:
    path = tmp_path / "input.json"
    path.write_text('{"args": [2], "kwargs": {"t": 0}}', encoding="utf-8")

    result = run("--domain", "D", "--input", "[1]", "--input-file", str(path), BASIC)

    assert result.exit_code == 0, result.output
    assert captured[0].input == {"args": [2], "kwargs": {"t": 0}}


def test_stdin_is_never_read(captured: list[Any]) -> None:
    result = CliRunner().invoke(
        cli, ["standalone", "--domain", "D", "--input", "", WORKFLOW], input="[1, 2]"
    )

    assert result.exit_code == 0, result.output
    assert captured[0].input == {}


def test_exit_status_comes_from_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(standalone_module, "_run", lambda ctx, spec: 1)
    monkeypatch.setattr(standalone_module, "check_domain_exists", lambda name: None)

    assert run("--domain", "D", WORKFLOW).exit_code == 1


def test_read_input_does_not_touch_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class Exploding(io.StringIO):
        def read(self, size: int | None = -1) -> str:
            raise AssertionError("stdin was read")

    monkeypatch.setattr("sys.stdin", Exploding())

    assert standalone_module._read_input(None, None) is None
    assert standalone_module._read_input("  ", None) == {}


def test_help_documents_the_result_line_and_exit_statuses() -> None:
    result = run("--help")

    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "'<workflow_id> <run_id>'" in text
    assert "WorkflowExecutionCompleted" in text
    assert "130/143" in text
    for option in ("--nb-workers", "--heartbeat", "--display-status", "--repair"):
        assert option in text
    assert "--force-activities" in text and "--local-server" in text
    assert "--task-list" not in text and "--local " not in text
