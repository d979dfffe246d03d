"""What a new user meets first: environment variables, help, JSON output, domains."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys
from collections.abc import Iterator

import boto3
import pytest
from click.testing import CliRunner, Result

from simpleflow import command
from simpleflow._cli import _output
from simpleflow.settings import logging_formatter
from simpleflow.swf.stats import pretty

BASIC = "examples.basic.BasicWorkflow"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI configures logging on CliRunner's temporary stderr: undo it afterwards."""
    loggers = [logging.getLogger(name) for name in ("simpleflow", "swf")]
    saved = [(lg.handlers[:], lg.level, lg.propagate) for lg in loggers]
    yield
    for lg, (handlers, level, propagate) in zip(loggers, saved, strict=True):
        lg.handlers[:] = handlers
        lg.setLevel(level)
        lg.propagate = propagate


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(command.cli, list(args), env=env)


# -- environment -------------------------------------------------------------------------


@pytest.mark.parametrize("level", ["debug", "Info", "WARNING"])
def test_log_level_is_accepted_in_any_case(monkeypatch: pytest.MonkeyPatch, level: str) -> None:
    # settings.LOGGING is built at import: patch the value it holds, as LOG_LEVEL would.
    from simpleflow import settings

    config = json.loads(json.dumps(settings.LOGGING))
    config["loggers"]["simpleflow"]["level"] = level
    monkeypatch.setattr(settings, "LOGGING", config)

    result = invoke("workflow.start", "--local", BASIC, "-i", "[1, 0]")

    assert result.exit_code == 0, result.output
    assert logging.getLogger("simpleflow").level == logging.getLevelName(level.upper())


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simpleflow", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_invalid_log_level_and_region_get_one_error_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    env = dict(os.environ)
    bad_level = _run("workflow.list", "d", env={**env, "LOG_LEVEL": "loud"})
    bad_region = _run("workflow.list", "d", env={**env, "AWS_DEFAULT_REGION": "not a region!"})
    debug = _run("--version", env={**env, "LOG_LEVEL": "debug"})

    assert (bad_level.returncode, bad_level.stdout) == (1, "")
    assert bad_level.stderr.splitlines() == [
        "Error: invalid log level 'loud' (LOG_LEVEL): use one of DEBUG, INFO, WARNING, ERROR, "
        "CRITICAL"
    ]
    assert (bad_region.returncode, bad_region.stdout) == (1, "")
    [line] = bad_region.stderr.splitlines()
    assert line.startswith("Error: invalid region: not a region!: set AWS_DEFAULT_REGION")
    assert debug.returncode == 0, debug.stderr


@pytest.mark.parametrize("args", [["-h"], ["workflow.start", "-h"], ["domain.list", "-h"]])
def test_dash_h_is_help(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")
    assert invoke(*args[:-1], "--help").stdout == result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_color_turns_off_the_level_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", _Terminal())
    record = logging.LogRecord("simpleflow", logging.INFO, __file__, 1, "hello", None, None)
    formatter = logging_formatter.SimpleflowFormatter()
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert "\033[" in formatter.format(record)
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\033[" not in formatter.format(record)


def test_swf_loggers_are_configured_like_simpleflow() -> None:
    code = (
        "import logging; from simpleflow.settings import configure_logging; "
        "configure_logging(); logging.getLogger('swf.core').info('from swf'); "
        "logging.getLogger('simpleflow.x').info('from simpleflow')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    for line, message in zip(lines, ("from swf", "from simpleflow"), strict=True):
        assert " INFO [process=MainProcess, pid=" in line
        assert line.endswith(f"]: {message}")


@pytest.mark.parametrize("text", ["[NaN]", "[Infinity]", '{"args": [-Infinity]}'])
def test_nan_and_infinity_inputs_are_refused(text: str) -> None:
    result = invoke("workflow.start", "--local", BASIC, "--input", text)
    assert result.exit_code == 2
    assert "Error: invalid JSON input: " in result.stderr
    assert "is not valid JSON" in result.stderr


def test_simpleflow_format_is_the_default_format() -> None:
    result = invoke(
        "workflow.start", "--local", BASIC, "-i", "[1, 0]", env={"SIMPLEFLOW_FORMAT": "json"}
    )
    assert result.exit_code == 0, result.output
    printed, outcome = result.stdout.splitlines()
    assert printed == "(1 + 1) * 2 = 4"
    assert json.loads(outcome) == {"status": "COMPLETED", "result": 4}
    explicit = invoke("--format", "tabular", "workflow.start", "--local", BASIC, "-i", "[1, 0]")
    assert explicit.stdout == "(1 + 1) * 2 = 4\n4\n"


def test_local_result_is_printed_as_json() -> None:
    result = invoke(
        "workflow.start", "--local", "examples.composing.CanvasWorkflow", "-i", '["x,y"]'
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[-1]) == ["X", "Y"]


# -- output formats ----------------------------------------------------------------------


def test_tabular_shows_text_cells_as_they_are() -> None:
    text = pretty.FORMATS["tabular"]([("wf", "1.0", "007", 1.5)], [])
    assert text.split() == ["wf", "1.0", "007", "1.50"]


@pytest.mark.parametrize(
    ("column", "key"),
    [
        ("Workflow ID", "workflow_id"),
        ("workflow_id", "workflow_id"),
        ("Run ID", "run_id"),
        ("workflow_type.name", "workflow_type_name"),
        ("Workflow Type", "workflow_type_name"),
        ("Workflow Version", "workflow_type_version"),
        ("tag_list", "tags"),
        ("Tags", "tags"),
        ("Close Status", "close_status"),
        ("Decision Tasks Timeout", "decision_tasks_timeout"),
        ("Percentage of total time", "percentage"),
        ("id", "task_id"),
        ("Task", "task_id"),
    ],
)
def test_json_keys_are_the_same_snake_case_in_every_command(column: str, key: str) -> None:
    assert _output.json_key(column) == key


def test_json_values_tags_are_lists_and_input_result_decoded() -> None:
    row = _output.json_object(
        {"tags": "a,b", "input": '{"args": [1]}', "result": "[1, 2]", "reason": "[x]"}
    )
    assert row == {"tags": ["a", "b"], "input": {"args": [1]}, "result": [1, 2], "reason": "[x]"}
    assert _output.json_object({"tags": "", "result": ""}) == {"tags": [], "result": None}
    assert _output.json_object({"tags": None, "result": "not json"})["result"] == "not json"


# -- on the local SWF engine -------------------------------------------------------------


@pytest.mark.integration
def test_workflow_start_honours_format_json(domain_name: str) -> None:
    result = invoke(
        "--format", "json", "workflow.start", "-d", domain_name, BASIC, "--workflow-id", "wf-j"
    )
    assert result.exit_code == 0, result.output
    started = json.loads(result.stdout)
    assert list(started) == ["workflow_id", "run_id"]
    assert started["workflow_id"] == "wf-j"
    info = json.loads(invoke("--format", "json", "workflow.info", domain_name, "wf-j").stdout)
    assert info[0]["run_id"] == started["run_id"]
    assert info[0]["tags"] == []
    restarted = invoke("--format", "json", "workflow.restart", domain_name, "wf-j")
    assert restarted.exit_code == 0, restarted.output
    again = json.loads(restarted.stdout)
    assert list(again) == ["workflow_id", "run_id"]
    assert again["workflow_id"] == "wf-j" and again["run_id"] != started["run_id"]


@pytest.mark.integration
def test_domain_register_and_list(swf_endpoint: str) -> None:
    registered = invoke("domain.register", "first", "--description", "the first one")
    again = invoke("domain.register", "first")
    invoke("domain.register", "second", "--retention-days", "3")

    assert (registered.exit_code, registered.stdout) == (0, "")
    assert (again.exit_code, again.stderr) == (1, "Error: domain 'first' already exists\n")
    client = boto3.client("swf", endpoint_url=swf_endpoint)
    described = client.describe_domain(name="second")
    assert described["configuration"]["workflowExecutionRetentionPeriodInDays"] == "3"

    table = invoke("--header", "domain.list")
    assert table.stdout.splitlines()[0].split() == ["Domain", "Status", "Description"]
    assert json.loads(invoke("--format", "json", "domain.list").stdout) == [
        {"domain": "first", "status": "REGISTERED", "description": "the first one"},
        {"domain": "second", "status": "REGISTERED", "description": None},
    ]
    assert json.loads(invoke("--format", "json", "domain.list", "-s", "deprecated").stdout) == []


def test_domain_register_checks_the_retention() -> None:
    result = invoke("domain.register", "x", "--retention-days", "91")
    assert result.exit_code == 2
    assert "--retention-days" in result.stderr
