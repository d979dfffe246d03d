"""``server.start``: errors without moto, option parsing (the real server: integration)."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from simpleflow._cli import server
from simpleflow.command import cli
from simpleflow.local_server import LocalServerError


def test_server_start_without_moto_names_the_local_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(self: Any) -> None:
        raise LocalServerError(
            "the local SWF server needs moto's server: install the 'local' extra, "
            "e.g. pip install 'simpleflow[local]' (No module named 'moto')"
        )

    monkeypatch.setattr(server.LocalSWFServer, "start", missing)

    result = CliRunner().invoke(cli, ["server.start", "--port", "0"])

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "'local' extra" in result.stderr
    assert result.stdout == ""


def test_server_start_rejects_an_invalid_port() -> None:
    result = CliRunner().invoke(cli, ["server.start", "--port", "70000"])

    assert result.exit_code == 2
