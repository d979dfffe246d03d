from __future__ import annotations

import io
from pathlib import Path

import pytest

import swf.core
from swf import settings

FULL = """\
[credentials]
aws_access_key_id=AKIDFILE
aws_secret_access_key=SECRETFILE

[defaults]
region=eu-west-1
"""


def test_from_stream_reads_credentials_and_region() -> None:
    assert settings.from_stream(io.StringIO(FULL)) == {
        "aws_access_key_id": "AKIDFILE",
        "aws_secret_access_key": "SECRETFILE",
        "region": "eu-west-1",
    }


def test_from_stream_ignores_absent_sections() -> None:
    assert settings.from_stream(io.StringIO("[other]\nx=1\n")) == {}
    assert settings.from_stream(io.StringIO("[defaults]\nregion=us-west-2\n")) == {
        "region": "us-west-2"
    }


def test_from_stream_tolerates_missing_credential_key() -> None:
    result = settings.from_stream(io.StringIO("[credentials]\naws_access_key_id=AKID\n"))

    assert result == {"aws_access_key_id": "AKID", "aws_secret_access_key": None}


def test_from_stream_allows_keys_without_values() -> None:
    result = settings.from_stream(io.StringIO("[defaults]\nregion\n"))

    assert result == {"region": None}


def test_from_file_missing_path_gives_empty_dict(tmp_path: Path) -> None:
    assert settings.from_file(str(tmp_path / "absent")) == {}


def test_from_file_reads_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "swf.ini"
    path.write_text(FULL)

    assert settings.from_file(str(path))["region"] == "eu-west-1"


def test_from_file_propagates_other_io_errors(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        settings.from_file(str(tmp_path))


def test_from_env_with_all_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKID")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "SECRET")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")

    assert settings.from_env() == {
        "aws_access_key_id": "AKID",
        "aws_secret_access_key": "SECRET",
        "region": "ap-south-1",
    }


def test_from_env_key_without_secret_gives_none_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.delenv("AWS_DEFAULT_REGION")

    assert settings.from_env() == {"aws_access_key_id": "AKID", "aws_secret_access_key": None}


def test_from_env_region_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "ignored without a key id")

    assert settings.from_env() == {"region": "us-east-1"}


def test_from_env_nothing_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(name)

    assert settings.from_env() == {}


def test_from_home_without_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOME", raising=False)

    assert settings.from_home() == {}


def test_from_home_reads_dot_swf(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".swf").write_text(FULL)
    (tmp_path / "other").write_text("[defaults]\nregion=sa-east-1\n")
    monkeypatch.setenv("HOME", str(tmp_path))

    assert settings.from_home()["aws_access_key_id"] == "AKIDFILE"
    assert settings.from_home("other") == {"region": "sa-east-1"}


def test_get_prefers_file_over_environment_without_merging(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".swf").write_text("[defaults]\nregion=eu-west-1\n")
    monkeypatch.setenv("HOME", str(tmp_path))

    assert settings.get() == {"region": "eu-west-1"}  # env credentials not merged in


def test_get_falls_back_to_environment_for_empty_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".swf").write_text("")
    monkeypatch.setenv("HOME", str(tmp_path))

    assert settings.get() == {
        "aws_access_key_id": "testing",
        "aws_secret_access_key": "testing",
        "region": "us-east-1",
    }


def test_set_merges_non_none_values_into_core_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    current = {"region": "us-east-1", "aws_access_key_id": "old"}
    monkeypatch.setattr(swf.core, "SETTINGS", current)

    settings.set(aws_access_key_id="new", aws_secret_access_key=None, region="eu-west-3")

    assert current == {"region": "eu-west-3", "aws_access_key_id": "new"}
