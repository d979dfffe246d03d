"""`simpleflow.testing` as a module: pure to import, and the engine options it picks."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from simpleflow.testing import _environment


def test_importing_it_loads_neither_botocore_nor_pytest() -> None:
    probe = (
        "import sys, simpleflow.testing; roots = ('botocore', 'boto3', 'pytest'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in roots))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert completed.stdout.strip() == "[]"


class EngineWithClock:
    def __init__(self, host: str, port: int, time_skipping: bool = False) -> None:
        self.options = {"host": host, "port": port, "time_skipping": time_skipping}


class EngineWithoutClock:
    def __init__(self, host: str, port: int) -> None:
        self.options = {"host": host, "port": port}


@pytest.mark.parametrize(
    ("engine", "expected"),
    [
        (EngineWithClock, {"host": "127.0.0.1", "port": 0, "time_skipping": True}),
        (EngineWithoutClock, {"host": "127.0.0.1", "port": 0}),
    ],
)
def test_the_skipping_clock_is_used_when_the_engine_has_one(
    monkeypatch: pytest.MonkeyPatch, engine: Any, expected: dict[str, Any]
) -> None:
    import simpleflow.local_server

    monkeypatch.setattr(simpleflow.local_server, "LocalSWFServer", engine)
    assert _environment._new_server().options == expected


def test_run_needs_an_open_environment() -> None:
    from examples.basic import BasicWorkflow

    with pytest.raises(RuntimeError, match="in a 'with' block before run"):
        _environment.WorkflowEnvironment().run(BasicWorkflow, 1)


def test_the_fixture_is_a_registered_pytest_plugin(pytestconfig: pytest.Config) -> None:
    from importlib.metadata import entry_points

    [entry] = [e for e in entry_points(group="pytest11") if e.name == "simpleflow"]
    assert entry.value == "simpleflow.testing.pytest_plugin"
    assert pytestconfig.pluginmanager.has_plugin("simpleflow")
