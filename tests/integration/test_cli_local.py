"""``simpleflow workflow.start --local`` run as a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.pop("PYTHONPATH", None)  # the repository is importable as the current directory
    env.update(extra)
    return env


def run(*args: str, cwd: Path = REPO, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simpleflow", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


def test_basic_workflow_prints_exactly_the_result() -> None:
    result = run("workflow.start", "--local", "examples.basic.BasicWorkflow", "--input", "[1, 5]")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "(1 + 1) * 2 = 4\n4\n"
    assert "executing task examples.basic.increment" in result.stderr  # logging is configured


def test_args_and_kwargs_input_with_no_delay() -> None:
    result = run(
        "workflow.start",
        "--local",
        "examples.basic.BasicWorkflow",
        "--input",
        '{"args": [1], "kwargs": {"t": 0}}',
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "(1 + 1) * 2 = 4\n4\n"


def test_console_script() -> None:
    script = Path(sys.executable).with_name("simpleflow")
    if not script.exists():
        found = shutil.which("simpleflow")
        if found is None:
            pytest.skip("the simpleflow console script is not installed")
        script = Path(found)
    result = subprocess.run(
        [str(script), "workflow.start", "--local", "examples.canvas.CanvasWorkflow"],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "(1+1)*(2+1)*(3+1) = 24\n24\n"


def test_version() -> None:
    result = run("--version")
    assert (result.returncode, result.stdout) == (0, "simpleflow, version 1.0.0.dev0\n")


def test_invalid_json_exits_2_without_traceback() -> None:
    result = run("workflow.start", "--local", "examples.basic.BasicWorkflow", "--input", "{oops")
    assert result.returncode == 2
    assert result.stdout == ""
    assert (
        "Error: invalid JSON input: Expecting property name enclosed in double quotes: "
        "line 1 column 2"
    ) in result.stderr
    assert "Traceback" not in result.stderr


def test_failing_workflow_exits_1_naming_the_activity() -> None:
    result = run("workflow.start", "--local", "examples.failing.FailingWorkflow", "--input", "[]")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.rstrip("\n").splitlines()[-1] == (
        "Error: activity examples.failing.fail_and_raise failed: This error is expected: "
        "fail_and_raise is declared raises_on_failure"
    )
    assert "Traceback" not in result.stderr
    assert "NEVER" not in result.stderr


def test_failing_workflow_traceback_with_debug_log_level() -> None:
    result = run(
        "workflow.start",
        "--local",
        "examples.failing.FailingWorkflow",
        "--input",
        "[]",
        LOG_LEVEL="DEBUG",
    )
    assert result.returncode == 1
    assert "Traceback" in result.stderr


def test_workflow_in_current_directory(tmp_path: Path) -> None:
    (tmp_path / "my_flows.py").write_text(
        "from simpleflow import Workflow, activity\n"
        "@activity.with_attributes()\n"
        "def shout(text):\n"
        "    return text.upper()\n"
        "class Shout(Workflow):\n"
        "    def run(self, text):\n"
        "        print(self.submit(shout, text).result)\n"
    )
    result = run(
        "workflow.start",
        "--local",
        "my_flows.Shout",
        "--input",
        '["hi"]',
        cwd=tmp_path,
        PYTHONPATH=str(REPO),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "HI\nnull\n"


def test_wrong_argument_count_is_a_usage_error() -> None:
    result = run(
        "workflow.start", "--local", "examples.basic.BasicWorkflow", "--input", "[1, 2, 3]"
    )
    assert result.returncode == 2
    assert (
        "Error: examples.basic.BasicWorkflow.run(x, t=30) cannot take the input "
        "(args=[1, 2, 3], kwargs={}): too many positional arguments"
    ) in result.stderr


def test_examples_run_sh() -> None:
    bindir = Path(sys.executable).parent
    if not (bindir / "simpleflow").exists():
        pytest.skip("the simpleflow console script is not installed")
    result = subprocess.run(
        ["sh", "examples/run.sh"],
        cwd=REPO,
        env=_env(PATH=f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "(3 + 1) * 2 = 8" in result.stdout
    assert "fail_and_raise" in result.stdout
    assert "NEVER" not in result.stdout + result.stderr
