"""Fixtures of the jumbo-field tests: a bucket on the local engine's S3."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from simpleflow import storage
from simpleflow.local_server.s3 import create_bucket


@pytest.fixture(autouse=True)
def _fresh_storage() -> Iterator[None]:
    storage.clear_client_cache()
    storage.clear_memory_cache()
    yield
    storage.clear_client_cache()
    storage.clear_memory_cache()


@pytest.fixture
def jumbo_bucket(swf_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new bucket on the local engine, set as ``SIMPLEFLOW_JUMBO_FIELDS_BUCKET``."""
    name = f"jumbo-{uuid.uuid4().hex[:12]}"
    create_bucket(swf_endpoint, name)
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", swf_endpoint)
    monkeypatch.setenv("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", name)
    return name


@pytest.fixture
def s3_client(swf_endpoint: str) -> object:
    """A plain botocore S3 client on the local engine, to look at what was stored."""
    import botocore.session

    return botocore.session.get_session().create_client(
        "s3", endpoint_url=swf_endpoint, region_name="us-east-1"
    )
