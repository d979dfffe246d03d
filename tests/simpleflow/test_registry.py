from __future__ import annotations

import pytest

from simpleflow import activity, registry


class _Named:
    def __init__(self, name: str) -> None:
        self.name = name


def test_register_stores_by_label_and_name() -> None:
    reg = registry.Registry()
    task = _Named("a")
    reg.register(task)
    reg.register(task, label="other")
    assert reg[None] == {"a": task}
    assert reg["other"] == {"a": task}


def test_register_overwrites_same_name() -> None:
    reg = registry.Registry()
    first, second = _Named("a"), _Named("a")
    reg.register(first)
    reg.register(second)
    assert reg[None]["a"] is second


def test_unknown_label_is_empty_dict() -> None:
    assert registry.Registry()["nothing"] == {}


def test_execute_is_not_implemented() -> None:
    with pytest.raises(NotImplementedError):
        registry.Registry().execute()


def test_activities_register_in_the_global_registry_under_none() -> None:
    @activity.with_attributes(name="tests.registry.sample")
    def sample() -> None:
        pass

    assert registry.registry[None]["tests.registry.sample"] is sample
