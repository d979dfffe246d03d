from __future__ import annotations

import json
import logging
import subprocess
import sys
import types
from pathlib import Path

import pytest

import simpleflow.settings
from simpleflow.settings import base, default, logging_formatter

NAMES = [
    "WORKFLOW_DEFAULT_TASK_LIST",
    "WORKFLOW_DEFAULT_VERSION",
    "WORKFLOW_DEFAULT_EXECUTION_TIME",
    "WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT",
    "ACTIVITY_DEFAULT_TASK_LIST",
    "ACTIVITY_DEFAULT_VERSION",
    "ACTIVITY_DEFAULT_TIMEOUT",
    "ACTIVITY_START_TO_CLOSE_TIMEOUT",
    "ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT",
    "ACTIVITY_SCHEDULE_TO_START_TIMEOUT",
    "ACTIVITY_HEARTBEAT_TIMEOUT",
    "LOGGING",
]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [*NAMES, "SIMPLEFLOW_SETTINGS_MODULE"]:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("var", "expected"),
    [("FOO", True), ("FOO_BAR2", True), ("_FOO", False), ("Foo", False), ("foo", False)],
)
def test_is_definition(var: str, expected: bool) -> None:
    assert base.is_definition(var) is expected


def test_definitions_and_defaults() -> None:
    assert sorted(base.get_settings(base)) == sorted(NAMES)
    loaded = base.load()
    assert loaded["WORKFLOW_DEFAULT_TASK_LIST"] == "default"
    assert loaded["WORKFLOW_DEFAULT_EXECUTION_TIME"] == "3600"
    assert loaded["WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT"] == "300"
    for name in NAMES[4:11]:
        assert loaded[name] == ("default" if "TASK_LIST" in name or "VERSION" in name else "300")
    assert loaded["LOGGING"] == default.LOGGING


def test_package_attributes() -> None:
    for name in NAMES:
        assert hasattr(simpleflow.settings, name)


def test_precedence_env_over_module_over_default(monkeypatch: pytest.MonkeyPatch) -> None:
    conf = types.ModuleType("conf")
    conf.ACTIVITY_DEFAULT_VERSION = "from-module"  # type: ignore[attr-defined]
    conf.ACTIVITY_DEFAULT_TASK_LIST = "module-tl"  # type: ignore[attr-defined]
    env = {"ACTIVITY_DEFAULT_VERSION": "from-env"}
    loaded = base.load_settings(base, env, conf, default)
    assert loaded["ACTIVITY_DEFAULT_VERSION"] == "from-env"
    assert loaded["ACTIVITY_DEFAULT_TASK_LIST"] == "module-tl"
    assert loaded["ACTIVITY_HEARTBEAT_TIMEOUT"] == "300"


def test_conf_may_be_a_dict() -> None:
    loaded = base.load_settings(base, {}, {"ACTIVITY_DEFAULT_TIMEOUT": 42}, default)
    assert loaded["ACTIVITY_DEFAULT_TIMEOUT"] == "42"  # coerced with str


def test_default_timeout_does_not_cascade(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTIVITY_DEFAULT_TIMEOUT", "10")
    loaded = base.load()
    assert loaded["ACTIVITY_DEFAULT_TIMEOUT"] == "10"
    assert loaded["ACTIVITY_START_TO_CLOSE_TIMEOUT"] == "300"


def test_settings_module_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "my_simpleflow_conf.py").write_text(
        "ACTIVITY_DEFAULT_TASK_LIST = 'from-settings-module'\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("SIMPLEFLOW_SETTINGS_MODULE", "my_simpleflow_conf")
    assert base.load()["ACTIVITY_DEFAULT_TASK_LIST"] == "from-settings-module"
    assert base.load("simpleflow.settings.default")["ACTIVITY_DEFAULT_TASK_LIST"] == "default"


def test_import_simpleflow_with_settings_module(tmp_path: Path) -> None:
    (tmp_path / "conf_for_import.py").write_text("ACTIVITY_DEFAULT_VERSION = 'v7'\n")
    code = (
        "import simpleflow.activity as a, inspect;"
        "print(inspect.signature(a.with_attributes).parameters['version'].default)"
    )
    env = {"SIMPLEFLOW_SETTINGS_MODULE": "conf_for_import", "PYTHONPATH": str(tmp_path), "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=str(Path(__file__).resolve().parents[2]),
    )
    assert out.stdout.strip() == "v7"


def test_logging_from_env_is_json(monkeypatch: pytest.MonkeyPatch) -> None:
    config = {"version": 1, "disable_existing_loggers": False}
    monkeypatch.setenv("LOGGING", json.dumps(config))
    assert base.load()["LOGGING"] == config


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{'version': 1}", "must hold a JSON object"),
        ("[1, 2]", "got list"),
        ('{"version": 1, "formatters": {"f": {"()": "os.system"}}}', "may not reference factories"),
    ],
)
def test_logging_from_env_rejected(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("LOGGING", value)
    with pytest.raises(ValueError, match=message):
        base.load()


def test_default_logging_config() -> None:
    logging_config = default.LOGGING
    assert logging_config["version"] == 1
    assert logging_config["disable_existing_loggers"] is False
    logger = logging_config["loggers"]["simpleflow"]
    assert logger["handlers"] == ["console"]
    assert logger["propagate"] is False
    handler = logging_config["handlers"]["console"]
    assert handler["class"] == "logging.StreamHandler"
    assert handler["stream"] == "ext://sys.stderr"
    assert handler["level"] == "DEBUG"
    assert logging_config["formatters"]["simpleflow_formatter"]["()"].endswith(
        "SimpleflowFormatter"
    )


def test_import_does_not_configure_logging() -> None:
    code = (
        "import logging, simpleflow, simpleflow.command, simpleflow.local;"
        "logger = logging.getLogger('simpleflow');"
        "print(len(logger.handlers), logger.propagate)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "True"]


def test_configure_logging(monkeypatch: pytest.MonkeyPatch) -> None:
    logger = logging.getLogger("simpleflow")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    try:
        simpleflow.settings.configure_logging()
        assert logger.propagate is False
        assert len(logger.handlers) == 1
        assert isinstance(logger.handlers[0].formatter, logging_formatter.SimpleflowFormatter)
    finally:
        logger.handlers[:], logger.level, logger.propagate = saved[0], saved[1], saved[2]


def _record(
    msg: object, args: tuple[object, ...] = (), exc_info: object = None
) -> logging.LogRecord:
    return logging.LogRecord("simpleflow.x", logging.INFO, __file__, 1, msg, args, exc_info)  # type: ignore[arg-type]


def test_formatter_line_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging_formatter, "_is_tty", lambda: False)
    line = logging_formatter.SimpleflowFormatter().format(_record("hello %s", ("world",)))
    assert line.endswith(f"INFO [process=MainProcess, pid={_record('x').process}]: hello world")
    assert len(line.split(" ")[0]) == len("2016-01-02T03:04:05")


@pytest.mark.parametrize("msg", [{"a": 1}, "100% done", 42])
def test_formatter_handles_any_message(monkeypatch: pytest.MonkeyPatch, msg: object) -> None:
    monkeypatch.setattr(logging_formatter, "_is_tty", lambda: False)
    assert logging_formatter.SimpleflowFormatter().format(_record(msg)).endswith(f": {msg}")


def test_formatter_appends_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logging_formatter, "_is_tty", lambda: False)
    try:
        raise ValueError("kaboom")
    except ValueError:
        exc_info = sys.exc_info()
    text = logging_formatter.SimpleflowFormatter().format(_record("failed", exc_info=exc_info))
    assert "Traceback (most recent call last)" in text
    assert "ValueError: kaboom" in text


def test_formatter_colours_level_only_on_a_tty_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    assert f"{logging_formatter.GREEN}INFO{logging_formatter.END}" in (
        logging_formatter.SimpleflowFormatter().format(_record("x"))
    )


def test_colorize() -> None:
    assert logging_formatter.colorize("ERROR", "m") == "\033[91mm\033[0m"
    assert logging_formatter.colorize("WARNING", "m") == "\033[93mm\033[0m"
    assert logging_formatter.colorize("DEBUG", "m") == "\033[94mm\033[0m"
    assert logging_formatter.colorize("CRITICAL", "m") == "\033[91mm\033[0m"
    assert logging_formatter.colorize("OTHER", "m") == "m"
