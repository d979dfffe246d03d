from __future__ import annotations

import pytest

from simpleflow import activity, registry, settings
from simpleflow.activity import Activity


@activity.with_attributes()
def plain(x: int) -> int:
    return x


@activity.with_attributes(name="custom.name", version="2", task_list="tl")
def named() -> None:
    pass


@activity.with_attributes()
class ClassStyle:
    def __init__(self, x: int) -> None:
        self.x = x

    def execute(self) -> int:
        return self.x


class _Outer:
    @staticmethod
    def nested() -> None:
        pass


def test_decorator_returns_an_activity() -> None:
    assert isinstance(plain, Activity)
    assert plain._callable.__name__ == "plain"


def test_name_is_module_and_function_name() -> None:
    assert plain.name == f"{__name__}.plain"


def test_class_activity_name_uses_class_name() -> None:
    assert ClassStyle.name == f"{__name__}.ClassStyle"


def test_explicit_name_is_verbatim() -> None:
    assert named.name == "custom.name"


def test_name_uses_dunder_name_not_qualname() -> None:
    assert Activity(_Outer.nested).name == f"{__name__}.nested"


def test_name_prefers_callable_name_attribute() -> None:
    def func() -> None:
        pass

    func.name = "alias"  # type: ignore[attr-defined]
    assert Activity(func).name == f"{__name__}.alias"


def test_name_of_callable_object_uses_class_name() -> None:
    class Callable_:
        def __call__(self) -> None:
            pass

    obj = Callable_()
    assert Activity(obj).name == f"{__name__}.Callable_"


def test_defaults_come_from_settings() -> None:
    assert plain.version == settings.ACTIVITY_DEFAULT_VERSION
    assert plain.task_list == settings.ACTIVITY_DEFAULT_TASK_LIST
    assert plain.retry == 0
    assert plain.raises_on_failure is False
    assert plain.idempotent is None
    assert plain.task_start_to_close_timeout == settings.ACTIVITY_START_TO_CLOSE_TIMEOUT
    assert plain.task_schedule_to_close_timeout == settings.ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT
    assert plain.task_schedule_to_start_timeout == settings.ACTIVITY_SCHEDULE_TO_START_TIMEOUT
    assert plain.task_heartbeat_timeout == settings.ACTIVITY_HEARTBEAT_TIMEOUT


def test_constructor_positional_order() -> None:
    def func() -> None:
        pass

    act = Activity(func, "n", "v", "tl", 3, True, "1", "2", "3", "4", True)
    assert act._name == "n"
    assert (act.version, act.task_list, act.retry, act.raises_on_failure) == ("v", "tl", 3, True)
    assert act.task_start_to_close_timeout == "1"
    assert act.task_schedule_to_close_timeout == "2"
    assert act.task_schedule_to_start_timeout == "3"
    assert act.task_heartbeat_timeout == "4"
    assert act.idempotent is True


def test_direct_construction_defaults_to_none_timeouts() -> None:
    act = Activity(lambda: None, name="tests.activity.lambda")
    assert act.version is None
    assert act.task_list is None
    assert act.task_start_to_close_timeout is None


def test_repr() -> None:
    assert repr(named) == "Activity(name=custom.name, version=2, task_list=tl)"


def test_activity_is_not_callable() -> None:
    assert not callable(plain)
    with pytest.raises(TypeError):
        plain(1)  # type: ignore[operator]


def test_activity_registers_itself() -> None:
    assert registry.registry[None][f"{__name__}.plain"] is plain
    assert registry.registry[None]["custom.name"] is named


def test_with_attributes_passes_every_option() -> None:
    decorator = activity.with_attributes(
        name="tests.activity.all",
        version="9",
        task_list="tl9",
        retry=2,
        raises_on_failure=True,
        start_to_close_timeout="11",
        schedule_to_close_timeout="12",
        schedule_to_start_timeout="13",
        heartbeat_timeout="14",
        idempotent=True,
    )
    act = decorator(lambda: None)
    assert (act.name, act.version, act.task_list, act.retry) == (
        "tests.activity.all",
        "9",
        "tl9",
        2,
    )
    assert act.raises_on_failure is True
    assert act.idempotent is True
    assert (
        act.task_start_to_close_timeout,
        act.task_schedule_to_close_timeout,
        act.task_schedule_to_start_timeout,
        act.task_heartbeat_timeout,
    ) == ("11", "12", "13", "14")
