"""``simpleflow --help`` lists every command of the 0.11.9 command line, each with a
complete one-line description, and every command explains itself with ``--help``."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from simpleflow import command

COMMANDS = (
    "workflow.start",
    "workflow.terminate",
    "workflow.restart",
    "workflow.info",
    "workflow.profile",
    "workflow.tasks",
    "workflow.list",
    "workflow.filter",
    "task.info",
    "decider.start",
    "worker.start",
    "standalone",
)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    logger = logging.getLogger("simpleflow")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]


def _listed_commands() -> dict[str, str]:
    """Command name -> description, from the Commands section of ``simpleflow --help``."""
    result = CliRunner().invoke(command.cli, ["--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    section = result.stdout.split("Commands:\n", 1)[1]
    listed = {}
    for line in section.splitlines():
        match = re.match(r"^  (\S+)\s+(.*)$", line)
        if match:
            listed[match.group(1)] = match.group(2).strip()
    return listed


def test_help_lists_every_command() -> None:
    assert set(COMMANDS) <= set(_listed_commands())


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_has_a_complete_one_line_description(name: str) -> None:
    description = _listed_commands().get(name, "")

    # click cuts a first sentence that does not fit the 80-column listing with "...".
    assert description.endswith(".") and not description.endswith("..."), description


@pytest.mark.parametrize("name", COMMANDS)
def test_command_help_starts_with_its_description(name: str) -> None:
    result = CliRunner().invoke(command.cli, [name, "--help"], terminal_width=80)

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: cli {name} ") or result.stdout.startswith(
        f"Usage: simpleflow {name} "
    )
    first_line = result.stdout.split("\n\n", 2)[1].strip()
    assert first_line == _listed_commands()[name]
