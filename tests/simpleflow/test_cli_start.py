"""``simpleflow workflow.start`` and the shared CLI helpers, through click's CliRunner."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

import simpleflow
from simpleflow import command
from simpleflow._cli import base

BASIC = "examples.basic.BasicWorkflow"


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI configures logging on CliRunner's temporary stderr: undo it afterwards."""
    logger = logging.getLogger("simpleflow")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def invoke(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(command.cli, list(args), input=input)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"simpleflow, version {simpleflow.__version__}\n"


def test_unknown_format_is_a_usage_error() -> None:
    result = invoke("--format", "xml", "workflow.start", "--local", BASIC)
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_local_run_prints_the_workflow_output_then_its_result_as_json() -> None:
    result = invoke("workflow.start", "--local", BASIC, "--input", "[1, 0]")
    assert result.exit_code == 0, result.output
    assert result.stdout == "(1 + 1) * 2 = 4\n4\n"


def test_local_run_with_args_and_kwargs() -> None:
    result = invoke("workflow.start", "--local", BASIC, "-i", '{"args": [3], "kwargs": {"t": 0}}')
    assert result.exit_code == 0, result.output
    assert result.stdout == "(3 + 1) * 2 = 8\n8\n"


def test_local_run_reads_input_file(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_text('{"kwargs": {"x": 2, "t": 0}}')
    result = invoke("workflow.start", "--local", BASIC, "--input-file", str(path), "--input", "[9]")
    assert result.exit_code == 0, result.output
    assert result.stdout == "(2 + 1) * 2 = 6\n6\n"


def test_local_run_reads_stdin_when_no_input_option() -> None:
    result = invoke("workflow.start", "--local", BASIC, input="[4, 0]")
    assert result.exit_code == 0, result.output
    assert result.stdout == "(4 + 1) * 2 = 10\n10\n"


def test_invalid_json_is_a_usage_error_with_position() -> None:
    result = invoke("workflow.start", "--local", BASIC, "--input", "[1,")
    assert result.exit_code == 2
    assert "Error: invalid JSON input: Expecting value: line 1 column 4 (char 3)" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["42", '"text"', '{"args": 1}', '{"kwargs": [1]}', "true"])
def test_wrong_input_shape_is_a_usage_error(value: str) -> None:
    result = invoke("workflow.start", "--local", BASIC, "--input", value)
    assert result.exit_code == 2
    assert "Error: invalid input" in result.stderr
    assert "JSON array of positional arguments" in result.stderr


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("nodots", "expected a dotted path"),
        (
            "no_such_module_xyz.Workflow",
            "ModuleNotFoundError: No module named 'no_such_module_xyz'",
        ),
        ("examples.basic.Missing", "module 'examples.basic' has no attribute 'Missing'"),
        ("examples.basic.increment", "increment is not a subclass of simpleflow.Workflow"),
    ],
)
def test_unloadable_workflow_is_a_usage_error(path: str, reason: str) -> None:
    result = invoke("workflow.start", "--local", path, "--input", "[]")
    assert result.exit_code == 2
    assert f"Error: cannot load workflow '{path}': {reason}" in result.stderr


def test_module_failing_at_import_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "broken_wf_module.py").write_text("raise RuntimeError('broken at import')\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    result = invoke("workflow.start", "--local", "broken_wf_module.W", "--input", "[]")
    assert result.exit_code == 2
    assert "RuntimeError: broken at import" in result.stderr


def test_current_directory_is_importable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cwd_wf_module.py").write_text(
        "from simpleflow import Workflow\n"
        "class W(Workflow):\n"
        "    def run(self, x):\n"
        "        print('got', x)\n"
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    result = invoke("workflow.start", "--local", "cwd_wf_module.W", "--input", "[5]")
    assert result.exit_code == 0, result.output
    assert result.stdout == "got 5\nnull\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("[]", "missing a required argument: 'x'"),
        ("[1, 2, 3]", "too many positional arguments"),
        ('{"kwargs": {"x": 1, "nope": 2}}', "got an unexpected keyword argument 'nope'"),
    ],
)
def test_wrong_arguments_are_a_usage_error(value: str, message: str) -> None:
    result = invoke("workflow.start", "--local", BASIC, "--input", value)
    assert result.exit_code == 2
    assert f"Error: {BASIC}.run(x, t=30) cannot take the input" in result.stderr
    assert message in result.stderr


def test_failing_workflow_names_the_activity() -> None:
    result = invoke(
        "workflow.start", "--local", "examples.failing.FailingWorkflow", "--input", "[]"
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert error_lines == [
        "Error: activity examples.failing.fail_and_raise failed: This error is expected: "
        "fail_and_raise is declared raises_on_failure"
    ]
    assert "Traceback" not in result.stderr
    assert "NEVER" not in result.output


def test_workflow_raising_is_a_runtime_error() -> None:
    result = invoke(
        "workflow.start", "--local", "tests.data.behaviour.SelfFailWorkflow", "--input", '["stop"]'
    )
    assert result.exit_code == 1
    assert "Error: workflow tests.data.behaviour.SelfFailWorkflow failed: RuntimeError: stop" in (
        result.stderr
    )


def test_swf_path_requires_a_domain() -> None:
    result = invoke("workflow.start", BASIC, "--input", "[1]")
    assert result.exit_code == 2
    assert "Error: --domain (or SWF_DOMAIN) is required unless --local is used" in result.stderr


def test_local_does_not_import_botocore() -> None:
    import subprocess

    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from simpleflow.command import cli\n"
        "r = CliRunner().invoke(cli, ['workflow.start', '--local', 'examples.basic.BasicWorkflow',"
        " '-i', '[1, 0]'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('botocore', 'boto3')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=str(Path(__file__).resolve().parents[2]),
    )
    assert out.stdout.strip() == "[]"


# -- helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([1, 2], {"args": [1, 2], "kwargs": {}}),
        ({"args": [1], "kwargs": {"t": 5}}, {"args": [1], "kwargs": {"t": 5}}),
        ({"kwargs": {"x": 1}, "extra": True}, {"kwargs": {"x": 1}, "extra": True}),
        (None, {}),
    ],
)
def test_transform_input(value: object, expected: dict[str, object]) -> None:
    assert command.transform_input(value) == expected


def test_get_input_and_load_input() -> None:
    assert command.get_input("[1]") == {"args": [1], "kwargs": {}}
    assert command.load_input(io.StringIO('{"args": [2]}')) == {"args": [2]}
    assert command.load_input(io.StringIO("  \n")) == {}
    assert command.get_or_load_input(io.StringIO("[3]"), "[4]") == {"args": [3], "kwargs": {}}
    assert command.get_or_load_input(None, "[4]") == {"args": [4], "kwargs": {}}


def test_get_input_does_not_block_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

        def read(self, *args: object) -> str:
            raise AssertionError("must not read a terminal")

    monkeypatch.setattr(sys, "stdin", Terminal())
    assert command.get_input(None) == {}


def test_get_task_list() -> None:
    name = command.get_task_list("basic")
    prefix, _, suffix = name.rpartition("-")
    assert prefix == "basic"
    assert len(suffix) == 32 and int(suffix, 16) >= 0
    assert command.get_task_list().startswith("-") and len(command.get_task_list()) == 33
    long_id = "w" * 300
    long_name = command.get_task_list(long_id)
    assert len(long_name) == 256
    assert long_name.startswith("w" * 223 + "-")


@pytest.mark.parametrize(
    ("tags", "expected"),
    [(None, None), ("a,b", ["a", "b"]), (" a , ,b ", ["a", "b"]), ("a,b,c,d,e", list("abcde"))],
)
def test_parse_tags(tags: str | None, expected: list[str] | None) -> None:
    assert base.parse_tags(tags) == expected


def test_too_many_tags() -> None:
    with pytest.raises(click.BadParameter, match="at most 5 tags"):
        base.parse_tags("a,b,c,d,e,f")


def test_disable_boto_connection_pooling_is_a_no_op() -> None:
    assert command.disable_boto_connection_pooling() is None


def test_get_workflow_returns_the_class() -> None:
    from examples.basic import BasicWorkflow

    assert command.get_workflow(BASIC) is BasicWorkflow


def test_library_errors_become_click_errors() -> None:
    from swf import exceptions

    @click.group(cls=base._Group)
    def group() -> None:
        pass

    @group.command()
    @click.option("--domain")
    @click.option("--kind")
    def boom(domain: str | None, kind: str) -> None:
        if kind == "domain":
            raise exceptions.SWFResponseError(
                400,
                "Bad Request",
                {
                    "__type": "com.amazonaws.swf.base.model#UnknownResourceFault",
                    "message": "Unknown domain: nowhere",
                },
            )
        if kind == "missing":
            raise exceptions.DoesNotExistError("execution w r not found")
        raise ValueError("a bug")

    runner = CliRunner()
    result = runner.invoke(group, ["boom", "--domain", "nowhere", "--kind", "domain"])
    assert (result.exit_code, result.stderr) == (1, "Error: domain 'nowhere' does not exist\n")
    result = runner.invoke(group, ["boom", "--kind", "missing"])
    assert (result.exit_code, result.stderr) == (1, "Error: execution w r not found\n")
    result = runner.invoke(group, ["boom", "--kind", "bug"])
    assert isinstance(result.exception, ValueError)  # bugs are not disguised


def test_with_format_reads_the_group_options(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    calls: list[dict[str, object]] = []
    fake = types.ModuleType("simpleflow.swf.stats.pretty")
    fake.DEFAULT_FORMAT = "tabular"  # type: ignore[attr-defined]
    fake.formatted = lambda **kwargs: calls.append(kwargs) or "decorator"  # type: ignore[attr-defined]
    stats = types.ModuleType("simpleflow.swf.stats")
    stats.pretty = fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "simpleflow.swf.stats", stats)
    monkeypatch.setitem(sys.modules, "simpleflow.swf.stats.pretty", fake)

    root = click.Context(command.cli, info_name="simpleflow")
    root.params = {"format": None, "header": False}
    child = click.Context(click.Command("x"), parent=root)
    assert base.with_format(child) == "decorator"
    root.params = {"format": "csv", "header": True}
    base.with_format(child)
    assert calls == [
        {"with_header": False, "fmt": "tabular"},
        {"with_header": True, "fmt": "csv"},
    ]


# -- SWF path (moto server) --------------------------------------------------------------


@pytest.mark.integration
def test_start_on_swf_prints_ids(domain_name: str) -> None:
    result = invoke(
        "workflow.start",
        "--domain",
        domain_name,
        BASIC,
        "--input",
        "[1]",
        "--tags",
        "a,b",
        "--workflow-id",
        "wf-test-1",
    )
    assert result.exit_code == 0, result.output
    workflow_id, run_id = result.stdout.rstrip("\n").split(" ")
    assert workflow_id == "wf-test-1"
    assert run_id

    import boto3

    client = boto3.client("swf")
    info = client.describe_workflow_execution(
        domain=domain_name, execution={"workflowId": workflow_id, "runId": run_id}
    )
    config = info["executionConfiguration"]
    assert config["taskList"] == {"name": "example"}  # class default
    assert info["executionInfo"]["tagList"] == ["a", "b"]
    history = client.get_workflow_execution_history(
        domain=domain_name, execution={"workflowId": workflow_id, "runId": run_id}
    )
    attributes = history["events"][0]["workflowExecutionStartedEventAttributes"]
    assert json.loads(attributes["input"]) == {"args": [1], "kwargs": {}}
    type_info = client.describe_workflow_type(
        domain=domain_name, workflowType={"name": "basic", "version": "example"}
    )
    assert type_info["configuration"]["defaultTaskList"] == {"name": "example"}


@pytest.mark.integration
@pytest.mark.parametrize(
    ("workflow", "tags", "expected"),
    [
        ("tests.data.cli_workflows.TaggedWorkflow", [], ["team:data"]),
        ("tests.data.cli_workflows.HookTaggedWorkflow", [], ["x:7", "hook"]),
        ("tests.data.cli_workflows.HookTaggedWorkflow", ["--tags", "given"], ["given"]),
    ],
)
def test_start_without_tags_takes_the_class_tags(
    domain_name: str, workflow: str, tags: list[str], expected: list[str]
) -> None:
    result = invoke("workflow.start", "--domain", domain_name, workflow, "--input", "[7]", *tags)
    assert result.exit_code == 0, result.output
    workflow_id, run_id = result.stdout.split()

    import boto3

    info = boto3.client("swf").describe_workflow_execution(
        domain=domain_name, execution={"workflowId": workflow_id, "runId": run_id}
    )
    assert info["executionInfo"].get("tagList", []) == expected


@pytest.mark.integration
def test_start_on_unknown_domain(swf_endpoint: str) -> None:
    result = invoke("workflow.start", "--domain", "no-such-domain", BASIC, "--input", "[1]")
    assert result.exit_code == 1
    assert result.stderr == "Error: domain 'no-such-domain' does not exist\n"


def test_task_priority_option_is_an_integer() -> None:
    from click.testing import CliRunner

    from simpleflow.command import cli

    result = CliRunner().invoke(cli, ["workflow.start", "x.Y", "--task-priority", "high"])
    assert result.exit_code == 2
    assert "'high' is not a valid integer" in result.output
