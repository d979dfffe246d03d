"""Direct dispatch: the engine's actions bypass moto's request machinery, others do not."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from simpleflow.local_server import LocalSWFServer
from tests.engine.swf import Swf

pytestmark = pytest.mark.integration


@pytest.fixture
def moto_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The X-Amz-Target of every request that reached moto's dispatcher."""
    from moto.moto_server import werkzeug_app

    calls: list[str] = []
    original = werkzeug_app.DomainDispatcherApplication.__call__

    def spy(self: Any, environ: dict[str, Any], start_response: Any) -> Any:
        calls.append(environ.get("HTTP_X_AMZ_TARGET", ""))
        return original(self, environ, start_response)

    monkeypatch.setattr(werkzeug_app.DomainDispatcherApplication, "__call__", spy)
    yield calls


def test_engine_actions_skip_moto_and_registrations_go_through_it(
    swf: Swf, moto_calls: list[str]
) -> None:
    execution = swf.start()
    task = swf.poll()
    swf.decide(task, swf.schedule("a1"))
    activity = swf.poll_activity()
    swf.client.respond_activity_task_completed(taskToken=activity["taskToken"], result="1")
    assert [e["eventType"] for e in swf.history(execution)][-1] == "DecisionTaskScheduled"
    assert moto_calls == []

    swf.register_activity("other")
    assert moto_calls == ["SimpleWorkflowService.RegisterActivityType"]


def test_direct_errors_are_moto_faults(swf: Swf, moto_calls: list[str]) -> None:
    with pytest.raises(ClientError) as err:
        swf.client.describe_workflow_execution(
            domain=swf.domain, execution={"workflowId": "nobody", "runId": "none"}
        )
    assert err.value.response["Error"]["Code"] == "UnknownResourceFault"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert moto_calls == []


def _describe_domain_of_nobody(connection: http.client.HTTPConnection, domain: str) -> int:
    body = json.dumps({"domain": domain, "execution": {"workflowId": "no", "runId": "no"}})
    connection.request(
        "POST",
        "/",
        body=body,
        headers={
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "SimpleWorkflowService.DescribeWorkflowExecution",
            "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/swf/"
            "aws4_request, SignedHeaders=host, Signature=x",
        },
    )
    response = connection.getresponse()
    response.read()
    return response.status


def test_engine_actions_keep_the_connection_alive_until_the_server_stops() -> None:
    server = LocalSWFServer(host="127.0.0.1", port=0, poll_timeout=0.3).start()
    host, port = server.endpoint_url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=5)
    try:
        assert _describe_domain_of_nobody(connection, "nowhere") == 400
        first = connection.sock
        assert _describe_domain_of_nobody(connection, "nowhere") == 400
        assert connection.sock is first  # same socket: kept alive
        server.stop()
        with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
            _describe_domain_of_nobody(connection, "nowhere")
    finally:
        connection.close()
        server.stop()
