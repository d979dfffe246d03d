"""``decider.start`` and ``worker.start``: option parsing and the calls they make (no SWF)."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from simpleflow._cli import processes
from simpleflow.command import cli
from simpleflow.swf.process.decider import command as decider_command
from simpleflow.swf.process.worker import command as worker_command

WORKFLOW = "examples.basic.BasicWorkflow"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """Record the process entry points instead of running supervisors."""
    recorded: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
    monkeypatch.setattr(
        decider_command, "start", lambda *a, **kw: recorded.append(("decider", a, kw))
    )
    monkeypatch.setattr(
        worker_command, "start", lambda *a, **kw: recorded.append(("worker", a, kw))
    )
    monkeypatch.setattr(processes, "check_domain_exists", lambda name: None)
    return recorded


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env)


def test_decider_start_calls_the_decider_command(calls: list[Any]) -> None:
    result = run(
        "decider.start", "--domain", "D", "-N", "3", WORKFLOW, "examples.canvas.CanvasWorkflow"
    )

    assert result.exit_code == 0, result.output
    assert calls == [
        (
            "decider",
            (
                ["examples.basic.BasicWorkflow", "examples.canvas.CanvasWorkflow"],
                "D",
                None,
                None,
                3,
            ),
            {},
        )
    ]
    assert result.stdout == ""


def test_decider_start_passes_the_task_list(calls: list[Any]) -> None:
    result = run("decider.start", "-d", "D", "--task-list", "decisions", WORKFLOW)

    assert result.exit_code == 0, result.output
    assert calls[0][1] == ([WORKFLOW], "D", "decisions", None, None)


def test_decider_start_requires_a_workflow(calls: list[Any]) -> None:
    result = run("decider.start", "--domain", "D")

    assert result.exit_code == 2
    assert "Missing argument 'WORKFLOWS...'" in result.stderr
    assert calls == []


def test_decider_start_rejects_an_unloadable_workflow(calls: list[Any]) -> None:
    result = run("decider.start", "--domain", "D", WORKFLOW, "examples.nope.Workflow")

    assert result.exit_code == 2
    assert "cannot load workflow 'examples.nope.Workflow'" in result.stderr
    assert calls == []


@pytest.mark.parametrize("command", ["decider.start", "worker.start"])
def test_domain_is_required(calls: list[Any], command: str) -> None:
    result = run(command, "--task-list", "t", WORKFLOW)

    assert result.exit_code == 2
    assert "Missing option '--domain'" in result.stderr


@pytest.mark.parametrize("command", ["decider.start", "worker.start"])
def test_domain_defaults_to_swf_domain(calls: list[Any], command: str) -> None:
    result = run(command, "--task-list", "t", WORKFLOW, env={"SWF_DOMAIN": "from-env"})

    assert result.exit_code == 0, result.output
    assert calls[0][1][1] == "from-env"


@pytest.mark.parametrize("command", ["decider.start", "worker.start"])
def test_negative_number_of_processes_is_a_usage_error(calls: list[Any], command: str) -> None:
    result = run(command, "-d", "D", "--task-list", "t", "-N", "-1", WORKFLOW)

    assert result.exit_code == 2
    assert calls == []


@pytest.mark.parametrize("command", ["decider.start", "worker.start"])
def test_log_level_is_ignored_with_a_warning(calls: list[Any], command: str) -> None:
    result = run(command, "-d", "D", "--task-list", "t", "--log-level", "DEBUG", WORKFLOW)

    assert result.exit_code == 0, result.output
    assert "WARNING" in result.stderr
    assert "--log-level 'DEBUG' is deprecated and ignored" in result.stderr
    assert "LOG_LEVEL" in result.stderr
    assert None in calls[0][1]  # not forwarded


def test_worker_start_calls_the_worker_command(calls: list[Any]) -> None:
    result = run("worker.start", "--domain", "D", "--task-list", "quickstart", WORKFLOW)

    assert result.exit_code == 0, result.output
    assert calls == [("worker", (WORKFLOW, "D", "quickstart", None, 60), {})]
    assert result.stdout == ""


def test_worker_start_passes_heartbeat_and_processes(calls: list[Any]) -> None:
    result = run(
        "worker.start", "-d", "D", "--task-list", "q", "-N", "2", "--heartbeat", "0", WORKFLOW
    )

    assert result.exit_code == 0, result.output
    assert calls[0][1] == (WORKFLOW, "D", "q", 2, 0)


def test_worker_start_requires_a_task_list(calls: list[Any]) -> None:
    result = run("worker.start", "--domain", "D", WORKFLOW)

    assert result.exit_code == 2
    assert "Missing option '--task-list'" in result.stderr
    assert calls == []


def test_worker_start_rejects_a_negative_heartbeat(calls: list[Any]) -> None:
    result = run("worker.start", "-d", "D", "--task-list", "q", "--heartbeat", "-5", WORKFLOW)

    assert result.exit_code == 2
    assert calls == []
