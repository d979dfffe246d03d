"""The transport against moto's SWF server on 127.0.0.1 (``AWS_ENDPOINT_URL_SWF``)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from swf import transport
from swf.core import ConnectedSWFObject
from swf.exceptions import (
    InvalidCredentialsError,
    SWFConnectionError,
    SWFDomainAlreadyExistsError,
    SWFResponseError,
    SWFTypeAlreadyExistsError,
    SWFWorkflowExecutionAlreadyStartedError,
)
from swf.transport import SWFConnection

pytestmark = pytest.mark.integration

TASK_LIST = "transport-list"


@pytest.fixture(autouse=True)
def _fresh_clients() -> Iterator[None]:
    transport.clear_client_cache()
    yield
    transport.clear_client_cache()


@pytest.fixture
def conn(domain_name: str) -> SWFConnection:
    connection = transport.connect()
    connection.register_workflow_type(
        domain_name,
        "wf",
        "1",
        task_list=TASK_LIST,
        default_child_policy="TERMINATE",
        default_execution_start_to_close_timeout=3600,
        default_task_start_to_close_timeout=300,
        description="a workflow",
    )
    connection.register_activity_type(
        domain_name,
        "act",
        "1",
        task_list=TASK_LIST,
        default_task_heartbeat_timeout=60,
        default_task_schedule_to_close_timeout=600,
        default_task_schedule_to_start_timeout=300,
        default_task_start_to_close_timeout=300,
    )
    return connection


def schedule(activity_id: str) -> dict[str, object]:
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": activity_id,
            "activityType": {"name": "act", "version": "1"},
            "taskList": {"name": None},  # stripped by the transport
            "input": "[1]",
            "startToCloseTimeout": 60,
        },
    }


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_connection_targets_the_server(swf_endpoint: str) -> None:
    connection = ConnectedSWFObject().connection

    assert connection.endpoint_url == swf_endpoint
    assert connection.client.meta.endpoint_url == swf_endpoint


def test_domain_methods_round_trip(conn: SWFConnection, domain_name: str) -> None:
    conn.register_domain("second-domain", 2, "the second")

    described = conn.describe_domain("second-domain")
    page = conn.list_domains("REGISTERED", maximum_page_size=10, reverse_order=True)
    conn.deprecate_domain("second-domain")
    deprecated = conn.list_domains("DEPRECATED")

    assert described["domainInfo"]["name"] == "second-domain"
    assert described["domainInfo"]["description"] == "the second"
    assert described["configuration"] == {"workflowExecutionRetentionPeriodInDays": "2"}
    assert {info["name"] for info in page["domainInfos"]} >= {domain_name, "second-domain"}
    assert [info["name"] for info in deprecated["domainInfos"]] == ["second-domain"]


def test_type_methods_round_trip(conn: SWFConnection, domain_name: str) -> None:
    conn.register_activity_type(domain_name, "act", "2", task_list=TASK_LIST)

    activity = conn.describe_activity_type(domain_name, "act", "1")
    workflow = conn.describe_workflow_type(domain_name, "wf", "1")
    activities = conn.list_activity_types(domain_name, "REGISTERED", name="act", reverse_order=True)
    workflows = conn.list_workflow_types(domain_name, "REGISTERED", 10, "wf")
    conn.deprecate_activity_type(domain_name, "act", "2")
    conn.deprecate_workflow_type(domain_name, "wf", "1")

    assert activity["configuration"]["defaultTaskHeartbeatTimeout"] == "60"
    assert activity["configuration"]["defaultTaskList"] == {"name": TASK_LIST}
    assert isinstance(activity["typeInfo"]["creationDate"], int | float)
    assert workflow["configuration"]["defaultChildPolicy"] == "TERMINATE"
    assert workflow["typeInfo"]["description"] == "a workflow"
    versions = [info["activityType"]["version"] for info in activities["typeInfos"]]
    assert versions == ["2", "1"]
    assert [info["workflowType"]["name"] for info in workflows["typeInfos"]] == ["wf"]
    assert conn.describe_activity_type(domain_name, "act", "2")["typeInfo"]["status"] == (
        "DEPRECATED"
    )


def test_execution_and_task_methods_round_trip(conn: SWFConnection, domain_name: str) -> None:
    run_id = conn.start_workflow_execution(
        domain_name, "wid", "wf", "1", input='{"x": 1}', tag_list="tag-a"
    )["runId"]

    described = conn.describe_workflow_execution(domain_name, run_id, "wid")
    opened = conn.list_open_workflow_executions(domain_name, 0, workflow_id="wid")
    assert conn.count_pending_decision_tasks(domain_name, TASK_LIST)["count"] == 1
    task = conn.poll_for_decision_task(
        domain_name, TASK_LIST, identity="decider", maximum_page_size=100, reverse_order=False
    )
    conn.respond_decision_task_completed(
        task["taskToken"], decisions=[schedule("a1"), schedule("a2")], execution_context="ctx"
    )
    assert conn.count_pending_activity_tasks(domain_name, TASK_LIST)["count"] == 2
    first = conn.poll_for_activity_task(domain_name, TASK_LIST, identity="worker")
    heartbeat = conn.record_activity_task_heartbeat(first["taskToken"], details="half")
    conn.respond_activity_task_completed(first["taskToken"], result='"done"')
    second = conn.poll_for_activity_task(domain_name, TASK_LIST)
    conn.respond_activity_task_failed(second["taskToken"], details="trace", reason="boom")
    conn.signal_workflow_execution(domain_name, "sig", "wid", input="payload", run_id=run_id)
    history = conn.get_workflow_execution_history(domain_name, run_id, "wid")
    reversed_history = conn.get_workflow_execution_history(
        domain_name, run_id, "wid", maximum_page_size=1000, reverse_order=True
    )
    conn.terminate_workflow_execution(domain_name, "wid", details="d", reason="r", run_id=run_id)
    closed = conn.list_closed_workflow_executions(domain_name, start_oldest_date=0)

    info = described["executionInfo"]
    assert info["execution"] == {"workflowId": "wid", "runId": run_id}
    assert info["tagList"] == ["tag-a"]
    assert described["executionConfiguration"]["taskList"] == {"name": TASK_LIST}
    assert [i["execution"]["runId"] for i in opened["executionInfos"]] == [run_id]
    assert task["taskToken"] and task["workflowType"] == {"name": "wf", "version": "1"}
    assert task["events"][0]["eventType"] == "WorkflowExecutionStarted"
    assert {first["activityId"], second["activityId"]} == {"a1", "a2"}
    assert heartbeat == {"cancelRequested": False}
    types = [event["eventType"] for event in history["events"]]
    assert "ActivityTaskCompleted" in types and "ActivityTaskFailed" in types
    assert "WorkflowExecutionSignaled" in types
    assert [e["eventId"] for e in reversed_history["events"]] == [
        e["eventId"] for e in reversed(history["events"])
    ]
    assert all(isinstance(event["eventTimestamp"], int | float) for event in history["events"])
    assert [i["closeStatus"] for i in closed["executionInfos"]] == ["TERMINATED"]


def test_empty_polls_have_no_token(conn: SWFConnection, domain_name: str) -> None:
    assert not conn.poll_for_decision_task(domain_name, "idle-list").get("taskToken")
    assert not conn.poll_for_activity_task(domain_name, "idle-list").get("taskToken")


def test_unknown_domain(conn: SWFConnection) -> None:
    with pytest.raises(SWFResponseError) as info:
        conn.describe_domain("no-such-domain")

    assert info.value.error_code == "UnknownResourceFault"
    assert info.value.message == "Unknown domain: no-such-domain"


def test_already_existing_domain_and_types(conn: SWFConnection, domain_name: str) -> None:
    with pytest.raises(SWFDomainAlreadyExistsError):
        conn.register_domain(domain_name, 1)
    with pytest.raises(SWFTypeAlreadyExistsError):
        conn.register_workflow_type(domain_name, "wf", "1")
    with pytest.raises(SWFTypeAlreadyExistsError):
        conn.register_activity_type(domain_name, "act", "1")


def test_execution_already_started(conn: SWFConnection, domain_name: str) -> None:
    conn.start_workflow_execution(domain_name, "dup", "wf", "1")

    with pytest.raises(SWFWorkflowExecutionAlreadyStartedError) as info:
        conn.start_workflow_execution(domain_name, "dup", "wf", "1")

    assert info.value.error_code == "WorkflowExecutionAlreadyStartedFault"


def test_client_side_validation_error(conn: SWFConnection, domain_name: str) -> None:
    with pytest.raises(SWFResponseError) as info:
        conn.poll_for_decision_task(domain_name, TASK_LIST, maximum_page_size="x")  # type: ignore[arg-type]

    assert info.value.error_code == "ValidationException"


def test_server_error_is_a_response_error(
    conn: SWFConnection, domain_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The local engine answers every bad request with an SWF error; an internal failure of
    # the server (forced here) is what still answers 500.
    from simpleflow.local_server import listing

    def fail(*args: object) -> None:
        raise RuntimeError("forced internal failure")

    monkeypatch.setattr(listing, "count_executions", fail)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    connection = transport.connect()

    with pytest.raises(SWFResponseError) as info:
        connection.count_open_workflow_executions(domain_name, None, 0)

    assert info.value.status == 500


def test_closed_port_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", url)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    connection = ConnectedSWFObject().connection

    started = time.monotonic()
    with pytest.raises(SWFConnectionError, match="AWS_ENDPOINT_URL_SWF") as info:
        connection.describe_domain("d")

    assert time.monotonic() - started < 15
    assert url in str(info.value)


def test_no_credentials(swf_endpoint: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name in (
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "missing-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "missing-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    started = time.monotonic()
    with pytest.raises(InvalidCredentialsError, match="AWS_ACCESS_KEY_ID"):
        transport.connect().list_domains("REGISTERED")

    assert time.monotonic() - started < 15
