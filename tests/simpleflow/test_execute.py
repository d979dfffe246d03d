"""simpleflow.execute: helpers, program() and python() with real child interpreters."""

from __future__ import annotations

import glob
import inspect
import json
import logging
import os
import subprocess
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from simpleflow import execute
from simpleflow.exceptions import ExecutionError
from simpleflow.exceptions import TimeoutError as SimpleflowTimeoutError
from tests.data import execute_funcs

REPO_ROOT = Path(__file__).resolve().parents[2]
integration = pytest.mark.integration


@pytest.fixture(autouse=True)
def _child_can_import_the_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    """Children import ``simpleflow`` and ``tests.data`` from the work tree."""
    monkeypatch.setenv("PYTHONPATH", str(REPO_ROOT))
    monkeypatch.chdir(REPO_ROOT)


# -- helpers ------------------------------------------------------------------------------


def test_public_names() -> None:
    assert execute.__all__ == ["program", "python"]


def test_format_arguments_puts_quoted_options_first() -> None:
    assert execute.format_arguments("a", "b", c=1, val=2) == ['-c="1"', '--val="2"', "a", "b"]
    assert execute.format_arguments() == []
    assert execute.format_arguments(1, None) == ["1", "None"]


def test_format_arguments_json_uses_standard_separators() -> None:
    text = execute.format_arguments_json(1, ("x", 2), key={"a": None})
    assert text == '{"args": [1, ["x", 2]], "kwargs": {"key": {"a": null}}}'


def test_format_arguments_json_accepts_ranges_and_rejects_other_objects() -> None:
    assert json.loads(execute.format_arguments_json(range(3)))["args"] == [[0, 1, 2]]
    with pytest.raises(TypeError, match="passes arguments and results as JSON"):
        execute.format_arguments_json(object())


def _spec(func: Any) -> inspect.FullArgSpec:
    return inspect.getfullargspec(func)


def _inner(wrapper: Any) -> Any:
    """The callable behind an ``execute.python`` wrapper."""
    return wrapper.__wrapped__


def test_zip_arguments_defaults_pairs_trailing_defaults() -> None:
    def f(a, b=1, c=execute.RequiredArgument, *args, **kwargs):
        pass

    def g(a, b):
        pass

    assert execute.zip_arguments_defaults(_spec(f)) == [("b", 1), ("c", execute.RequiredArgument)]
    assert execute.zip_arguments_defaults(_spec(g)) == []


def test_check_keyword_arguments_lists_missing_names_in_declaration_order() -> None:
    def f(zeta=execute.RequiredArgument, alpha=execute.RequiredArgument, *, mid):
        pass

    with pytest.raises(TypeError) as excinfo:
        execute.check_keyword_arguments(_spec(f), {})
    assert str(excinfo.value) == 'arguments "zeta, alpha, mid" not found'
    execute.check_keyword_arguments(_spec(f), {"zeta": 1, "alpha": 2, "mid": 3})


def test_check_keyword_arguments_accepts_keyword_only_parameters() -> None:
    def f(*, flag=False):
        pass

    execute.check_keyword_arguments(_spec(f), {"flag": True})


def test_check_arguments_ignores_defaults_as_in_0_11_9() -> None:
    def f(a, b=1):
        pass

    with pytest.raises(TypeError) as excinfo:
        execute.check_arguments(_spec(f), (1,))
    assert str(excinfo.value) == "command takes 2 arguments: 1 passed"


def test_get_name_of_functions_classes_and_instances() -> None:
    class Named:
        name = "custom"

        def __call__(self) -> None:
            pass

    class Plain:
        def __call__(self) -> None:
            pass

    assert execute.get_name(len) == "builtins.len"
    assert execute.get_name(OrderedDict) == "collections.OrderedDict"
    assert execute.get_name(Named()) == f"{__name__}.custom"
    assert execute.get_name(Plain()) == f"{__name__}.Plain"
    with pytest.raises(ValueError, match="^1 is not callable$"):
        execute.get_name(1)


def test_make_callable_resolves_builtins_and_dotted_names() -> None:
    assert execute.make_callable("len") is len
    assert execute.make_callable("os.path.join") is os.path.join
    with pytest.raises(AttributeError) as excinfo:
        execute.make_callable("os.path.no_such_thing")
    assert str(excinfo.value) == "module os.path has no attribute no_such_thing"


# -- program() ----------------------------------------------------------------------------


def _declared_varargs(*args):
    pass


def _declared_varkw(**kwargs):
    pass


def _declared_required(hide=execute.RequiredArgument, *args):
    pass


def _declared_two(a, b):
    pass


@pytest.mark.parametrize(
    ("declared", "args", "kwargs", "message"),
    [
        (_declared_varargs, (), {"k": 1}, "command does not take keyword arguments"),
        (_declared_varkw, ("x",), {}, "command does not take varargs"),
        (_declared_required, ("x",), {}, 'argument "hide" not found'),
        (_declared_two, (1, 2, 3), {}, "command takes 2 arguments: 3 passed"),
    ],
)
def test_program_rejects_calls_that_do_not_match_the_signature(
    declared: Any, args: tuple[object, ...], kwargs: dict[str, object], message: str
) -> None:
    command = execute.program(path="/nonexistent/never-run")(declared)
    with pytest.raises(TypeError) as excinfo:
        command(*args, **kwargs)
    assert str(excinfo.value) == message


@integration
def test_program_runs_ls_and_returns_text(tmp_path: Path) -> None:
    (tmp_path / "first.txt").write_text("1")
    (tmp_path / "second.txt").write_text("2")

    @execute.program()
    def ls(*args, **kwargs):
        pass

    output = ls(str(tmp_path))
    assert isinstance(output, str)
    assert output.split() == ["first.txt", "second.txt"]
    assert ls.__name__ == "ls"
    assert _inner(ls) is not None


@integration
def test_program_passes_literal_quotes_and_no_shell() -> None:
    @execute.program(path="echo")
    def say(*args, **kwargs):
        pass

    assert say("$HOME", "`id`", x=1) == '-x="1" $HOME `id`\n'


@integration
def test_program_raises_called_process_error_on_failure() -> None:
    @execute.program(path="false")
    def fail(*args):
        pass

    with pytest.raises(subprocess.CalledProcessError):
        fail()


# -- python(): results ----------------------------------------------------------------------


@integration
class TestPythonResults:
    def test_list_round_trip(self) -> None:
        assert execute_funcs.increment_each([1, 2, 3]) == [2, 3, 4]

    @pytest.mark.parametrize(
        "value",
        [None, "line 1\nline 2\n", "caf\u00e9 \u2603", {"a": [1, 2.5, True, None]}, 0, ""],
    )
    def test_values_round_trip(self, value: object) -> None:
        assert execute_funcs.echo(value) == value

    def test_function_defaults_and_extra_positionals(self) -> None:
        assert execute_funcs.add(4) == 5
        assert execute_funcs.add(3, 7) == 10
        assert execute_funcs.add(a=1, b=2) == 3

    def test_class_is_instantiated_then_executed(self) -> None:
        assert execute_funcs.Adder(4) == 5
        assert execute_funcs.Adder(3, 7) == 10

    def test_keyword_arguments(self) -> None:
        assert execute_funcs.echo_kwargs(x=1, y=[2]) == {"x": 1, "y": [2]}

    def test_output_of_the_callable_never_becomes_the_result(
        self, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG, logger="simpleflow._execute_runner")
        assert execute_funcs.noisy("a\nb") == "a\nb"
        assert execute_funcs.noisy(None) is None
        # Child output is captured (not forwarded) and logged at DEBUG only.
        out, err = capfd.readouterr()
        assert "spoofed" not in out + err
        assert "spoofed" in caplog.text
        assert {r.levelno for r in caplog.records} == {logging.DEBUG}

    def test_activity_wrapping_an_execute_wrapper_does_not_recurse(self) -> None:
        assert execute_funcs.multiply_activity._callable(3, 4) == 12

    def test_activity_task_treats_a_wrapped_class_as_a_plain_function(self) -> None:
        from simpleflow.activity import Activity
        from simpleflow.task import ActivityTask

        task = ActivityTask(Activity(execute_funcs.Adder, name="execute-tests-adder"), 3, 7)
        assert task.execute() == 10

    def test_huge_argument_and_result(self) -> None:
        text = "x" * (5 * 1024 * 1024) + "\n"
        assert execute_funcs.length(text) == len(text)
        assert execute_funcs.echo(text) == text

    def test_env_is_passed_to_the_child(self) -> None:
        wrapped = execute.python(env={**os.environ, "SIMPLEFLOW_EXECUTE_TEST": "yes"})(
            _inner(execute_funcs.getenv)
        )
        assert wrapped("SIMPLEFLOW_EXECUTE_TEST") == "yes"
        assert execute_funcs.getenv("SIMPLEFLOW_EXECUTE_TEST") is None

    def test_interpreter_name_is_looked_up_on_path(self) -> None:
        directory, name = os.path.split(sys.executable)
        env = {**os.environ, "PATH": directory + os.pathsep + os.environ.get("PATH", "")}
        wrapped = execute.python(interpreter=name, env=env)(_inner(execute_funcs.add))
        assert wrapped(1, 1) == 2

    def test_missing_interpreter_raises_execution_error(self) -> None:
        wrapped = execute.python(interpreter="simpleflow-no-such-python")(_inner(execute_funcs.add))
        with pytest.raises(ExecutionError, match="cannot start the interpreter"):
            wrapped(1)


def test_wrapper_is_marked_and_keeps_metadata() -> None:
    wrappers: list[Any] = [execute_funcs.add, execute_funcs.Adder]
    for wrapper in wrappers:
        assert wrapper._simpleflow_execute_wrapper is True
    assert _inner(execute_funcs.Adder).__name__ == "Adder"
    assert execute_funcs.Adder.__name__ == "Adder"
    # The class __dict__ is not copied: the wrapper must not look class-style (22.2-20).
    assert not hasattr(execute_funcs.Adder, "execute")
    assert inspect.signature(execute.python).parameters["interpreter"].default is None


def test_unserializable_argument_fails_before_starting_a_child() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        execute_funcs.echo({1, 2})


# -- python(): errors -----------------------------------------------------------------------


@integration
class TestPythonErrors:
    def test_builtin_exception_is_reraised_with_the_child_traceback(self) -> None:
        with pytest.raises(TypeError, match="unsupported operand") as excinfo:
            execute_funcs.add_int_and_str()
        child_traceback = excinfo.value.child_traceback  # type: ignore[attr-defined]
        assert "add_int_and_str" in child_traceback
        if sys.version_info >= (3, 11):
            assert "add_int_and_str" in excinfo.value.__notes__[-1]

    def test_user_exception_is_reraised_with_its_attributes(self) -> None:
        with pytest.raises(execute_funcs.CustomError) as excinfo:
            execute_funcs.raise_custom(7)
        assert excinfo.value.args == (7, "boom")
        assert (excinfo.value.code, excinfo.value.detail) == (7, "boom")
        assert excinfo.value.labels == ["a", "b"]

    def test_nested_exception_class_is_resolved(self) -> None:
        with pytest.raises(execute_funcs.Outer.NestedError, match="deep"):
            execute_funcs.raise_nested()

    def test_simpleflow_timeout_error_keeps_its_attributes(self) -> None:
        with pytest.raises(SimpleflowTimeoutError) as excinfo:
            execute_funcs.raise_simpleflow_timeout()
        assert excinfo.value.timeout_type == "timeout"
        assert excinfo.value.timeout_value == 1

    def test_class_defined_in_a_function_becomes_execution_error(self) -> None:
        with pytest.raises(ExecutionError) as excinfo:
            execute_funcs.raise_local_class()
        assert str(excinfo.value) == (
            "tests.data.execute_funcs.raise_local_class.<locals>.LocalError: defined in a function"
        )

    def test_class_of_a_module_not_loaded_in_the_parent_is_never_imported(self) -> None:
        with pytest.raises(ExecutionError) as excinfo:
            execute_funcs.raise_unloaded_module_class()
        assert str(excinfo.value) == (
            "simpleflow_child_only.ChildOnlyError: not importable in the parent"
        )
        assert "simpleflow_child_only" not in sys.modules

    def test_system_exit_is_not_rebuilt(self) -> None:
        with pytest.raises(ExecutionError) as excinfo:
            execute_funcs.exit_with_status(3)
        assert str(excinfo.value) == "builtins.SystemExit: 3"
        assert "exit_with_status" in excinfo.value.child_traceback  # type: ignore[attr-defined]

    def test_unserializable_result_raises_type_error(self) -> None:
        with pytest.raises(TypeError, match="not JSON serializable"):
            execute_funcs.return_unserializable()

    def test_exit_without_record_names_the_code_and_stderr(self) -> None:
        with pytest.raises(ExecutionError) as excinfo:
            execute_funcs.hard_exit(3)
        message = str(excinfo.value)
        assert "exited with code 3" in message
        assert "about to leave without a record" in message

    def test_exit_zero_without_record_is_an_error(self) -> None:
        with pytest.raises(ExecutionError, match="exited with code 0 without reporting"):
            execute_funcs.hard_exit(0)

    @pytest.mark.parametrize(
        ("func", "signal_name"),
        [(execute_funcs.abort, "SIGABRT"), (execute_funcs.segfault, "SIGSEGV")],
    )
    def test_crash_names_the_signal(self, func: Any, signal_name: str) -> None:
        with pytest.raises(ExecutionError, match=f"killed by signal {signal_name}"):
            func()

    def test_malformed_record_is_an_error(self) -> None:
        with pytest.raises(ExecutionError, match="malformed record"):
            execute_funcs.corrupt_record_and_exit()


def _is_running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")


def _wait_until(predicate: Callable[[], bool], deadline: float) -> bool:
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@integration
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_timeout_kills_the_child_and_its_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "pids"
    wrapped = execute.python(timeout=4)(_inner(execute_funcs.sleep_with_grandchild))
    started = time.monotonic()
    with pytest.raises(ExecutionError, match="did not finish within 4 seconds"):
        wrapped(str(pid_file))
    assert time.monotonic() - started < 30
    assert pid_file.exists(), "the child did not start within the timeout (machine overloaded?)"
    child, grandchild = (int(pid) for pid in pid_file.read_text().split())
    deadline = time.monotonic() + 10
    assert _wait_until(lambda: not _is_running(child), deadline)
    assert _wait_until(lambda: not _is_running(grandchild), deadline)


# -- python(): other interpreters -------------------------------------------------------------


def _other_pythons() -> list[str]:
    found = []
    for path in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[0-3]*/bin/python3"))):
        version = Path(path).parents[1].name
        if not version.startswith(f"{sys.version_info[0]}.{sys.version_info[1]}."):
            found.append(path)
    return found


_OTHER_PYTHONS: list[Any] = _other_pythons() or [
    pytest.param(
        None,
        marks=pytest.mark.skip(
            reason="no pyenv Python 3.10-3.13 other than the running minor version in "
            "~/.pyenv/versions"
        ),
    )
]


@integration
@pytest.mark.parametrize("interpreter", _OTHER_PYTHONS)
def test_other_python_minor_version_runs_the_callable(interpreter: str) -> None:
    version = Path(interpreter).parents[1].name
    expected = [int(part) for part in version.split(".")[:2]]

    def in_child(func: Any) -> Any:
        return execute.python(interpreter=interpreter)(_inner(func))

    assert in_child(execute_funcs.version_info)() == expected
    assert expected != list(sys.version_info[:2])
    assert in_child(execute_funcs.module_paths)() == []  # never boto3/botocore
    assert in_child(execute_funcs.Adder)(3, 7) == 10
    assert in_child(execute_funcs.echo)("a\nb") == "a\nb"
    with pytest.raises(execute_funcs.CustomError) as excinfo:
        in_child(execute_funcs.raise_custom)(5)
    assert excinfo.value.code == 5


# -- the child command line ------------------------------------------------------------------


def _run_child(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "simpleflow.execute", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@integration
class TestChildCommandLine:
    def test_prints_the_result_as_the_last_stdout_line(self) -> None:
        done = _run_child("tests.data.execute_funcs.add", '{"args": [1], "kwargs": {"b": 2}}')
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "3"

    def test_resolves_builtins(self) -> None:
        done = _run_child("len", '{"args": [[1, 2, 3]]}')
        assert done.stdout.splitlines()[-1] == "3"

    def test_writes_the_error_record_to_stderr(self) -> None:
        done = _run_child("tests.data.execute_funcs.add_int_and_str", "{}")
        assert done.returncode == 1
        error = json.loads(done.stderr.splitlines()[-1])["error"]
        assert (error["module"], error["qualname"]) == ("builtins", "TypeError")
        assert error["args"] == [error["message"]]
        assert "Traceback" in error["traceback"]

    def test_rejects_arguments_that_are_not_json(self) -> None:
        done = _run_child("len", "not-json")
        error = json.loads(done.stderr.splitlines()[-1])["error"]
        assert error["qualname"] == "ValueError"
        assert error["message"] == "cannot load arguments from not-json"
