"""The collector paused during a decision, the startup objects frozen (``process._gc``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest

from simpleflow.swf.executor import Executor
from simpleflow.swf.process import _gc
from simpleflow.swf.process.decider import DeciderPoller
from swf.models import Domain
from swf.models.history import builder
from swf.responses import Response
from tests.data import process_workflows as wf


@pytest.fixture(autouse=True)
def _collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()
    if enabled:
        gc.enable()


def test_the_collector_is_off_in_the_block_and_restored_after() -> None:
    gc.enable()
    with _gc.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _gc.collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    with _gc.collector_paused():
        pass
    assert not gc.isenabled()


def test_startup_objects_are_frozen() -> None:  # in this process: unfrozen after
    gc.unfreeze()
    before = gc.get_freeze_count()
    _gc.freeze_startup_objects()
    assert gc.get_freeze_count() > before


def test_a_decision_is_computed_with_the_collector_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")
    gc.enable()
    poller = DeciderPoller(
        [Executor(Domain("process-test"), wf.DoubleWorkflow)], Domain("process-test"), None
    )
    seen: list[bool] = []
    decide = poller.decide

    def watched(response: Any) -> Any:
        seen.append(gc.isenabled())
        return decide(response)

    monkeypatch.setattr(poller, "decide", watched)
    monkeypatch.setattr(poller, "_complete", lambda token, decisions: None)
    history = builder.History(wf.DoubleWorkflow, input={"args": [3]})
    poller.process(Response(token="tok", history=history, execution=None))
    assert seen == [False] and gc.isenabled()


def _report_freeze_count(path: str) -> None:
    with open(path, "w") as out:
        out.write(str(gc.get_freeze_count()))


def test_a_supervised_child_runs_with_what_it_inherited_frozen(tmp_path: Any) -> None:
    from simpleflow.swf.process._supervisor import Supervisor

    gc.unfreeze()
    target = tmp_path / "count"
    status = Supervisor(_report_freeze_count, arguments=[str(target)], nb_children=1).start()
    assert status == 0
    assert int(target.read_text()) > 1000
    assert gc.get_freeze_count() == 0  # the parent is left as it was
