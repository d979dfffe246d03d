"""Progress, timeline and web view on executions run for real on the local SWF server."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest
from click.testing import CliRunner

from simpleflow.command import cli
from tests.data.cli_runner import REPO
from tests.visual.conftest import SQUARES, WORKFLOW, RealRun, child_env
from tests.visual.markup import svg_elements, with_class

pytestmark = pytest.mark.integration

ATTEMPTS = SQUARES + 3  # the squares, flaky twice, total
ROWS = SQUARES + 2
RESULT = str(sum(i * i for i in range(SQUARES)) + 100)


def _client(endpoint: str) -> Any:
    return boto3.client(
        "swf",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def _scheduled_activities(run: RealRun) -> int:
    events = _client(run.endpoint).get_workflow_execution_history(
        domain=run.domain, execution={"workflowId": run.workflow_id, "runId": run.run_id}
    )["events"]
    return sum(1 for e in events if e["eventType"] == "ActivityTaskScheduled")


def test_standalone_on_a_terminal_shows_one_live_line_and_keeps_stdout(real_run: RealRun) -> None:
    assert real_run.stdout.splitlines() == [f"{real_run.workflow_id} {real_run.run_id}", RESULT]
    terminal = real_run.terminal
    final = f"0 scheduled, 0 running, {ROWS} completed, 0 failed, 1 retried"
    assert re.search(rf"\d+:\d\d:\d\d activities: {final}", terminal), terminal[-2000:]
    # rich redraws the line in place (carriage return, erase line) ...
    assert "\r" in terminal and "\x1b[2K" in terminal
    # ... and what the children log is printed above it, whole.
    assert re.search(r"^\S+ INFO \[process=ActivityPoller", terminal, re.MULTILINE)
    assert "closed as COMPLETED" in terminal


def test_timeline_command_draws_every_attempt_of_the_run(
    real_run: RealRun, visual_env: str, tmp_path: Path
) -> None:
    output = tmp_path / "timeline.svg"
    result = CliRunner().invoke(
        cli,
        [
            "workflow.timeline",
            real_run.workflow_id,
            real_run.run_id,
            "--domain",
            real_run.domain,
            "--output",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    elements = svg_elements(output.read_text(encoding="utf-8"))
    bars = with_class(elements, "rect", "bar")
    assert len(bars) == ATTEMPTS == _scheduled_activities(real_run)
    flaky = [b for b in bars if "flaky" in (b.get("data-task") or "")]
    assert [b.get("class") for b in flaky] == ["bar failed", "bar completed"]
    assert len(with_class(elements, "g", "row")) == ROWS


def test_timeline_command_reports_an_unknown_execution(visual_env: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "workflow.timeline",
            "no-such-workflow",
            "--domain",
            visual_env,
            "--output",
            str(tmp_path / "t.html"),
        ],
    )
    assert result.exit_code == 1
    assert "Error: no execution found for workflow id no-such-workflow" in result.output
    assert not (tmp_path / "t.html").exists()


def _start_waiting(domain: str, endpoint: str, *options: str) -> tuple[subprocess.Popen[str], str]:
    task_list = f"wait-{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "simpleflow",
            "workflow.start",
            WORKFLOW,
            "--domain",
            domain,
            "--task-list",
            task_list,
            "--workflow-id",
            task_list,
            "--input",
            '["/nowhere"]',
            "--wait",
            *options,
        ],
        cwd=REPO,
        env=child_env(endpoint),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    return process, task_list


def _take_decision_task(client: Any, domain: str, task_list: str) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        task = client.poll_for_decision_task(domain=domain, taskList={"name": task_list})
        if task.get("taskToken"):
            return str(task["taskToken"])
        time.sleep(0.1)
    raise AssertionError(f"no decision task on {task_list}")


def test_start_wait_prints_the_result_and_exits_0(real_run: RealRun) -> None:
    process, task_list = _start_waiting(real_run.domain, real_run.endpoint)
    client = _client(real_run.endpoint)
    token = _take_decision_task(client, real_run.domain, task_list)
    client.respond_decision_task_completed(
        taskToken=token,
        decisions=[
            {
                "decisionType": "CompleteWorkflowExecution",
                "completeWorkflowExecutionDecisionAttributes": {"result": '"done"'},
            }
        ],
    )
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    lines = stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{task_list} ") and lines[1] == '"done"'
    assert re.search(r"^progress: \d+:\d\d:\d\d activities: 0 scheduled", stderr, re.MULTILINE)
    assert "closed as COMPLETED" in stderr


def test_start_wait_without_progress_exits_1_when_terminated(real_run: RealRun) -> None:
    process, task_list = _start_waiting(real_run.domain, real_run.endpoint, "--no-progress")
    client = _client(real_run.endpoint)
    _take_decision_task(client, real_run.domain, task_list)  # it is started: stop it
    client.terminate_workflow_execution(domain=real_run.domain, workflowId=task_list)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 1, stderr
    assert len(stdout.splitlines()) == 1
    assert "closed as TERMINATED" in stderr
    assert "progress:" not in stderr


# --- the web view, through Flask's test client ---------------------------------------------


@pytest.fixture
def app(visual_env: str) -> Any:
    from simpleflow.ui import create_app

    return create_app(visual_env)


def test_ui_lists_the_execution_and_shows_its_tasks(real_run: RealRun, app: Any) -> None:
    client = app.test_client()
    home = client.get("/")
    assert home.status_code == 302 and home.location.endswith(f"/domains/{real_run.domain}")

    listing = client.get(f"/domains/{real_run.domain}?status=COMPLETED").get_data(as_text=True)
    assert real_run.run_id in listing
    assert (
        client.get(f"/domains/{real_run.domain}?status=OPEN")
        .get_data(as_text=True)
        .count(real_run.run_id)
        == 0
    )

    page = client.get(
        f"/domains/{real_run.domain}/executions/{real_run.workflow_id}/{real_run.run_id}"
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert text.count('<tr class="task">') == ROWS
    assert text.count('class="bar ') == ATTEMPTS
    assert "first attempt fails on purpose" in text
    assert 'http-equiv="refresh"' not in text  # closed: no refresh
    assert "testing" not in text  # the (dummy) credentials never show

    history = client.get(
        f"/domains/{real_run.domain}/executions/{real_run.workflow_id}/{real_run.run_id}/history"
    ).get_data(as_text=True)
    assert "WorkflowExecutionCompleted" in history and "ActivityTaskFailed" in history

    latest = client.get(f"/domains/{real_run.domain}/executions/{real_run.workflow_id}")
    assert latest.status_code == 302 and latest.location.endswith(real_run.run_id)


def test_ui_serves_a_closed_execution_from_its_cache(
    real_run: RealRun, app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = app.test_client()
    path = f"/domains/{real_run.domain}/executions/{real_run.workflow_id}/{real_run.run_id}"
    assert client.get(path).status_code == 200
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:9")  # nothing listens there
    assert client.get(path).status_code == 200  # no SWF call needed
    error = client.get(f"/domains/{real_run.domain}")
    assert error.status_code == 502
    assert "SWF error" in error.get_data(as_text=True)
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", real_run.endpoint)
    assert client.get(f"/domains/{real_run.domain}").status_code == 200  # still serving


def test_ui_answers_404_saying_what_was_asked(real_run: RealRun, app: Any) -> None:
    client = app.test_client()
    unknown_domain = client.get("/domains/no-such-domain")
    assert unknown_domain.status_code == 404
    assert "domain &#39;no-such-domain&#39; does not exist" in unknown_domain.get_data(as_text=True)
    unknown_run = client.get(f"/domains/{real_run.domain}/executions/nope/123")
    assert unknown_run.status_code == 404
    assert "no execution &#39;nope&#39; run &#39;123&#39;" in unknown_run.get_data(as_text=True)
    assert client.get("/nowhere").status_code == 404


def test_ui_refreshes_an_open_execution(real_run: RealRun, app: Any) -> None:
    client = _client(real_run.endpoint)
    workflow_id = f"open-{uuid.uuid4().hex[:8]}"
    run_id = client.start_workflow_execution(
        domain=real_run.domain,
        workflowId=workflow_id,
        workflowType={"name": "visual-demo", "version": "1"},
        taskList={"name": "nobody-polls"},
        executionStartToCloseTimeout="60",
        taskStartToCloseTimeout="30",
        childPolicy="TERMINATE",
    )["runId"]
    try:
        page = app.test_client().get(
            f"/domains/{real_run.domain}/executions/{workflow_id}/{run_id}"
        )
        text = page.get_data(as_text=True)
        assert '<meta http-equiv="refresh" content="5">' in text
        assert "OPEN" in text
    finally:
        client.terminate_workflow_execution(domain=real_run.domain, workflowId=workflow_id)


def test_ui_warns_about_an_address_other_than_loopback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "simpleflow", "ui", "--host", "0.0.0.0", "--port", "0"],
        cwd=REPO,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        second = process.stderr.readline()
    finally:
        process.terminate()
        process.wait(10)
    assert "Warning: serving on 0.0.0.0" in first
    assert "no authentication" in first
    assert "serving on http://0.0.0.0:" in second


def test_execution_page_links_parent_and_children_and_lists_timers(app: Any) -> None:
    """Child workflows and timers (which the local engine cannot run) from a synthetic
    history, rendered by the real page."""
    from simpleflow._task_rows import build_rows
    from simpleflow.timeline import html_fragment, layout
    from simpleflow.ui._data import CachedExecution
    from swf.models import Domain, WorkflowExecution
    from swf.models.event.factory import EventFactory
    from tests.visual.histories import mixed_history

    history = mixed_history()
    start = history.events[0]
    start.raw["workflowExecutionStartedEventAttributes"]["parentWorkflowExecution"] = {
        "workflowId": "the-parent",
        "runId": "parent-run",
    }
    history.events[0] = EventFactory(start.raw)
    rows = build_rows(history.events)
    domain = app.config["SIMPLEFLOW_DOMAIN"]
    execution = WorkflowExecution(
        Domain(domain), "synthetic", "run-1", status="CLOSED", close_status="FAILED"
    )
    entry = CachedExecution(
        execution, rows, tuple(e.raw for e in history.events), html_fragment(layout(rows), "s")
    )
    app.extensions["simpleflow.cache"]._entries[(domain, "synthetic", "run-1")] = entry

    text = (
        app.test_client()
        .get(f"/domains/{domain}/executions/synthetic/run-1")
        .get_data(as_text=True)
    )
    child = rows.rows[3]
    assert f'class="parent" href="/domains/{domain}/executions/the-parent/parent-run"' in text
    assert f'class="child" href="/domains/{domain}/executions/child-1/{child.run_id}"' in text
    assert text.count('<tr class="task">') == 8
    assert text.count("<td>timer</td>") == 4  # name and kind of the two timer rows
    assert "double failed" in text  # the close reason
    assert text.count('class="bar ') == 9
