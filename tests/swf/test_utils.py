from __future__ import annotations

import copy
import pickle
import time
from datetime import datetime, timedelta
from unittest import mock

import pytest

from swf import utils
from swf.utils import (
    Enum,
    cached_property,
    camel_to_underscore,
    datetime_timestamp,
    decapitalize,
    get_subkey,
    immutable,
    past_day,
    underscore_to_camel,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("ActivityTask", "activityTask"), ("A", "a"), ("abc", "abc"), ("", ""), (None, "")],
)
def test_decapitalize_lowers_only_the_first_character(value, expected):
    assert decapitalize(value) == expected


def test_past_day_is_naive_local_time_days_ago():
    before = datetime.now() - timedelta(days=3)
    value = past_day(3)
    after = datetime.now() - timedelta(days=3)
    assert value.tzinfo is None
    assert before <= value <= after


def test_datetime_timestamp_reads_local_time_and_drops_microseconds():
    dt = datetime(2020, 5, 17, 12, 30, 15, 987654)
    assert datetime_timestamp(dt) == time.mktime(dt.replace(microsecond=0).timetuple())
    assert datetime_timestamp(dt) == int(datetime_timestamp(dt))


def test_enum_numbers_positional_names_and_keeps_named_values():
    enum = Enum("A", "B", C="see")
    assert (enum.A, enum.B, enum.C) == (0, 1, "see")
    assert enum.enums == {"A": 0, "B": 1, "C": "see"}
    assert "C" in enum
    assert "see" not in enum
    assert enum.has_member("see")
    assert enum.has_member(1)
    assert not enum.has_member("C")


@pytest.mark.parametrize(
    ("data", "path", "expected"),
    [
        ({"a": {"b": {"c": 1}}}, ["a", "b", "c"], 1),
        ({"a": {"b": {"c": 1}}}, ["a", "b"], {"c": 1}),
        ({"a": {"b": 1}}, ["a", "x"], None),
        ({"a": None}, ["a", "b"], None),
        ({}, ["a", "b", "c"], None),
        ({"b": 2}, "b", 2),
        ({"b": 2}, ["b"], 2),
        ({"a": {"b": 3}}, "ab", 3),
    ],
)
def test_get_subkey_walks_nested_dicts(data, path, expected):
    assert get_subkey(data, path) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ActivityTaskScheduled", "activity_task_scheduled"),
        ("startedEventId", "started_event_id"),
        ("taskList", "task_list"),
        ("input", "input"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_camel_to_underscore(value, expected):
    assert camel_to_underscore(value) == expected
    assert camel_to_underscore(value) == expected  # second call served from the cache


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", ""),
        ("a", "A"),
        ("a_b_c", "ABC"),
        ("ab_cd_ef", "AbCdEf"),
        ("request_cancel_workflow", "RequestCancelWorkflow"),
        ("RequestCancel", "RequestCancel"),
        ("schedule", "Schedule"),
    ],
)
def test_underscore_to_camel(value, expected):
    assert underscore_to_camel(value) == expected


def test_star_import_exposes_every_public_helper():
    namespace: dict[str, object] = {}
    exec("from swf.utils import *", namespace)
    for name in (
        "decapitalize",
        "past_day",
        "datetime_timestamp",
        "Enum",
        "get_subkey",
        "cached_property",
        "_CachedProperty",
        "immutable",
        "camel_to_underscore",
        "underscore_to_camel",
    ):
        assert namespace[name] is getattr(utils, name)


class _Counter:
    def __init__(self) -> None:
        self.calls = 0
        self.stored = 1

    @cached_property
    def value(self):
        """The doc."""
        self.calls += 1
        return self.stored * 10

    @value.setter
    def value(self, new):
        self.stored = new

    @value.deleter
    def value(self):
        self.stored = 0


def test_cached_property_computes_once_and_stores_under_cache_name():
    counter = _Counter()
    assert counter.value == 10
    assert counter.value == 10
    assert counter.calls == 1
    assert counter._value_cache == 10
    assert isinstance(_Counter.value, property)
    assert _Counter.value.__doc__ == "The doc."


def test_cached_property_setter_refreshes_and_deleter_drops_the_cache():
    counter = _Counter()
    assert counter.value == 10
    counter.value = 4
    assert counter.value == 40
    del counter.value
    assert not hasattr(counter, "_value_cache")
    assert counter.value == 0


def test_cached_property_without_setter_is_read_only():
    class Plain:
        @cached_property
        def value(self):
            return 1

    with pytest.raises(AttributeError):
        Plain().value = 2


# --- immutable -----------------------------------------------------------------------


class _Connected:
    __slots__ = ("region", "connection")

    def __init__(self) -> None:
        self.region = "us-east-1"
        self.connection = None


@immutable
class _Model(_Connected):
    """A model."""

    __slots__ = ("name", "_status")

    def __init__(self, name, status="REGISTERED"):
        super().__init__()
        self.name = name
        self._status = status

    @property
    def status(self):
        return self._status

    @status.setter
    def status(self, value):
        self._status = value

    def describe(self):
        return f"{self.name}:{self.status}"


class _SubModel(_Model):
    def __init__(self, name, extra):
        super().__init__(name)
        self.extra = extra


def test_immutable_keeps_class_identity_attributes():
    assert _Model.__name__ == "_Model"
    assert _Model.__qualname__ == "_Model"
    assert _Model.__module__ == __name__
    assert _Model.__doc__ == "A model."


def test_immutable_allows_assignment_during_init_only():
    model = _Model("a")
    assert (model.name, model.status) == ("a", "REGISTERED")
    assert not hasattr(model, "__dict__")
    with pytest.raises(AttributeError, match="read-only"):
        model.name = "b"
    with pytest.raises(AttributeError, match="read-only"):
        model.status = "DEPRECATED"
    with pytest.raises(AttributeError, match="read-only"):
        model._status = "DEPRECATED"
    with pytest.raises(AttributeError):
        del model.name
    with pytest.raises(AttributeError):
        model.unknown = 1
    assert (model.name, model.status) == ("a", "REGISTERED")


def test_immutable_leaves_inherited_slots_writable():
    model = _Model("a")
    model.region = "eu-west-1"
    model.connection = "conn"
    assert (model.region, model.connection) == ("eu-west-1", "conn")


def test_immutable_init_recall_is_a_no_op():
    model = _Model("a")
    model.__init__("other", "DEPRECATED")
    assert (model.name, model.status) == ("a", "REGISTERED")


def test_immutable_class_attributes_stay_patchable():
    with mock.patch.object(_Model, "describe", return_value="patched"):
        assert _Model("a").describe() == "patched"
    assert _Model("a").describe() == "a:REGISTERED"
    _Model.describe_twice = lambda self: self.describe() * 2
    try:
        assert _Model("x").describe_twice() == "x:REGISTEREDx:REGISTERED"
    finally:
        del _Model.describe_twice


def test_immutable_supports_subclassing():
    sub = _SubModel("s", extra=3)
    assert type(sub) is _SubModel
    assert isinstance(sub, _Model)
    assert (sub.name, sub.extra) == ("s", 3)
    with pytest.raises(AttributeError):
        sub.name = "t"


def test_immutable_nested_decoration_lets_the_subclass_finish_its_init():
    @immutable
    class Child(_Model):
        __slots__ = ("color",)

        def __init__(self, name, color):
            super().__init__(name)
            self.color = color

    child = Child("c", "red")
    assert (child.name, child.color) == ("c", "red")
    with pytest.raises(AttributeError):
        child.color = "blue"
    with pytest.raises(AttributeError):
        child.name = "d"


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_immutable_instances_pickle_and_stay_read_only(protocol):
    model = _Model("p", "DEPRECATED")
    model.region = "eu-west-1"
    # Round trip of an object this test just pickled (pickle support is a requirement).
    clone = pickle.loads(pickle.dumps(model, protocol=protocol))  # noqa: S301
    assert type(clone) is _Model
    assert (clone.name, clone.status, clone.region) == ("p", "DEPRECATED", "eu-west-1")
    with pytest.raises(AttributeError):
        clone.name = "q"
    clone.__init__("other")
    assert clone.name == "p"


def test_immutable_instances_copy_and_deepcopy():
    model = _Model("c")
    for clone in (copy.copy(model), copy.deepcopy(model)):
        assert type(clone) is _Model
        assert (clone.name, clone.status) == ("c", "REGISTERED")
        with pytest.raises(AttributeError):
            clone.name = "d"
    sub = copy.copy(_SubModel("s", extra=[1]))
    assert (type(sub), sub.name, sub.extra) == (_SubModel, "s", [1])


def test_immutable_uses_the_class_own_state_hooks():
    @immutable
    class Custom:
        __slots__ = ("a", "b")

        def __init__(self, a):
            self.a = a
            self.b = "derived"

        def __getstate__(self):
            return {"a": self.a}

        def __setstate__(self, state):
            self.a = state["a"]
            self.b = "restored"

    clone = copy.copy(Custom(1))
    assert (clone.a, clone.b) == (1, "restored")
    with pytest.raises(AttributeError):
        clone.a = 2


def test_immutable_keeps_the_init_signature():
    import inspect

    assert str(inspect.signature(_Model)) == "(name, status='REGISTERED')"


def test_immutable_rejects_non_classes_and_classes_without_slots():
    with pytest.raises(TypeError):
        immutable(lambda: None)
    with pytest.raises(TypeError):
        immutable(_Model("a"))

    class NoSlots:
        pass

    with pytest.raises(TypeError, match="__slots__"):
        immutable(NoSlots)
