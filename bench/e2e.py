"""Benchmark: the main job end to end, ``simpleflow standalone`` on the local SWF engine.

For each shape (``fanout``, ``chain``) and size N (200 and 1,000 by default), the workflow
of ``bench/e2e_workflows.py`` runs through this project's ``simpleflow standalone`` with two
activity workers, on one local engine started by the benchmark (``simpleflow server.start``
in a subprocess). Given ``--peer PYTHON``, an interpreter with upstream simpleflow 0.36.0,
the same workflows run with 0.36.0 too, alternating with ours on the same server; and
``--make-peer DIR`` builds that environment with pip first.

Printed for each run, then as medians with the ratio ours/peer:

* run time: from ``WorkflowExecutionStarted`` to the closing event (history timestamps);
* wall time of the ``standalone`` command;
* decision tasks (``DecisionTaskCompleted`` events);
* CPU (user + sys) per activity, over every process: the standalone command and all its
  descendants (deciders, workers, activity processes), plus the server's share.

Targets (issue 12): run time <= 0.5x 0.36.0 for both shapes and sizes; CPU per activity
<= 10 ms.

Usage::

    python bench/e2e.py                               # this project only
    python bench/e2e.py --make-peer /tmp/sf036        # build a 0.36.0 venv, then compare
    python bench/e2e.py --peer /tmp/sf036/bin/python  # compare with an existing one
    python bench/e2e.py --sizes 200 --shapes fanout --repeat 1
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import psutil

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
DOMAIN = "bench-e2e"
WORKFLOWS = {"fanout": "e2e_workflows.FanOut", "chain": "e2e_workflows.Chain"}
PEER_VERSION = "0.36.0"


@dataclass
class Run:
    library: str
    shape: str
    size: int
    status: str
    run_time: float
    wall_time: float
    decision_tasks: int
    cpu: float

    @property
    def cpu_per_activity_ms(self) -> float:
        return 1000 * self.cpu / self.size


def make_peer(folder: Path) -> Path:
    """Create a virtual environment with simpleflow 0.36.0; return its interpreter."""
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", f"simpleflow=={PEER_VERSION}"],
        check=True,
    )
    return python


def peer_version(python: str) -> str:
    out = subprocess.run(
        [python, "-c", "import simpleflow; print(simpleflow.__version__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    )
    return out.stdout.strip()


class Server:
    """This project's local engine in a subprocess (``simpleflow server.start --port 0``)."""

    def __init__(self) -> None:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "simpleflow", "server.start", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        self.endpoint = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            match = re.search(r"AWS_ENDPOINT_URL_SWF=(\S+)", line)
            if match:
                self.endpoint = match.group(1)
                break
        if not self.endpoint:
            self.stop()
            raise SystemExit("the local engine did not start (simpleflow server.start)")
        self.ps = psutil.Process(self.process.pid)

    def cpu(self) -> float:
        times = self.ps.cpu_times()
        return times.user + times.system

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def client(endpoint: str) -> Any:
    return boto3.client("swf", endpoint_url=endpoint, region_name="us-east-1")


def register_domain(endpoint: str) -> None:
    swf = client(endpoint)
    try:
        swf.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
    except swf.exceptions.DomainAlreadyExistsFault:
        pass


def history(endpoint: str, workflow_id: str) -> list[dict[str, Any]]:
    swf = client(endpoint)
    # The filter is applied here too: plain moto ignores executionFilter.
    infos = swf.list_closed_workflow_executions(
        domain=DOMAIN,
        startTimeFilter={"oldestDate": 0},
        executionFilter={"workflowId": workflow_id},
    )["executionInfos"]
    found = [info for info in infos if info["execution"]["workflowId"] == workflow_id]
    if not found:
        raise SystemExit(f"no closed execution {workflow_id} on the engine")
    execution = found[0]["execution"]
    events: list[dict[str, Any]] = []
    token = None
    while True:
        page = swf.get_workflow_execution_history(
            domain=DOMAIN, execution=execution, **({"nextPageToken": token} if token else {})
        )
        events.extend(page["events"])
        token = page.get("nextPageToken")
        if not token:
            return events


def run_once(
    library: str, python: str, endpoint: str, server: Server, shape: str, size: int
) -> Run:
    workflow_id = f"bench-{library}-{shape}-{size}-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, AWS_ENDPOINT_URL_SWF=endpoint, PYTHONPATH=str(BENCH))
    if library == "ours":
        env["PYTHONPATH"] = os.pathsep.join([str(BENCH), str(ROOT)])
    command = [
        python,
        "-m",
        "simpleflow",
        "standalone",
        "--domain",
        DOMAIN,
        "--workflow-id",
        workflow_id,
        "--nb-workers",
        "2",
        "--input",
        f"[{size}]",
        WORKFLOWS[shape],
    ]
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before_server = server.cpu()
    started = time.perf_counter()
    subprocess.run(
        command,
        env=env,
        cwd=BENCH,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=1800,
        check=False,
    )
    wall = time.perf_counter() - started
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (
        after_children.ru_utime
        - before_children.ru_utime
        + after_children.ru_stime
        - before_children.ru_stime
        + server.cpu()
        - before_server
    )
    events = history(endpoint, workflow_id)
    first, last = events[0], events[-1]
    run_time = _seconds(last["eventTimestamp"]) - _seconds(first["eventTimestamp"])
    decisions = sum(1 for e in events if e["eventType"] == "DecisionTaskCompleted")
    status = last["eventType"].removeprefix("WorkflowExecution")
    return Run(library, shape, size, status, run_time, wall, decisions, cpu)


def _seconds(value: Any) -> float:
    return value.timestamp() if hasattr(value, "timestamp") else float(value)


def _median(runs: list[Run], attribute: str) -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


def report(runs: list[Run], libraries: list[str]) -> None:
    print()
    header = f"{'shape':<7} {'N':>5} {'measure':<22}"
    header += "".join(f" {name:>10}" for name in libraries)
    if len(libraries) == 2:
        header += f" {'ours/peer':>10}"
    print(header)
    measures = [
        ("run time (s)", "run_time", "{:10.2f}"),
        ("wall time (s)", "wall_time", "{:10.2f}"),
        ("decision tasks", "decision_tasks", "{:10.0f}"),
        ("CPU per activity (ms)", "cpu_per_activity_ms", "{:10.1f}"),
    ]
    keys = sorted({(run.shape, run.size) for run in runs})
    for shape, size in keys:
        for label, attribute, fmt in measures:
            line = f"{shape:<7} {size:>5} {label:<22}"
            values = []
            for library in libraries:
                selected = [
                    r for r in runs if (r.library, r.shape, r.size) == (library, shape, size)
                ]
                value = _median(selected, attribute)
                values.append(value)
                line += " " + fmt.format(value)
            if len(values) == 2 and values[1]:
                line += f" {values[0] / values[1]:10.2f}"
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000])
    parser.add_argument(
        "--shapes", nargs="+", choices=sorted(WORKFLOWS), default=["fanout", "chain"]
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each (median)")
    parser.add_argument("--peer", help="interpreter with simpleflow 0.36.0 installed")
    parser.add_argument("--make-peer", type=Path, help="build a 0.36.0 venv in this folder")
    args = parser.parse_args()
    # Fake credentials for the local engine, for the benchmark's own client and every
    # process it starts.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")

    peer = args.peer
    if args.make_peer:
        peer = str(make_peer(args.make_peer))
    libraries = ["ours"]
    pythons = {"ours": sys.executable}
    if peer:
        version = peer_version(peer)
        if version != PEER_VERSION:
            raise SystemExit(f"--peer runs simpleflow {version}, expected {PEER_VERSION}")
        libraries.append("peer")
        pythons["peer"] = peer

    server = Server()
    runs: list[Run] = []
    try:
        register_domain(server.endpoint)
        for shape in args.shapes:
            for size in args.sizes:
                for _ in range(args.repeat):
                    for library in libraries:  # alternate: ours, peer, ours, peer
                        run = run_once(
                            library, pythons[library], server.endpoint, server, shape, size
                        )
                        runs.append(run)
                        print(
                            f"{library:<5} {shape:<7} N={size:<5} {run.status:<10} "
                            f"run {run.run_time:7.2f} s  wall {run.wall_time:7.2f} s  "
                            f"decisions {run.decision_tasks:5d}  "
                            f"CPU/activity {run.cpu_per_activity_ms:6.1f} ms",
                            flush=True,
                        )
    finally:
        server.stop()
    report(runs, libraries)


if __name__ == "__main__":
    main()
