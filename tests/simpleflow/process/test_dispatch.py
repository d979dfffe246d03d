from __future__ import annotations

import types

import pytest

from simpleflow.activity import Activity
from simpleflow.registry import Registry
from simpleflow.swf.process.worker.dispatch import (
    DispatchError,
    DryRunDispatcher,
    ModuleDispatcher,
    RegistryDispatcher,
)
from simpleflow.swf.process.worker.dispatch.dry_run import do_nothing


def _double(x: int) -> int:
    return x * 2


def test_registry_dispatcher_finds_activity_and_callable() -> None:
    registry = Registry()
    activity = Activity(_double, name="process-test.double")
    registry.register(activity)
    dispatcher = RegistryDispatcher(registry, None, workflow=object())
    assert dispatcher.dispatch_activity("process-test.double") is activity
    assert dispatcher.dispatch("process-test.double") is _double


def test_registry_dispatcher_uses_its_label() -> None:
    registry = Registry()
    activity = Activity(_double, name="labelled")
    registry.register(activity, label="other")
    assert RegistryDispatcher(registry, "other", None).dispatch("labelled") is _double
    with pytest.raises(DispatchError):
        RegistryDispatcher(registry, None, None).dispatch("labelled")


def test_registry_dispatcher_miss_names_the_activity() -> None:
    with pytest.raises(DispatchError, match="'nope.missing'"):
        RegistryDispatcher(Registry(), None, None).dispatch("nope.missing")


def test_activities_register_themselves_in_the_global_registry() -> None:
    from simpleflow.registry import registry

    activity = Activity(_double, name="process-test.global-double")
    assert RegistryDispatcher(registry, None, None).dispatch_activity(activity.name) is activity


def test_module_dispatcher_getattr_chain() -> None:
    module = types.SimpleNamespace(tasks=types.SimpleNamespace(double=_double))
    assert ModuleDispatcher(module).dispatch("tasks.double") is _double


def test_module_dispatcher_translates_prefix_through_mapping() -> None:
    module = types.SimpleNamespace(tasks=types.SimpleNamespace(double=_double))
    dispatcher = ModuleDispatcher(module, mapping={"alias": "tasks"})
    assert dispatcher.dispatch("alias.double") is _double
    with pytest.raises(DispatchError, match="cannot dispatch tasks.double"):
        dispatcher.dispatch("tasks.double")


@pytest.mark.parametrize("name", ["nodot", "tasks.missing", "missing.double"])
def test_module_dispatcher_errors_are_dispatch_errors(name: str) -> None:
    module = types.SimpleNamespace(tasks=types.SimpleNamespace(double=_double))
    with pytest.raises(DispatchError, match="cannot dispatch"):
        ModuleDispatcher(module).dispatch(name)


def test_dry_run_dispatcher_returns_do_nothing() -> None:
    func = DryRunDispatcher().dispatch("anything.at.all")
    assert func is do_nothing
    assert func(1, 2, x=3) == {}
