from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

import swf.core
import swf.transport
from swf import settings
from swf.core import ConnectedSWFObject
from swf.exceptions import InvalidCredentialsError
from swf.transport import SWFConnection


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """An empty SETTINGS dict for each test."""
    current: dict[str, Any] = {}
    monkeypatch.setattr(swf.core, "SETTINGS", current)
    yield current


class Recorder:
    """Stands in for ``swf.transport.connect``: records calls, fails a given number of times."""

    def __init__(self, failures: list[BaseException] | None = None, result: Any = "conn") -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        self.failures = list(failures or [])
        self.result = result

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        if self.failures:
            raise self.failures.pop(0)
        return self.result


def run_python(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=True,
    )
    return result.stdout


def test_settings_are_loaded_at_import_from_home_file(tmp_path: Path) -> None:
    (tmp_path / ".swf").write_text("[defaults]\nregion=eu-west-1\n")
    env = {**os.environ, "HOME": str(tmp_path), "SWF_CONNECTION_RETRIES": "7"}

    out = run_python(
        "import json, swf.core; print(json.dumps([swf.core.SETTINGS, swf.core.RETRIES]))", env
    )

    assert json.loads(out) == [{"region": "eu-west-1"}, 7]


def test_settings_default_to_environment_and_retries_to_five(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path)}
    env.pop("SWF_CONNECTION_RETRIES", None)

    out = run_python(
        "import json, swf.core; print(json.dumps([swf.core.SETTINGS, swf.core.RETRIES]))", env
    )

    settings_, retries = json.loads(out)
    assert settings_["aws_access_key_id"] == "testing"
    assert retries == 5


def test_no_argument_construction_gives_a_transport_connection() -> None:
    obj = ConnectedSWFObject()

    assert isinstance(obj.connection, SWFConnection)
    assert obj.region == obj.connection.region == "us-east-1"


def test_positional_arguments_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    monkeypatch.setattr(swf.transport, "connect", recorder)

    obj = ConnectedSWFObject("junk", 42, region="eu-west-1")

    assert obj.connection == "conn"
    assert recorder.calls == [
        (("eu-west-1",), {"aws_access_key_id": None, "aws_secret_access_key": None})
    ]


def test_settings_credentials_win_over_keyword_arguments(
    monkeypatch: pytest.MonkeyPatch, _settings: dict[str, Any]
) -> None:
    _settings.update(aws_access_key_id="FROM_SETTINGS", aws_secret_access_key=None)
    recorder = Recorder()
    monkeypatch.setattr(swf.transport, "connect", recorder)

    ConnectedSWFObject(aws_access_key_id="KW", aws_secret_access_key="KWSECRET")

    # A key present in SETTINGS wins even with a None value (0.11.9 precedence).
    assert recorder.calls[0][1] == {
        "aws_access_key_id": "FROM_SETTINGS",
        "aws_secret_access_key": None,
    }


def test_keyword_credentials_used_when_settings_lack_them(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    monkeypatch.setattr(swf.transport, "connect", recorder)

    ConnectedSWFObject(aws_access_key_id="KW", aws_secret_access_key="KWSECRET")

    assert recorder.calls[0][1] == {"aws_access_key_id": "KW", "aws_secret_access_key": "KWSECRET"}


@pytest.mark.parametrize(
    ("settings_region", "kwarg_region", "env_region", "expected"),
    [
        ("eu-west-1", "us-west-2", "ap-south-1", "eu-west-1"),
        (None, "us-west-2", "ap-south-1", "us-west-2"),
        (None, None, "ap-south-1", "ap-south-1"),
    ],
)
def test_region_precedence(
    monkeypatch: pytest.MonkeyPatch,
    _settings: dict[str, Any],
    settings_region: str | None,
    kwarg_region: str | None,
    env_region: str,
    expected: str,
) -> None:
    if settings_region:
        _settings["region"] = settings_region
    monkeypatch.setenv("AWS_DEFAULT_REGION", env_region)

    obj = ConnectedSWFObject(region=kwarg_region)

    assert obj.region == obj.connection.region == expected


def test_injected_connection_is_used_without_calling_the_factory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(swf.transport, "connect", recorder)
    connection = mock.Mock(spec=SWFConnection)

    obj = ConnectedSWFObject(connection=connection)

    assert obj.connection is connection
    assert recorder.calls == []


def test_factory_returning_nothing_is_an_invalid_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(swf.transport, "connect", Recorder(result=None))

    with pytest.raises(ValueError, match="^invalid region: xx-nowhere-1$"):
        ConnectedSWFObject(region="xx-nowhere-1")


def test_malformed_region_raises_value_error() -> None:
    with pytest.raises(ValueError, match="^invalid region: not a region!$"):
        ConnectedSWFObject(region="not a region!")


def test_constructor_retries_with_jittered_exponential_sleeps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    recorder = Recorder(failures=[TypeError("flaky"), InvalidCredentialsError("no creds yet")])
    monkeypatch.setattr(swf.transport, "connect", recorder)
    monkeypatch.setattr(swf.core, "RETRIES", 3)
    monkeypatch.setattr(swf.core.random, "random", lambda: 0.5)
    sleeps: list[float] = []
    monkeypatch.setattr(swf.core.time, "sleep", sleeps.append)

    obj = ConnectedSWFObject()

    assert obj.connection == "conn"
    assert len(recorder.calls) == 3
    assert sleeps == [0.5 * 2**0, 0.5 * 2**1]


def test_constructor_reraises_last_error_after_last_attempt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    last = TypeError("second")
    recorder = Recorder(failures=[TypeError("first"), last])
    monkeypatch.setattr(swf.transport, "connect", recorder)
    monkeypatch.setattr(swf.core, "RETRIES", 2)
    monkeypatch.setattr(swf.core.time, "sleep", lambda seconds: None)

    with pytest.raises(TypeError) as info:
        ConnectedSWFObject()

    assert info.value is last
    assert len(recorder.calls) == 2


def test_constructor_does_not_retry_other_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder(failures=[ValueError("invalid region: x")])
    monkeypatch.setattr(swf.transport, "connect", recorder)
    monkeypatch.setattr(swf.core, "RETRIES", 5)

    with pytest.raises(ValueError):
        ConnectedSWFObject()

    assert len(recorder.calls) == 1


def test_settings_set_affects_later_connections(
    monkeypatch: pytest.MonkeyPatch, _settings: dict[str, Any]
) -> None:
    settings.set(region="eu-central-1", aws_access_key_id="AK", aws_secret_access_key="SK")

    obj = ConnectedSWFObject(region="us-west-2")

    assert obj.region == "eu-central-1"
    assert obj.connection.aws_access_key_id == "AK"
    assert obj.connection.aws_secret_access_key == "SK"


def test_slots_and_subclasses_with_dict() -> None:
    class Queryset(ConnectedSWFObject):
        pass

    assert ConnectedSWFObject.__slots__ == ["region", "connection"]
    assert not hasattr(ConnectedSWFObject(), "__dict__")
    obj = Queryset()
    obj.domain = "d"  # type: ignore[attr-defined]
    assert obj.domain == "d"  # type: ignore[attr-defined]


def test_patched_factory_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    sentinel = object()
    with mock.patch("swf.transport.connect", return_value=sentinel) as factory:
        obj = ConnectedSWFObject(region="eu-west-1")

    assert obj.connection is sentinel
    factory.assert_called_once_with("eu-west-1", aws_access_key_id=None, aws_secret_access_key=None)
