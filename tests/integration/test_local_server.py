"""The local SWF server: start/stop, ports, the activity-id fix, and ``server.start``."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import uuid
from typing import Any

import boto3
import pytest

from simpleflow.local_server import LocalServerError, LocalSWFServer, apply_moto_compat_fixes

pytestmark = pytest.mark.integration


def _client(endpoint: str) -> Any:
    return boto3.client("swf", endpoint_url=endpoint, region_name="us-east-1")


def _start_execution(client: Any, domain: str) -> str:
    client.register_workflow_type(
        domain=domain,
        name="wf",
        version="1",
        defaultTaskList={"name": "decisions"},
        defaultExecutionStartToCloseTimeout="60",
        defaultTaskStartToCloseTimeout="60",
        defaultChildPolicy="TERMINATE",
    )
    client.register_activity_type(
        domain=domain,
        name="act",
        version="1",
        defaultTaskList={"name": "activities"},
        defaultTaskScheduleToStartTimeout="60",
        defaultTaskScheduleToCloseTimeout="60",
        defaultTaskStartToCloseTimeout="60",
        defaultTaskHeartbeatTimeout="60",
    )
    workflow_id = f"wf-{uuid.uuid4().hex}"
    client.start_workflow_execution(
        domain=domain, workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
    )
    return workflow_id


def _schedule(client: Any, domain: str, *activity_ids: str) -> None:
    task = client.poll_for_decision_task(domain=domain, taskList={"name": "decisions"})
    client.respond_decision_task_completed(
        taskToken=task["taskToken"],
        decisions=[
            {
                "decisionType": "ScheduleActivityTask",
                "scheduleActivityTaskDecisionAttributes": {
                    "activityId": activity_id,
                    "activityType": {"name": "act", "version": "1"},
                },
            }
            for activity_id in activity_ids
        ],
    )


def _event_types(client: Any, domain: str, workflow_id: str) -> list[str]:
    executions = client.list_open_workflow_executions(
        domain=domain, startTimeFilter={"oldestDate": 0}
    )["executionInfos"]
    (execution,) = [
        e["execution"] for e in executions if e["execution"]["workflowId"] == workflow_id
    ]
    history = client.get_workflow_execution_history(domain=domain, execution=execution)
    return [event["eventType"] for event in history["events"]]


def test_a_closed_activity_id_can_be_scheduled_again(swf_endpoint: str, domain_name: str) -> None:
    client = _client(swf_endpoint)
    workflow_id = _start_execution(client, domain_name)
    _schedule(client, domain_name, "activity-act-1")
    task = client.poll_for_activity_task(domain=domain_name, taskList={"name": "activities"})
    client.respond_activity_task_failed(taskToken=task["taskToken"], reason="boom")

    _schedule(client, domain_name, "activity-act-1")  # the executor's retry reuses the id

    types = _event_types(client, domain_name, workflow_id)
    assert types.count("ActivityTaskScheduled") == 2
    assert "ScheduleActivityTaskFailed" not in types


def test_an_open_activity_id_is_still_refused(swf_endpoint: str, domain_name: str) -> None:
    client = _client(swf_endpoint)
    workflow_id = _start_execution(client, domain_name)
    # Two attempts with one id in one batch: the second finds the first still open.
    _schedule(client, domain_name, "activity-act-1", "activity-act-1")

    types = _event_types(client, domain_name, workflow_id)
    assert types.count("ActivityTaskScheduled") == 1
    assert "ScheduleActivityTaskFailed" in types


def test_the_fix_finds_the_moto_internals_it_relies_on() -> None:
    # Fails loudly (LocalServerError) if a moto upgrade renames what the fix wraps.
    apply_moto_compat_fixes()
    apply_moto_compat_fixes()  # idempotent
    from moto.swf.models.workflow_execution import WorkflowExecution

    assert WorkflowExecution._simpleflow_activity_id_fix is True
    assert isinstance(WorkflowExecution.__dict__["activity_tasks"], property)


def test_a_busy_port_gives_a_clear_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(LocalServerError, match=rf"cannot listen on 127.0.0.1:{port}"):
            LocalSWFServer(port=port).start()


def test_start_and_stop_release_the_port() -> None:
    server = LocalSWFServer(port=0).start()
    url = server.endpoint_url
    assert url.startswith("http://127.0.0.1:")
    client = _client(url)
    name = f"test-{uuid.uuid4().hex[:12]}"
    client.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")
    assert client.describe_domain(name=name)["domainInfo"]["name"] == name
    server.stop()
    server.stop()  # idempotent
    with pytest.raises(LocalServerError, match="not started"):
        server.endpoint_url  # noqa: B018


def _server_start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "simpleflow", "server.start", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _read_exports(server: subprocess.Popen[str]) -> dict[str, str]:
    assert server.stdout is not None
    exports = {}
    for _ in range(4):
        line = server.stdout.readline().strip()
        name, value = line.removeprefix("export ").split("=", 1)
        exports[name] = value
    return exports


def _interrupt(server: subprocess.Popen[str]) -> str:
    server.send_signal(signal.SIGINT)
    _, stderr = server.communicate(timeout=30)
    assert server.returncode == 0, stderr
    return stderr


def test_server_start_registers_domains_and_prints_the_environment() -> None:
    server = _server_start("--domain", "first", "--domain", "second", "--poll-timeout", "0.5")
    try:
        exports = _read_exports(server)
        assert set(exports) == {
            "AWS_ENDPOINT_URL_SWF",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_DEFAULT_REGION",
        }
        client = boto3.client(
            "swf",
            endpoint_url=exports["AWS_ENDPOINT_URL_SWF"],
            region_name=exports["AWS_DEFAULT_REGION"],
            aws_access_key_id=exports["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=exports["AWS_SECRET_ACCESS_KEY"],
        )
        names = {
            d["name"] for d in client.list_domains(registrationStatus="REGISTERED")["domainInfos"]
        }
        assert {"first", "second"} <= names
        started = time.monotonic()
        client.poll_for_activity_task(domain="first", taskList={"name": "x"})
        assert 0.4 < time.monotonic() - started < 5  # --poll-timeout
    finally:
        stderr = _interrupt(server)
    assert "Warning" not in stderr


def test_server_start_warns_off_loopback() -> None:
    server = _server_start("--host", "0.0.0.0", "--time-skipping")
    try:
        _read_exports(server)
    finally:
        stderr = _interrupt(server)
    assert "Warning: listening on 0.0.0.0, not on loopback" in stderr
    assert "time skipping" in stderr


def test_the_server_poll_timeout_is_validated() -> None:
    with pytest.raises(LocalServerError, match="poll_timeout"):
        LocalSWFServer(poll_timeout=-1)


def test_the_decider_gathers_every_page_of_a_long_history(
    swf_endpoint: str, domain_name: str
) -> None:
    """swf's Decider.poll follows nextPageToken (1,000 events a page on the engine)."""
    import swf.actors
    import swf.models

    client = _client(swf_endpoint)
    workflow_id = _start_execution(client, domain_name)
    task = client.poll_for_decision_task(domain=domain_name, taskList={"name": "decisions"})
    markers = [
        {"decisionType": "RecordMarker", "recordMarkerDecisionAttributes": {"markerName": f"m{i}"}}
        for i in range(1200)
    ]
    timer = {
        "decisionType": "StartTimer",
        "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "0"},
    }
    client.respond_decision_task_completed(taskToken=task["taskToken"], decisions=[*markers, timer])

    decider = swf.actors.Decider(swf.models.Domain(domain_name), "decisions")
    response = decider.poll()

    events = list(response.history)
    assert len(events) == 1208  # 4 first + 1200 markers + timer (2) + decision task (2)
    assert [event.id for event in events] == list(range(1, 1209))
    assert response.execution.workflow_id == workflow_id


def test_a_stopped_server_can_start_again() -> None:
    server = LocalSWFServer(port=0, poll_timeout=0.2)
    for _ in range(2):
        server.start()
        client = _client(server.endpoint_url)
        name = f"again-{uuid.uuid4().hex[:8]}"
        client.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")
        workflow_id = _start_execution(client, name)
        task = client.poll_for_decision_task(domain=name, taskList={"name": "decisions"})
        assert task["workflowExecution"]["workflowId"] == workflow_id
        server.stop()
