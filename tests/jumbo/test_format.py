"""`simpleflow.format` and `simpleflow.storage` on the local engine's S3 (features §11)."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import pytest

from simpleflow import format, storage
from simpleflow.format import JumboTooLargeError

pytestmark = pytest.mark.integration

_REFERENCE = re.compile(r"^simpleflow\+s3://(?P<bucket>[^/ ]+)/(?P<key>\S+) (?P<length>\d+)$")


def _key(reference: str) -> tuple[str, str]:
    match = _REFERENCE.match(reference)
    assert match, reference
    return match["bucket"], match["key"]


def test_values_within_the_limit_are_unchanged_and_need_no_bucket() -> None:
    assert format.input({"args": [1]}) == '{"args": [1]}'
    assert format.encode("x" * 32768, 32768) == "x" * 32768
    assert format.encode(None, 10) is None
    assert format.encode("", 10) == ""


def test_oversize_value_is_stored_and_replaced_by_a_reference(
    jumbo_bucket: str, s3_client: Any
) -> None:
    value = {"args": ["é" * 40_000], "kwargs": {}}
    reference = format.input(value)

    bucket, key = _key(reference)
    assert bucket == jumbo_bucket
    assert re.fullmatch(r"[0-9a-f-]{36}", key)  # a uuid4
    text = json.dumps(value)
    assert reference.endswith(f" {len(text)}")  # the length in characters, not bytes
    stored = s3_client.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8")
    assert stored == text
    storage.clear_memory_cache()  # read back from S3, not from the cache
    assert format.decode(reference) == value
    assert format.decode(reference, parse_json=False) == text


def test_prefix_and_trailing_slash_of_the_bucket_setting(
    jumbo_bucket: str, monkeypatch: pytest.MonkeyPatch, s3_client: Any
) -> None:
    monkeypatch.setenv("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", f"{jumbo_bucket}/some/prefix/")
    reference = format.result("r" * 40_000)

    bucket, key = _key(reference)
    assert (bucket, key.rsplit("/", 1)[0]) == (jumbo_bucket, "some/prefix")
    assert s3_client.head_object(Bucket=bucket, Key=key)["ContentLength"] == 40_002


def test_server_side_encryption_when_asked(
    jumbo_bucket: str, monkeypatch: pytest.MonkeyPatch, s3_client: Any
) -> None:
    monkeypatch.setenv("SIMPLEFLOW_S3_SSE", "true")
    bucket, key = _key(format.control("c" * 40_000))
    assert s3_client.head_object(Bucket=bucket, Key=key)["ServerSideEncryption"] == "AES256"


def test_without_a_bucket_json_fields_raise_the_clear_error() -> None:
    with pytest.raises(JumboTooLargeError) as info:
        format.input("x" * 40_000)
    message = str(info.value)
    assert message.startswith("Message too long (40002 chars) for field 'input'")
    assert "set SIMPLEFLOW_JUMBO_FIELDS_BUCKET to store it on S3" in message
    assert message.endswith("(SWF's limit: 32768 chars)")
    with pytest.raises(JumboTooLargeError, match=r"Message too long \(11 chars\)"):
        format.encode("x" * 11, 10)


def test_without_a_bucket_text_fields_are_cut_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, "simpleflow.format")
    assert format.reason("r" * 300) == "r" * 256
    assert format.details("d" * 40_000) == "d" * 32768
    assert format.heartbeat_details("h" * 3000) == "h" * 2048
    assert format.execution_context("e" * 40_000) == "e" * 32768
    assert "reason too long (300 > 256 characters), truncated" in caplog.text
    assert "SIMPLEFLOW_JUMBO_FIELDS_BUCKET" in caplog.text


def test_identity_is_never_stored(jumbo_bucket: str) -> None:
    assert format.identity("i" * 300) == "i" * 252 + " ..."
    assert format.identity("short") == "short"


def test_reason_and_heartbeat_details_go_to_s3_with_a_bucket(jumbo_bucket: str) -> None:
    reference = format.reason("r" * 300)
    assert format.is_reference(reference) and len(reference) <= 256
    assert format.decode(reference, parse_json=False) == "r" * 300
    assert format.is_reference(format.heartbeat_details("h" * 3000))


def test_too_large_even_for_s3(jumbo_bucket: str) -> None:
    with pytest.raises(JumboTooLargeError, match=r"too long even for a jumbo field \(5242881"):
        format.encode("x" * (format.JUMBO_FIELDS_MAX_SIZE + 1), 32768)


def test_reference_longer_than_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "b" * 20 + "/" + "p" * 200)
    with pytest.raises(JumboTooLargeError, match="reduce jumbo bucket length"):
        format.reason("r" * 300)


def test_decode_of_plain_values() -> None:
    assert format.decode(None) is None
    assert format.decode('{"a": 1}') == {"a": 1}
    assert format.decode("not json") == "not json"
    assert format.decode('{"a": 1}', parse_json=False) == '{"a": 1}'


def test_disk_cache_serves_values_without_s3(
    jumbo_bucket: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, s3_client: Any
) -> None:
    monkeypatch.setattr(storage, "DISK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SIMPLEFLOW_ENABLE_DISK_CACHE", "1")
    reference = format.result("v" * 40_000)
    bucket, key = _key(reference)
    s3_client.delete_object(Bucket=bucket, Key=key)
    storage.clear_memory_cache()

    assert format.decode(reference) == "v" * 40_000  # from /tmp/simpleflow-cache's stand-in
    monkeypatch.delenv("SIMPLEFLOW_ENABLE_DISK_CACHE")
    storage.clear_memory_cache()
    with pytest.raises(storage.StorageError, match="is missing on S3"):
        format.decode(reference)


def test_disk_cache_error_is_logged_and_skipped(
    jumbo_bucket: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("x")
    monkeypatch.setattr(storage, "DISK_CACHE_DIR", str(not_a_directory))
    monkeypatch.setenv("SIMPLEFLOW_ENABLE_DISK_CACHE", "true")
    reference = format.result("v" * 40_000)
    storage.clear_memory_cache()
    assert format.decode(reference) == "v" * 40_000
    assert "disk cache skipped" in caplog.text


def test_memory_cache_is_filled_on_push_and_cleared(jumbo_bucket: str, s3_client: Any) -> None:
    reference = format.result("m" * 40_000)
    bucket, key = _key(reference)
    s3_client.delete_object(Bucket=bucket, Key=key)
    assert format.decode(reference) == "m" * 40_000  # from memory
    storage.clear_memory_cache()
    with pytest.raises(storage.StorageError):
        format.decode(reference)


def test_the_s3_client_is_per_process_and_never_crosses_a_fork(jumbo_bucket: str) -> None:
    import multiprocessing

    format.decode(format.result("f" * 40_000))
    assert storage._clients
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()

    def report() -> None:
        child.send(len(storage._clients))

    process = context.Process(target=report)
    process.start()
    process.join(10)
    assert parent.recv() == 0
