"""The examples of ``docs/quickstart.rst`` and ``docs/composing.rst`` run for real, so the
docs cannot drift.

Every ``.. code-block:: console`` block of the page is a transcript: lines starting with
``$ `` are commands, the lines after each command are its expected stdout. A ``<name>``
placeholder in the expected output stands for one generated word (an id). Commands run
from the repository root with ``simpleflow`` replaced by ``python -m simpleflow``.
Other blocks (``shell-session``, ``python``...) are illustrations and are not run.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import subprocess
import time
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


# -- README: the multi-shell quickstart on the local engine -----------------------------------

README = REPO / "README.md"


def parse_readme_console_blocks(path: Path) -> list[list[Example]]:
    """The ``console`` fenced blocks of a Markdown page, as lists of examples."""
    blocks: list[list[Example]] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```console":
            index += 1
            continue
        index += 1
        block: list[Example] = []
        while index < len(lines) and lines[index].strip() != "```":
            text = lines[index]
            if text.startswith("$ "):
                block.append(Example(text[2:], [], index + 1))
            elif text.strip() and block:
                block[-1].expected.append(text.strip())
            index += 1
        blocks.append(block)
    return blocks


def _multi_shell_blocks() -> list[list[Example]]:
    blocks = parse_readme_console_blocks(README)
    start = next(i for i, b in enumerate(blocks) if b and "server.start" in b[0].command)
    return blocks[start : start + 4]


def _generalize(expected: str) -> str:
    """The README shows a real run: its generated ids become placeholders."""
    expected = re.sub(r"\b[0-9a-f]{32}\b", "<run_id>", expected)
    return re.sub(r"-\d{6,}\b", "-<number>", expected)


def _wait_for_lines(process: subprocess.Popen[str], count: int, timeout: float) -> list[str]:
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while len(lines) < count:
        assert time.monotonic() < deadline, f"server.start printed only {lines}"
        line = process.stdout.readline()
        assert line, (
            f"server.start exited: {process.wait()} {process.stderr and process.stderr.read()}"
        )
        lines.append(line.rstrip("\n"))
    return lines


def _stop(process: subprocess.Popen[str], what: str, within: float) -> float:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=within)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise AssertionError(f"{what} did not stop within {within} s of SIGTERM") from None
    return time.monotonic() - started


def test_readme_multi_shell_quickstart_runs_as_written(tmp_path: Path) -> None:
    """server.start, then decider.start, worker.start and workflow.start in "other shells".

    The commands are the README's, run with bash from the repository root. The one change:
    ``--port 0`` is added to ``server.start``, because 4566 may be taken on a shared test
    machine; the other shells get the environment from the lines the server printed, which
    is exactly what the README tells the user to paste.
    """
    server_block, decider_block, worker_block, client_block = _multi_shell_blocks()
    (server_example,) = server_block
    base_env = {
        k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "SWF_DOMAIN"
    }
    server = subprocess.Popen(
        ["bash", "-c", f"exec {server_example.command} --port 0"],
        cwd=REPO,
        env=base_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    others: list[subprocess.Popen[str]] = []
    try:
        printed = _wait_for_lines(server, len(server_example.expected), timeout=60)
        for expected, line in zip(server_example.expected, printed, strict=True):
            name = expected.split("=", 1)[0]
            if name.endswith("AWS_ENDPOINT_URL_SWF"):
                assert re.fullmatch(r"export AWS_ENDPOINT_URL_SWF=http://127\.0\.0\.1:\d+", line)
            else:
                assert line == expected
        shell_env = dict(base_env)
        for line in printed:
            name, value = line.removeprefix("export ").split("=", 1)
            shell_env[name] = value
        for block, name in ((decider_block, "decider"), (worker_block, "worker")):
            (example,) = block
            log = (tmp_path / f"{name}.log").open("w")
            others.append(
                subprocess.Popen(
                    ["bash", "-c", f"exec {example.command}"],
                    cwd=REPO,
                    env=shell_env,
                    stdout=log,
                    stderr=log,
                    text=True,
                )
            )
        start, listing = client_block
        result = subprocess.run(
            ["bash", "-c", start.command],
            cwd=REPO,
            env=shell_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        (line,) = result.stdout.splitlines()
        assert matches(_generalize(start.expected[0]), line), (start.expected, line)
        workflow_id = line.split()[0]
        deadline = time.monotonic() + 60
        while True:
            listed = subprocess.run(
                ["bash", "-c", listing.command],
                cwd=REPO,
                env=shell_env,
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert listed.returncode == 0, listed.stderr
            if workflow_id in listed.stdout:
                break
            assert time.monotonic() < deadline, "the workflow did not close"
            time.sleep(0.5)
        row = next(r for r in listed.stdout.splitlines() if r.startswith(workflow_id))
        assert matches(_generalize(listing.expected[0]), row), (listing.expected, row)
        # Both sit in a 60 s long poll now: SIGTERM must stop them promptly.
        for process, name in zip(others, ("decider", "worker"), strict=True):
            assert _stop(process, name, within=10) < 5
            assert process.returncode == 0, (tmp_path / f"{name}.log").read_text()
    finally:
        for process in others:
            if process.poll() is None:
                process.kill()
                process.wait()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
