"""The ``Event`` class: one entry of an SWF workflow execution history."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from swf._json import loads as _loads
from swf.utils import cached_property, camel_to_underscore, decapitalize

__all__ = ["Event"]

# eventType -> attributes key, and attribute key -> snake_case name. Both sets are small
# and closed (the SWF event types and their attribute keys); caching them keeps history
# parsing cheap. The bound only guards against unusual inputs.
_ATTRIBUTES_KEYS: dict[str, str] = {}
_ATTRIBUTE_NAMES: dict[str, str] = {}
_CACHE_SIZE = 2048


def _attributes_key(event_type: str) -> str:
    try:
        return _ATTRIBUTES_KEYS[event_type]
    except KeyError:
        key = decapitalize(event_type) + "EventAttributes"
        if len(_ATTRIBUTES_KEYS) < _CACHE_SIZE:
            _ATTRIBUTES_KEYS[event_type] = key
        return key


def _attribute_name(key: str) -> str:
    try:
        return _ATTRIBUTE_NAMES[key]
    except KeyError:
        name = camel_to_underscore(key)
        if len(_ATTRIBUTE_NAMES) < _CACHE_SIZE:
            _ATTRIBUTE_NAMES[key] = name
        return name


def _to_utc_datetime(value: Any) -> datetime:
    """Turn an SWF event timestamp into an aware UTC datetime.

    boto 2 gave epoch seconds, boto3 gives datetimes, and recorded histories may hold
    numeric or ISO 8601 strings. A naive datetime is taken as UTC.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    if isinstance(value, str):
        try:
            return datetime.fromtimestamp(float(value), tz=timezone.utc)
        except ValueError:
            pass
        try:
            return _to_utc_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")))
        except ValueError:
            pass
    raise TypeError(
        f"unsupported event timestamp {value!r}: "
        "expected epoch seconds (int or float), a datetime or an ISO 8601 string"
    )


# The attribute keys of an event, in order -> (the instance attributes they set, whether
# `input` is among them, whether `control` is). `input` and `control` go to their
# `_raw_*` slots. Events of one type carry a few key sequences: each is renamed once.
_INSTANCE_NAMES: dict[tuple[str, ...], tuple[tuple[str, ...], bool, bool]] = {}
_RAW_SLOTS = {"input": "_raw_input", "control": "_raw_control"}


def _instance_names(keys: tuple[str, ...]) -> tuple[tuple[str, ...], bool, bool]:
    names = tuple(_RAW_SLOTS.get(key) or _attribute_name(key) for key in keys)
    result = (names, "input" in keys, "control" in keys)
    if len(_INSTANCE_NAMES) < _CACHE_SIZE:
        _INSTANCE_NAMES[keys] = result
    return result


# The value of `Event._input` / `Event._control` until the raw text is decoded.
_UNDECODED: Any = object()
# JSON attribute -> (its slot, the slot of its undecoded text).
_JSON_SLOTS = {"input": ("_input", "_raw_input"), "control": ("_control", "_raw_control")}


def _decode_json(value: str | bytes | bytearray) -> Any:
    # `input` and `control` are JSON when simpleflow wrote them. Anything else keeps its
    # raw text: a decider must not crash on one bad payload, and the workflow can then
    # fail with a readable reason.
    try:
        return _loads(value)
    except ValueError:
        return value


class Event:
    """A history event, with its attributes exposed as snake_case instance attributes.

    Every key of the event's ``<eventType>EventAttributes`` dict becomes an attribute
    (``scheduledEventId`` -> ``scheduled_event_id``); nested values stay plain dicts and
    lists. The ``input`` and ``control`` attributes are JSON-decoded (an undecodable one
    keeps its raw string). Attributes that SWF marks optional and that are absent from the
    event read as ``None``: the class declares them with a ``None`` default, so callers
    need not catch ``AttributeError`` (other misspelt names still raise it). An attribute
    key colliding with a read-only property (``id`` and ``name`` of Lambda function events) stays in
    ``raw`` only.

    Args:
        id: the ``eventId``.
        state: the state part of the event type (``'scheduled'``, ``'timed_out'``, ...).
        timestamp: the ``eventTimestamp``: epoch seconds, or a datetime (naive means UTC).
        raw_data: the raw event dict. When it has an ``eventType``, the event takes its
            name and attributes key from it; otherwise the class values are used.

    Raises:
        KeyError: ``raw_data`` lacks the attributes key.
    """

    _type: str | None = None
    _name: str | None = None
    _attributes_key: str | None = None
    _attributes: Any = None
    _control: Any = None
    _raw_input: Any = None
    _raw_control: Any = None
    excluded_attributes = ("eventId", "eventType", "eventTimestamp")

    # Optional SWF event attributes, None when the event does not carry them.
    activity_id: Any = None
    activity_type: Any = None
    cause: Any = None
    child_policy: Any = None
    continued_execution_run_id: Any = None
    decision_task_completed_event_id: Any = None
    details: Any = None
    execution_context: Any = None
    execution_start_to_close_timeout: Any = None
    external_initiated_event_id: Any = None
    external_workflow_execution: Any = None
    heartbeat_timeout: Any = None
    identity: Any = None
    initiated_event_id: Any = None
    lambda_role: Any = None
    latest_cancel_requested_event_id: Any = None
    marker_name: Any = None
    new_execution_run_id: Any = None
    parent_initiated_event_id: Any = None
    parent_workflow_execution: Any = None
    reason: Any = None
    result: Any = None
    run_id: Any = None
    schedule_to_close_timeout: Any = None
    schedule_to_start_timeout: Any = None
    scheduled_event_id: Any = None
    signal_name: Any = None
    start_to_close_timeout: Any = None
    start_to_fire_timeout: Any = None
    started_event_id: Any = None
    tag_list: Any = None
    task_list: Any = None
    task_priority: Any = None
    task_start_to_close_timeout: Any = None
    timeout_type: Any = None
    timer_id: Any = None
    workflow_execution: Any = None
    workflow_id: Any = None
    workflow_type: Any = None

    def __init__(self, id: Any, state: str | None, timestamp: Any, raw_data: Any) -> None:
        self._id = id
        self._state = state
        self._timestamp = timestamp
        self._input: Any = {}
        raw = raw_data or {}
        self.raw = raw
        event_type = raw.get("eventType")
        if event_type is not None:
            self._name = event_type
            key = _ATTRIBUTES_KEYS.get(event_type)
            self._attributes_key = key if key is not None else _attributes_key(event_type)
        self.process_attributes()

    def process_attributes(self) -> None:
        """Set every entry of the event's attributes dict as a snake_case attribute."""
        attributes = self.raw[self._attributes_key]
        keys = tuple(attributes)
        names = _INSTANCE_NAMES.get(keys)
        if names is None:
            names = _instance_names(keys)
        instance_dict = self.__dict__
        instance_dict.update(zip(names[0], attributes.values(), strict=True))
        # `input` and `control` are shadowed by their properties, which decode them on
        # first access: replay never reads most of them (closed activities' inputs). Their
        # text went straight to the `_raw_*` slots (what the setters would do).
        if names[1]:
            value = instance_dict["_raw_input"]
            if value.__class__ is str or isinstance(value, (str, bytes, bytearray)):
                instance_dict["_input"] = _UNDECODED
            else:
                del instance_dict["_raw_input"]
                instance_dict["_input"] = value
        if names[2]:
            control = instance_dict["_raw_control"]
            if control.__class__ is str:
                instance_dict["_control"] = _UNDECODED
            else:
                del instance_dict["_raw_control"]
                instance_dict["_control"] = control

    @property
    def id(self) -> Any:
        """The ``eventId``."""
        return self._id

    @property
    def type(self) -> str | None:
        """The event family (``'ActivityTask'``, ``'Timer'``...), ``None`` when unknown."""
        return self._type

    @property
    def name(self) -> str | None:
        """The raw ``eventType`` (``'ActivityTaskScheduled'``...)."""
        return self._name

    @property
    def state(self) -> str | None:
        """The state part of the event type, in snake_case."""
        return self._state

    @cached_property
    def timestamp(self) -> datetime:
        """The ``eventTimestamp`` as an aware UTC datetime (converted on first access)."""
        return _to_utc_datetime(self._timestamp)

    @property
    def input(self) -> Any:
        """The decoded ``input`` attribute (decoded on first access); ``{}`` when absent."""
        value = self._input
        if value is _UNDECODED:
            value = self._input = _decode_json(self._raw_input)
        return value

    @input.setter
    def input(self, value: Any) -> None:
        if isinstance(value, (str, bytes, bytearray)):
            self._raw_input = value
            value = _UNDECODED
        self._input = value

    @property
    def control(self) -> Any:
        """The decoded ``control`` attribute (decoded on first access); ``None`` when absent."""
        value = self._control
        if value is _UNDECODED:
            value = self._control = _decode_json(self._raw_control)
        return value

    @control.setter
    def control(self, value: Any) -> None:
        self._control = value

    def _raw_json(self, name: str) -> Any:
        """The undecoded text of ``input`` or ``control``, or None once decoded or absent."""
        state = self.__dict__
        slot, raw_slot = _JSON_SLOTS[name]
        return state.get(raw_slot) if state.get(slot) is _UNDECODED else None

    def _set_raw_json(self, name: str, text: str) -> None:
        """Give ``input`` or ``control`` new JSON text, decoded on first access."""
        slot, raw_slot = _JSON_SLOTS[name]
        self.__dict__[raw_slot] = text
        self.__dict__[slot] = _UNDECODED

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.type} : {self.state} >"
