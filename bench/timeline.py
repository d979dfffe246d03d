"""Benchmark: the timeline and the web view of a 5,000-activity execution.

Runs a real execution on the local SWF server (moto, in this process): this script acts
as the decider (100 activities scheduled per decision, one failure in 50 retried once) and
as the worker (completes each task at once), through boto3. Then it measures, each beside
the others:

* the history fetch (``WorkflowExecution.history()``, every page);
* the timeline: rows built from the history and written to an HTML and an SVG file
  (target: at most 2 s);
* the web view's execution page over HTTP: the first request (it fetches the history) and
  the next ones (served from the cache of closed executions; target: at most 1 s).

Usage: ``python bench/timeline.py [N] [OUTPUT_DIR]`` (defaults: 5000, a temporary folder).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BATCH = 100
FAIL_EVERY = 50
DOMAIN = "bench"
TASK_LIST = "bench-timeline"


def _client(endpoint: str) -> Any:
    import boto3

    return boto3.client("swf", endpoint_url=endpoint, region_name="us-east-1")


def _poll(call: Any, **kwargs: Any) -> dict[str, Any] | None:
    for _ in range(200):
        task: dict[str, Any] = call(**kwargs)
        if task.get("taskToken"):
            return task
        time.sleep(0.01)
    return None


def _schedule(activity_id: str) -> dict[str, Any]:
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityType": {"name": "bench.step", "version": "1"},
            "activityId": activity_id,
            "input": '{"args": [1], "kwargs": {}}',
        },
    }


def run_execution(endpoint: str, count: int) -> tuple[str, str]:
    """Run one execution of ``count`` activities to completion; return its ids."""
    client = _client(endpoint)
    client.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
    client.register_workflow_type(
        domain=DOMAIN,
        name="bench-timeline",
        version="1",
        defaultTaskList={"name": TASK_LIST},
        defaultChildPolicy="TERMINATE",
        defaultExecutionStartToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="300",
    )
    client.register_activity_type(
        domain=DOMAIN,
        name="bench.step",
        version="1",
        defaultTaskList={"name": TASK_LIST},
        defaultTaskStartToCloseTimeout="300",
        defaultTaskScheduleToStartTimeout="3600",
        defaultTaskScheduleToCloseTimeout="3600",
        defaultTaskHeartbeatTimeout="300",
    )
    workflow_id = f"bench-timeline-{count}"
    run_id = client.start_workflow_execution(
        domain=DOMAIN,
        workflowId=workflow_id,
        workflowType={"name": "bench-timeline", "version": "1"},
    )["runId"]
    scheduled = 0
    closed = 0
    retries: list[str] = []
    failed: set[str] = set()
    while True:
        decision = _poll(client.poll_for_decision_task, domain=DOMAIN, taskList={"name": TASK_LIST})
        decisions = [_schedule(activity_id) for activity_id in retries]
        retries = []
        while scheduled < count and len(decisions) < BATCH:
            decisions.append(_schedule(f"step-{scheduled}"))
            scheduled += 1
        if closed >= count and not decisions:
            decisions = [{"decisionType": "CompleteWorkflowExecution"}]
        if decision is not None:
            client.respond_decision_task_completed(
                taskToken=decision["taskToken"], decisions=decisions
            )
        if decisions and decisions[0]["decisionType"] == "CompleteWorkflowExecution":
            return workflow_id, run_id
        for _ in range(len(decisions)):
            task = _poll(client.poll_for_activity_task, domain=DOMAIN, taskList={"name": TASK_LIST})
            assert task is not None, "no activity task"
            number = int(task["activityId"].split("-")[1])
            first_try = task["activityId"] not in failed
            if number % FAIL_EVERY == 0 and first_try:
                failed.add(task["activityId"])
                retries.append(task["activityId"])
                client.respond_activity_task_failed(taskToken=task["taskToken"], reason="flaky")
            else:
                closed += 1
                client.respond_activity_task_completed(taskToken=task["taskToken"], result="1")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    output = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp())
    output.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

    from simpleflow.local_server import LocalSWFServer

    server = LocalSWFServer(port=0)
    server.start()
    os.environ["AWS_ENDPOINT_URL_SWF"] = server.endpoint_url
    try:
        begin = time.perf_counter()
        workflow_id, run_id = run_execution(server.endpoint_url, count)
        print(f"timeline benchmark: {count} activities ({count // FAIL_EVERY} retried once)")
        print(f"  execution run on the local server:   {time.perf_counter() - begin:8.2f} s")
        measure(workflow_id, run_id, output)
    finally:
        server.stop()


def measure(workflow_id: str, run_id: str, output: Path) -> None:
    from simpleflow._task_rows import build_rows
    from simpleflow.swf._execution_rows import fetch_execution
    from simpleflow.timeline import write_timeline

    execution = fetch_execution(DOMAIN, workflow_id, run_id)
    begin = time.perf_counter()
    history = execution.history()
    fetched = time.perf_counter()
    print(f"  history fetch ({len(history.events)} events):    {fetched - begin:8.2f} s")
    for suffix in ("html", "svg"):
        start = time.perf_counter()
        rows = build_rows(history.events)
        size = write_timeline(rows, output / f"timeline.{suffix}", f"{workflow_id} {run_id}")
        took = time.perf_counter() - start
        verdict = "ok" if took <= 2 else "SLOWER THAN 2 s"
        print(f"  rows + {suffix} file ({size / 1e6:.1f} MB):        {took:8.2f} s  {verdict}")

    from simpleflow.ui import make_server

    ui = make_server("127.0.0.1", 0, DOMAIN)
    thread = threading.Thread(target=ui.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{ui.server_port}/domains/{DOMAIN}/executions/{workflow_id}/{run_id}"
    try:
        for attempt in ("first (fetches)", "second (cached)", "third (cached)"):
            start = time.perf_counter()
            with urllib.request.urlopen(url, timeout=60) as answer:
                body = answer.read()
            took = time.perf_counter() - start
            verdict = (
                "" if attempt.startswith("first") else ("ok" if took <= 1 else "SLOWER THAN 1 s")
            )
            print(
                f"  web view page, {attempt:16} {took:8.2f} s  {len(body) / 1e6:.1f} MB {verdict}"
            )
    finally:
        ui.shutdown()
        ui.server_close()
    print(f"  files in {output}")


if __name__ == "__main__":
    main()
