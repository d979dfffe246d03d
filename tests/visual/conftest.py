"""Fixtures of the progress, timeline and web-view tests.

``visual_domain`` is a domain on the session's local SWF server, registered once for this
package (moto's state is global to the process: no test here resets it). ``real_run`` runs
``VisualWorkflow`` once for real with ``simpleflow standalone``, its stderr on a
pseudo-terminal. ``browser`` is headless Chromium from the system's packages, driven by
Playwright (never a browser Playwright would download).
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.data.cli_runner import REPO

CHROMIUM = os.environ.get("SIMPLEFLOW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WORKFLOW = "tests.visual.workflows.VisualWorkflow"
SQUARES = 3


@dataclass(frozen=True)
class RealRun:
    domain: str
    endpoint: str
    workflow_id: str
    run_id: str
    returncode: int
    stdout: str
    terminal: str  # what stderr's pseudo-terminal received


@pytest.fixture(scope="package")
def visual_domain(moto_server: str) -> str:
    import boto3

    request = urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass
    name = f"visual-{uuid.uuid4().hex[:8]}"
    client = boto3.client(
        "swf",
        endpoint_url=moto_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")
    return name


@pytest.fixture
def visual_env(visual_domain: str, moto_server: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point this process at the local server; returns the domain name."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", moto_server)
    return visual_domain


def child_env(endpoint: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        AWS_ENDPOINT_URL_SWF=endpoint,
        AWS_DEFAULT_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        SWF_CONNECTION_RETRIES="1",
        COLUMNS="160",
    )
    return env


def _run_with_terminal_stderr(
    args: list[str], env: dict[str, str], timeout: float
) -> tuple[int, str, str]:
    """Run ``args`` with stdout on a pipe and stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        args, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL
    )
    os.close(slave)
    received = b""
    deadline = time.monotonic() + timeout
    try:
        while True:
            assert time.monotonic() < deadline, f"{args} did not finish in {timeout} s"
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the last writer closed the terminal
                    chunk = b""
                if not chunk and process.poll() is not None:
                    break
                received += chunk
            elif process.poll() is not None:
                break
        assert process.stdout is not None
        stdout = process.stdout.read().decode()
        return process.wait(10), stdout, received.decode("utf-8", "replace")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(10)
        os.close(master)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(scope="package")
def real_run(
    visual_domain: str, moto_server: str, tmp_path_factory: pytest.TempPathFactory
) -> RealRun:
    directory = tmp_path_factory.mktemp("visual-run")
    args = [
        sys.executable,
        "-m",
        "simpleflow",
        "standalone",
        WORKFLOW,
        "--domain",
        visual_domain,
        "--nb-workers",
        "1",
        "--input",
        json.dumps([str(directory), SQUARES]),
    ]
    status, stdout, terminal = _run_with_terminal_stderr(args, child_env(moto_server), 90)
    lines = stdout.splitlines()
    assert status == 0, terminal[-3000:]
    workflow_id, run_id = lines[0].split()
    return RealRun(visual_domain, moto_server, workflow_id, run_id, status, stdout, terminal)


def _chromium_missing() -> str | None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return (
            f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium; "
            "./script/test does it when run as root) or set SIMPLEFLOW_CHROMIUM"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -r requirements-dev.txt"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """A headless Chromium browser context (Playwright, system Chromium, fresh profile)."""
    reason = _chromium_missing()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    profile = tempfile.mkdtemp(prefix="simpleflow-chromium-")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile,
                executable_path=executable,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": 1360, "height": 900},
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def screenshot_path(name: str) -> Path | None:
    """Where to save a screenshot for the docs (``SIMPLEFLOW_SCREENSHOTS=<dir>``), if asked."""
    directory = os.environ.get("SIMPLEFLOW_SCREENSHOTS")
    if not directory:
        return None
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    return path / name
