"""The extension registry, the moto version gate, and SWF's own errors for bad requests."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from simpleflow.local_server import (
    LocalServerError,
    LocalSWFServer,
    _moto,
    apply_moto_compat_fixes,
    compat,
    extensions,
    install_extensions,
)
from tests.engine.swf import Swf

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("version", ["5.2.4", "5.3.0", "6.0.0", "4.2.14"])
def test_the_version_gate_refuses_moto_outside_the_proven_range(version: str) -> None:
    with pytest.raises(LocalServerError, match=rf"moto {version} is installed"):
        install_extensions(version=version)


def test_the_version_gate_reads_the_installed_version(monkeypatch: pytest.MonkeyPatch) -> None:
    import moto

    monkeypatch.setattr(moto, "__version__", "5.3.1")
    with pytest.raises(LocalServerError, match=">=5.2.5,<5.3"):
        LocalSWFServer(port=0).start()


@pytest.mark.parametrize("version", ["5.2.5", "5.2.9", "5.2.10.dev0"])
def test_the_version_gate_accepts_the_proven_range(version: str) -> None:
    _moto.check_moto_version(version)


def test_an_extension_refuses_when_a_moto_internal_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from moto.swf.models.domain import Domain

    monkeypatch.setattr(compat, "_installed", set())
    monkeypatch.delattr(Domain, "get_type")
    with pytest.raises(LocalServerError, match=r"moto.swf.models.domain.Domain.get_type"):
        install_extensions()


def test_installing_is_idempotent() -> None:
    from moto.swf.responses import SWFResponse

    apply_moto_compat_fixes()
    handler = SWFResponse.__dict__["poll_for_decision_task"]
    apply_moto_compat_fixes()
    install_extensions()
    assert SWFResponse.__dict__["poll_for_decision_task"] is handler


def test_every_extension_is_named_and_documented() -> None:
    names = [extension.name for extension in extensions()]
    assert len(names) == len(set(names))
    for extension in extensions():
        assert "moto" in extension.doc and "SWF" in extension.doc, extension.name


def _post(endpoint: str, target: str, body: bytes) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(
        endpoint + "/",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": f"SimpleWorkflowService.{target}",
            "Authorization": "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/swf/aws4_request, "
            "SignedHeaders=host, Signature=x",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


@pytest.mark.parametrize(
    ("target", "body", "error"),
    [
        ("PollForDecisionTask", b"{not json", "SerializationException"),
        ("PollForDecisionTask", b'{"taskList": {"name": "x"}}', "ValidationException"),
        ("RespondDecisionTaskCompleted", b"{}", "UnknownResourceFault"),
        ("RespondActivityTaskCompleted", b'{"taskToken": "stale"}', "UnknownResourceFault"),
        ("RecordActivityTaskHeartbeat", b'{"taskToken": 12}', "UnknownResourceFault"),
        (
            "SignalWorkflowExecution",
            b'{"domain": "nope", "workflowId": "w", "signalName": "s"}',
            "UnknownResourceFault",
        ),
        (
            "DescribeWorkflowExecution",
            b'{"domain": "DOMAIN", "execution": "x"}',
            "ValidationException",
        ),
        (
            "GetWorkflowExecutionHistory",
            b'{"domain": "DOMAIN", "execution": {"workflowId": "w", "runId": "r"}, '
            b'"nextPageToken": "junk"}',
            "UnknownResourceFault",
        ),
        ("ListOpenWorkflowExecutions", b'{"domain": "DOMAIN"}', "ValidationException"),
        (
            "TerminateWorkflowExecution",
            b'{"domain": "DOMAIN", "workflowId": "nobody"}',
            "UnknownResourceFault",
        ),
    ],
)
def test_bad_requests_get_swf_errors_never_500(
    swf: Swf, caplog: pytest.LogCaptureFixture, target: str, body: bytes, error: str
) -> None:
    caplog.set_level(logging.ERROR)
    status, payload = _post(swf.endpoint, target, body.replace(b"DOMAIN", swf.domain.encode()))
    assert status == 400
    assert payload["__type"].endswith("#" + error)
    assert not [r for r in caplog.records if r.exc_info]


def test_registration_errors_are_swf_faults(swf: Swf) -> None:
    with pytest.raises(ClientError) as err:
        swf.register_workflow("wf")
    assert err.value.response["Error"]["Code"] == "TypeAlreadyExistsFault"
    with pytest.raises(ClientError) as err:
        swf.client.register_domain(name=swf.domain, workflowExecutionRetentionPeriodInDays="1")
    assert err.value.response["Error"]["Code"] == "DomainAlreadyExistsFault"


def test_in_process_moto_keeps_its_own_behaviour() -> None:
    """The handlers only take over requests of a LocalSWFServer."""
    import boto3
    from moto import mock_aws

    install_extensions()
    with mock_aws():
        client = boto3.client("swf", region_name="us-east-1")
        client.register_domain(name="inproc", workflowExecutionRetentionPeriodInDays="1")
        task = client.poll_for_decision_task(domain="inproc", taskList={"name": "x"})
        assert task["startedEventId"] == 0
