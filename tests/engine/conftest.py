"""Fixtures of the engine conformance suite: engines on loopback, talked to with boto3 only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from simpleflow.local_server import EngineSettings, LocalSWFServer
from tests.engine.swf import Swf

pytestmark = pytest.mark.integration


def _serve(**kwargs: object) -> Iterator[LocalSWFServer]:
    server = LocalSWFServer(host="127.0.0.1", port=0, **kwargs)  # type: ignore[arg-type]
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def engine_server() -> Iterator[LocalSWFServer]:
    """SWF's limits, polls of 0.3 s."""
    yield from _serve(poll_timeout=0.3)


@pytest.fixture(scope="session")
def small_engine_server() -> Iterator[LocalSWFServer]:
    """Lowered limits (§18) so that tests can reach them."""
    settings = EngineSettings(
        poll_timeout=0.3,
        max_open_activities=2,
        max_open_timers=2,
        max_open_children=1,
        max_open_executions=50,
        max_history_events=40,
        max_page_size=1000,
    )
    yield from _serve(settings=settings)


@pytest.fixture(scope="session")
def skipping_server() -> Iterator[LocalSWFServer]:
    yield from _serve(poll_timeout=0.3, time_skipping=True)


def _swf(server: LocalSWFServer) -> Swf:
    swf = Swf(server.endpoint_url, f"engine-{uuid.uuid4().hex[:10]}")
    swf.setup()
    return swf


@pytest.fixture
def swf(engine_server: LocalSWFServer) -> Swf:
    """A fresh domain with a workflow type ``wf`` and an activity type ``act`` registered."""
    return _swf(engine_server)


@pytest.fixture
def small_swf(small_engine_server: LocalSWFServer) -> Swf:
    return _swf(small_engine_server)


@pytest.fixture
def skipping_swf(skipping_server: LocalSWFServer) -> Swf:
    return _swf(skipping_server)
