"""After an endpoint outage, a real decider takes the first task within 3 s of its return.

The local server runs in this process, so its state (domain, types) outlives a stop and a
restart on the same port, as real SWF's does across a network outage.
"""

from __future__ import annotations

import json
import os
import socket
import time
import uuid
from pathlib import Path

import boto3
import pytest

from simpleflow.local_server import LocalSWFServer
from tests.data import cli_workflows
from tests.data.cli_runner import Background, wait_for

pytestmark = pytest.mark.integration

WORKFLOW = "tests.data.cli_workflows.MapWorkflow"
#: How long the endpoint stays away: long enough for several failed polls.
OUTAGE = 6.0
#: The promise: the first task is taken at most this long after the endpoint is back.
RECOVERY = 3.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _decision_started(client: object, domain: str, workflow_id: str, run_id: str) -> bool:
    events = client.get_workflow_execution_history(  # type: ignore[attr-defined]
        domain=domain, execution={"workflowId": workflow_id, "runId": run_id}
    )["events"]
    return any(event["eventType"] == "DecisionTaskStarted" for event in events)


def test_decider_takes_the_first_task_within_3_s_after_an_outage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", endpoint)
    domain = f"outage-{uuid.uuid4().hex[:8]}"
    server = LocalSWFServer(port=port).start()
    client = boto3.client("swf", endpoint_url=endpoint, region_name="us-east-1")
    client.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="1")
    client.register_workflow_type(
        domain=domain,
        name="cli-map",
        version=cli_workflows.VERSION,
        defaultTaskList={"name": "cli-tests-decisions"},
        defaultChildPolicy="TERMINATE",
        defaultExecutionStartToCloseTimeout="300",
        defaultTaskStartToCloseTimeout="300",
    )
    decider = Background(tmp_path, "decider", "decider.start", "-d", domain, "-N", "1", WORKFLOW)
    try:
        wait_for(lambda: "starting on domain" in decider.stderr, 30, "the decider did not start")
        server.stop()
        time.sleep(OUTAGE)
        assert "poll failed" in decider.stderr  # it did meet the outage
        server = LocalSWFServer(port=port).start()
        back = time.monotonic()
        run_id = client.start_workflow_execution(
            domain=domain,
            workflowId="after-outage",
            workflowType={"name": "cli-map", "version": cli_workflows.VERSION},
            input=json.dumps({"args": [2], "kwargs": {}}),
        )["runId"]
        wait_for(
            lambda: _decision_started(client, domain, "after-outage", run_id),
            RECOVERY + 5,
            "the decider never took the task",
            interval=0.05,
        )
        recovery = time.monotonic() - back
        print(f"first task taken {recovery:.2f} s after the endpoint came back")
        assert recovery <= RECOVERY, decider.stderr
        assert decider.process.poll() is None  # the outage did not kill it
    finally:
        decider.kill_group()
        server.stop()
        assert os.environ["AWS_ENDPOINT_URL_SWF"] == endpoint
