from __future__ import annotations

import getpass
import json
import os
import signal
import socket

import pytest

from simpleflow.swf.process import actor
from simpleflow.swf.process.actor import (
    NamedMixin,
    get_hostname,
    get_payload_name,
    reset_signal_handlers,
    swf_identity,
    with_state,
)


class _Named(NamedMixin):
    def __init__(self) -> None:
        self.calls: list[str | None] = []

    @property
    def name(self) -> str:
        return "Thing(x)"

    @with_state("working")
    def work(self, value: int) -> int:
        self.calls.append(self.state)
        return value * 2


def test_swf_identity_is_json_with_user_hostname_pid_in_order() -> None:
    text = swf_identity()
    assert list(json.loads(text)) == ["user", "hostname", "pid"]
    assert json.loads(text) == {
        "user": getpass.getuser(),
        "hostname": socket.gethostname(),
        "pid": os.getpid(),
    }
    assert text.startswith('{"user": ')  # default separators


def test_swf_identity_uses_uid_when_user_has_no_passwd_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_user() -> str:
        raise KeyError("getpwuid(): uid not found: 12345")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert json.loads(swf_identity())["user"] == str(os.getuid())


def test_swf_identity_is_cut_to_256_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "gethostname", lambda: "h" * 400)
    text = swf_identity()
    assert len(text) == 256
    assert text.startswith('{"user": ')


def test_get_hostname_is_the_socket_hostname() -> None:
    assert get_hostname() == socket.gethostname()


def test_get_payload_name_of_bound_method_function_and_other() -> None:
    def payload() -> None:
        pass

    assert get_payload_name(_Named().work) == "_Named.work"
    assert get_payload_name(payload) == "payload"
    with pytest.raises(TypeError, match="cannot name payload"):
        get_payload_name(42)


def test_setting_state_sets_process_title(monkeypatch: pytest.MonkeyPatch) -> None:
    titles: list[str] = []
    monkeypatch.delenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", raising=False)
    monkeypatch.setattr("setproctitle.setproctitle", titles.append)
    thing = _Named()
    thing.state = "polling"
    assert thing.state == "polling"
    assert titles == ["Thing(x)[polling]"]


def test_unchanged_process_title_is_not_set_again(monkeypatch: pytest.MonkeyPatch) -> None:
    titles: list[str] = []
    monkeypatch.delenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", raising=False)
    monkeypatch.setattr("setproctitle.setproctitle", titles.append)
    thing = _Named()
    for state in ("polling", "polling", "processing task", "polling", "polling"):
        thing.state = state
    assert titles == ["Thing(x)[polling]", "Thing(x)[processing task]", "Thing(x)[polling]"]


def test_process_title_is_left_alone_when_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    titles: list[str] = []
    monkeypatch.setenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")
    monkeypatch.setattr("setproctitle.setproctitle", titles.append)
    _Named().state = "polling"
    assert titles == []


def test_named_mixin_default_name_is_class_name() -> None:
    class Plain(NamedMixin):
        pass

    assert Plain().name == "Plain"


def test_with_state_sets_state_before_calling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMPLEFLOW_DISABLE_SETPROCTITLE", "1")
    thing = _Named()
    assert thing.work(21) == 42
    assert thing.calls == ["working"]
    assert thing.work.__name__ == "work"


def test_reset_signal_handlers_restores_defaults_before_running() -> None:
    seen: list[object] = []

    def func(value: int) -> int:
        seen.append(signal.getsignal(signal.SIGTERM))
        seen.append(signal.getsignal(signal.SIGINT))
        return value + 1

    previous = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    signal.signal(signal.SIGTERM, lambda *_: None)
    signal.signal(signal.SIGINT, lambda *_: None)
    try:
        assert reset_signal_handlers(func)(1) == 2
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    assert seen == [signal.SIG_DFL, signal.SIG_DFL]


def test_actor_facade_exports() -> None:
    for name in ("Poller", "Supervisor", "NamedMixin", "with_state", "swf_identity"):
        assert hasattr(actor, name)
