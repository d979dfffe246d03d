"""The examples of ``docs/quickstart.rst`` and ``docs/composing.rst`` run for real, so the
docs cannot drift.

Every ``.. code-block:: console`` block of the page is a transcript: lines starting with
``$ `` are commands, the lines after each command are its expected stdout. A ``<name>``
placeholder in the expected output stands for one generated word (an id). Commands run
from the repository root with ``simpleflow`` replaced by ``python -m simpleflow``.
Other blocks (``shell-session``, ``python``...) are illustrations and are not run.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.data.cli_runner import REPO, run_cli

pytestmark = pytest.mark.integration

QUICKSTART = REPO / "docs" / "quickstart.rst"
COMPOSING = REPO / "docs" / "composing.rst"
_PLACEHOLDER = re.compile(r"<[a-z_]+>")


@dataclass(frozen=True)
class Example:
    command: str
    expected: list[str]
    line: int

    page: str = "quickstart.rst"

    @property
    def id(self) -> str:
        return f"{self.page} line {self.line}: {self.command[:60]}"


def parse_console_blocks(path: Path) -> list[Example]:
    """The commands and expected outputs of the ``console`` blocks of a reST page."""
    examples: list[Example] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() != ".. code-block:: console":
            index += 1
            continue
        index += 1
        block: list[tuple[int, str]] = []
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith(" ")):
            block.append((index + 1, lines[index].strip()))
            index += 1
        current: Example | None = None
        for number, text in block:
            if text.startswith("$ "):
                current = Example(text[2:], [], number, path.name)
                examples.append(current)
            elif text and current is not None:
                current.expected.append(text)
    return examples


def matches(expected: str, actual: str) -> bool:
    parts = [re.escape(part) for part in _PLACEHOLDER.split(expected)]
    return re.fullmatch(r"\S+".join(parts), actual) is not None


QUICKSTART_EXAMPLES = parse_console_blocks(QUICKSTART)
EXAMPLES = QUICKSTART_EXAMPLES + parse_console_blocks(COMPOSING)


def _local_server_available() -> bool:
    if "--local-server" not in run_cli("standalone", "--help").stdout:
        return False
    try:
        import moto.server  # noqa: F401
    except ImportError:
        return False
    return True


def test_the_quickstart_has_the_local_and_the_standalone_examples() -> None:
    commands = [example.command for example in QUICKSTART_EXAMPLES]

    assert any("workflow.start --local" in command for command in commands)
    assert any("standalone --local-server" in command for command in commands)
    assert all(example.expected for example in EXAMPLES)


def test_placeholders_match_one_word() -> None:
    assert matches("basic <run_id>", "basic 0123abcd")
    assert not matches("basic <run_id>", "basic 0123 abcd")
    assert not matches("basic <run_id>", "other 0123abcd")


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.id)
def test_quickstart_example(example: Example, monkeypatch: pytest.MonkeyPatch) -> None:
    args = shlex.split(example.command)
    assert args[0] == "simpleflow", f"line {example.line}: not a simpleflow command"
    if "--local-server" in args and not _local_server_available():
        pytest.skip("standalone --local-server is not available (needs the 'local' extra)")
    # ``--local`` must work with no AWS configuration at all.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        if "--local" in args:
            monkeypatch.delenv(name, raising=False)

    result = run_cli(*args[1:], timeout=110)

    assert result.returncode == 0, result.stderr
    actual = result.stdout.splitlines()
    assert len(actual) == len(example.expected), (actual, example.expected)
    for expected, line in zip(example.expected, actual, strict=True):
        assert matches(expected, line), (expected, line)
