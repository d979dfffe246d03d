"""``workflow.terminate`` / ``workflow.restart``: argument parsing (no SWF)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from simpleflow.command import cli


@pytest.mark.parametrize("command", ["workflow.terminate", "workflow.restart"])
@pytest.mark.parametrize(("args", "missing"), [((), "DOMAIN"), (("D",), "WORKFLOW_ID")])
def test_domain_and_workflow_id_are_required(
    command: str, args: tuple[str, ...], missing: str
) -> None:
    result = CliRunner().invoke(cli, [command, *args])

    assert result.exit_code == 2
    assert f"Missing argument '{missing}'" in result.stderr


@pytest.mark.parametrize("command", ["workflow.terminate", "workflow.restart"])
def test_domain_does_not_come_from_swf_domain(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "wid"], env={"SWF_DOMAIN": "D"})

    assert result.exit_code == 2
    assert "Missing argument 'WORKFLOW_ID'" in result.stderr
