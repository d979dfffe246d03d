"""Shared fixtures: the local SWF engine on 127.0.0.1 and a clean AWS environment."""

from __future__ import annotations

import logging
import os
import urllib.request
import uuid
from collections.abc import Iterator

import pytest

_AWS_ENV = {
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "SWF_CONNECTION_RETRIES": "1",
}


@pytest.fixture(autouse=True)
def _aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never reach real AWS: dummy credentials, a fixed region, no stray endpoint."""
    for name, value in _AWS_ENV.items():
        monkeypatch.setenv(name, value)
    # SIMPLEFLOW_FORMAT changes what the CLI prints: tests expect the default format.
    for name in (
        "AWS_ENDPOINT_URL_SWF",
        "AWS_ENDPOINT_URL",
        "AWS_PROFILE",
        "SWF_DOMAIN",
        "SIMPLEFLOW_FORMAT",
        "AWS_ENDPOINT_URL_S3",
        "SIMPLEFLOW_JUMBO_FIELDS_BUCKET",
        "SIMPLEFLOW_ENABLE_DISK_CACHE",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _restore_simpleflow_logging() -> Iterator[None]:
    """Undo what a CLI run in-process did to the ``simpleflow`` logger.

    The CLI calls ``simpleflow.settings.configure_logging()``, which binds a handler to the
    stderr of the moment (CliRunner's temporary stream, closed afterwards).
    """
    logger = logging.getLogger("simpleflow")
    saved = (list(logger.handlers), logger.level, logger.propagate, logger.disabled)
    yield
    logger.handlers[:] = saved[0]
    logger.setLevel(saved[1])
    logger.propagate = saved[2]
    logger.disabled = saved[3]


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """Start the local SWF engine on a free loopback port for the whole session.

    Polls wait at most 1 s (SWF: 60 s) so that deciders and workers sitting in a long poll
    stop promptly at teardown. Yields the endpoint URL (``http://127.0.0.1:<port>``).
    """
    from simpleflow.local_server import LocalSWFServer

    server = LocalSWFServer(host="127.0.0.1", port=0, poll_timeout=1.0)
    server.start()
    try:
        yield server.endpoint_url
    finally:
        server.stop()


@pytest.fixture
def swf_endpoint(moto_server: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point ``AWS_ENDPOINT_URL_SWF`` at the moto server, with a fresh server state."""
    request = urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=10):
        pass
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", moto_server)
    yield moto_server


@pytest.fixture
def domain_name(swf_endpoint: str) -> str:
    """A freshly registered domain on the moto server; returns its name."""
    import boto3

    name = f"test-{uuid.uuid4().hex[:12]}"
    client = boto3.client("swf", endpoint_url=swf_endpoint, region_name="us-east-1")
    client.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")
    return name


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("SIMPLEFLOW_SKIP_INTEGRATION") == "1":
        skip = pytest.mark.skip(reason="SIMPLEFLOW_SKIP_INTEGRATION=1")
        for item in items:
            if "integration" in item.keywords:
                item.add_marker(skip)
