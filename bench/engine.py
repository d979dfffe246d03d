"""Benchmark: the local SWF engine against plain moto, both measured in the same run.

Each server runs in its own subprocess (so the clients of this process do not share its
GIL): the engine is ``simpleflow server.start``; plain moto is ``moto_server`` (moto's SWF
server with none of simpleflow's extensions). Clients are raw boto3, no simpleflow.

* **hand-off latency**: a decider waits in ``PollForDecisionTask``; a worker calls
  ``RespondActivityTaskCompleted``; measured until the decider's poll returns the new
  decision task. Median over 200 hand-offs (plain moto: fewer, each costs up to 1 s).
  Target: ≤ 20 ms.
* **throughput**: 1,000 trivial activities scheduled in one decision, run by 4 polling
  threads; activities per second.
* **pagination**: fetching a 10,000-event history page by page (plain moto: one answer).

Usage::

    python bench/engine.py
    python bench/engine.py --handoffs 50 --moto-handoffs 10 --activities 300
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _server(kind: str) -> Iterator[str]:
    port = _free_port()
    if kind == "engine":
        command = [sys.executable, "-m", "simpleflow", "server.start", "--port", str(port)]
    else:
        command = [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{kind} server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=15)


def _client(endpoint: str) -> Any:
    return boto3.client(
        "swf",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",
        config=Config(read_timeout=90, retries={"max_attempts": 1}, max_pool_connections=20),
    )


def _setup(endpoint: str) -> str:
    client = _client(endpoint)
    domain = f"bench-{uuid.uuid4().hex[:8]}"
    client.register_domain(name=domain, workflowExecutionRetentionPeriodInDays="1")
    client.register_workflow_type(
        domain=domain,
        name="wf",
        version="1",
        defaultTaskList={"name": "d"},
        defaultExecutionStartToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="600",
        defaultChildPolicy="TERMINATE",
    )
    client.register_activity_type(
        domain=domain,
        name="a",
        version="1",
        defaultTaskList={"name": "a"},
        defaultTaskScheduleToStartTimeout="3600",
        defaultTaskScheduleToCloseTimeout="3600",
        defaultTaskStartToCloseTimeout="3600",
        defaultTaskHeartbeatTimeout="3600",
    )
    return domain


def _start(client: Any, domain: str) -> dict[str, str]:
    workflow_id = f"w-{uuid.uuid4().hex[:8]}"
    run = client.start_workflow_execution(
        domain=domain, workflowId=workflow_id, workflowType={"name": "wf", "version": "1"}
    )
    return {"workflowId": workflow_id, "runId": run["runId"]}


def _poll_decision(client: Any, domain: str) -> dict[str, Any]:
    while True:
        task = client.poll_for_decision_task(domain=domain, taskList={"name": "d"})
        if task.get("taskToken"):
            return task  # type: ignore[no-any-return]


def _poll_activity(client: Any, domain: str) -> dict[str, Any]:
    while True:
        task = client.poll_for_activity_task(domain=domain, taskList={"name": "a"})
        if task.get("taskToken"):
            return task  # type: ignore[no-any-return]


def _schedule(activity_id: str) -> dict[str, Any]:
    return {
        "decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {
            "activityId": activity_id,
            "activityType": {"name": "a", "version": "1"},
        },
    }


def handoff_latency(endpoint: str, count: int) -> float:
    """Median seconds from RespondActivityTaskCompleted to the decider's poll returning.

    Each hand-off is its own execution (start, schedule one activity, complete it, close),
    so that what is measured is the hand-off, not the size of a growing history.
    """
    domain = _setup(endpoint)
    decider, worker = _client(endpoint), _client(endpoint)
    received: list[float] = []
    scheduled = threading.Semaphore(0)
    handed = threading.Semaphore(0)

    def decide() -> None:
        for _ in range(count):
            task = _poll_decision(decider, domain)
            decider.respond_decision_task_completed(
                taskToken=task["taskToken"], decisions=[_schedule("a")]
            )
            scheduled.release()
            task = _poll_decision(decider, domain)
            received.append(time.perf_counter())
            handed.release()
            decider.respond_decision_task_completed(
                taskToken=task["taskToken"],
                decisions=[{"decisionType": "CompleteWorkflowExecution"}],
            )

    thread = threading.Thread(target=decide, daemon=True)
    thread.start()
    latencies = []
    for index in range(count):
        _start(worker, domain)
        scheduled.acquire()
        task = _poll_activity(worker, domain)
        time.sleep(0.01)  # let the decider enter its poll
        sent = time.perf_counter()
        worker.respond_activity_task_completed(taskToken=task["taskToken"], result="1")
        handed.acquire()
        latencies.append(received[index] - sent)
    thread.join(timeout=60)
    return statistics.median(latencies)


def throughput(endpoint: str, activities: int, pollers: int = 4) -> tuple[float, int]:
    """Activities per second: ``activities`` scheduled at once, run by ``pollers`` threads."""
    domain = _setup(endpoint)
    client = _client(endpoint)
    _start(client, domain)
    task = _poll_decision(client, domain)
    done = errors = 0
    lock = threading.Lock()
    finished = threading.Event()

    def work() -> None:
        nonlocal done, errors
        worker = _client(endpoint)
        while True:
            with lock:
                if done >= activities:
                    return
            answer = worker.poll_for_activity_task(domain=domain, taskList={"name": "a"})
            if not answer.get("taskToken"):
                continue
            try:
                worker.respond_activity_task_completed(taskToken=answer["taskToken"], result="1")
            except ClientError:  # plain moto hands one task to two pollers under load
                with lock:
                    errors += 1
            with lock:
                done += 1
                if done == activities:
                    finished.set()

    started = time.perf_counter()
    client.respond_decision_task_completed(
        taskToken=task["taskToken"], decisions=[_schedule(f"a{i}") for i in range(activities)]
    )
    threads = [threading.Thread(target=work, daemon=True) for _ in range(pollers)]
    for thread in threads:
        thread.start()
    finished.wait(timeout=600)
    # The other pollers may still sit in a (long) poll: they are daemons, left behind.
    return activities / (time.perf_counter() - started), errors


def pagination(endpoint: str, events: int = 10_000) -> tuple[float, int, int]:
    """(seconds to fetch the history by pages, pages, events) for an ``events``-long history."""
    domain = _setup(endpoint)
    client = _client(endpoint)
    execution = _start(client, domain)
    batch = 2000
    recorded = 3
    index = 0
    while recorded < events:
        task = _poll_decision(client, domain)
        markers = [
            {
                "decisionType": "RecordMarker",
                "recordMarkerDecisionAttributes": {"markerName": f"m{index + i}"},
            }
            for i in range(batch)
        ]
        index += batch
        timer = {
            "decisionType": "StartTimer",
            "startTimerDecisionAttributes": {"timerId": f"t{index}", "startToFireTimeout": "0"},
        }
        client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=[*markers, timer]
        )
        recorded += batch + 5
    time.sleep(0.5)
    started = time.perf_counter()
    pages = 0
    fetched = 0
    token = None
    while True:
        page = client.get_workflow_execution_history(
            domain=domain, execution=execution, **({"nextPageToken": token} if token else {})
        )
        pages += 1
        fetched += len(page["events"])
        token = page.get("nextPageToken")
        if not token:
            break
    return time.perf_counter() - started, pages, fetched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--handoffs", type=int, default=200)
    parser.add_argument("--moto-handoffs", type=int, default=20)
    parser.add_argument("--activities", type=int, default=1000)
    args = parser.parse_args()
    os.environ.pop("AWS_ENDPOINT_URL_SWF", None)
    results: dict[str, dict[str, str]] = {}
    for kind, handoffs in (("engine", args.handoffs), ("moto", args.moto_handoffs)):
        with _server(kind) as endpoint:
            latency = handoff_latency(endpoint, handoffs)
            rate, errors = throughput(endpoint, args.activities)
            seconds, pages, fetched = pagination(endpoint)
        results[kind] = {
            "latency": f"{latency * 1000:.1f} ms (median of {handoffs})",
            "throughput": f"{rate:.0f} activities/s"
            + (f" ({errors} refused completions)" if errors else ""),
            "pagination": f"{seconds * 1000:.0f} ms ({fetched} events, {pages} page(s))",
        }
    width = max(len(v) for r in results.values() for v in r.values())
    print(f"{'measure':<12} {'local engine':<{width}}  plain moto 5.2")
    for measure in ("latency", "throughput", "pagination"):
        print(f"{measure:<12} {results['engine'][measure]:<{width}}  {results['moto'][measure]}")


if __name__ == "__main__":
    main()
