"""Benchmark: the main job end to end, ``simpleflow standalone`` on the local SWF engine.

For each shape (``fanout``, ``chain``) and size N (200 and 1,000 by default), the workflow
of ``bench/e2e_workflows.py`` runs through this project's ``simpleflow standalone`` with two
activity workers, on one local engine started by the benchmark (``simpleflow server.start``
in a subprocess). Given ``--peer PYTHON``, an interpreter with upstream simpleflow 0.36.0,
the same workflows run with 0.36.0 too, alternating with ours on the same server; and
``--make-peer DIR`` builds that environment with pip first.

Printed for each run, then as medians with the ratio ours/peer:

* run time: from ``WorkflowExecutionStarted`` to the closing event (history timestamps);
* wall time: from the start of the ``standalone`` command until the benchmark sees the
  execution closed (checked every 0.25 s). The engine's polls last 3 s (SWF: 60 s), so
  that 0.36.0, which waits out its current long poll, exits soon after too;
* decision tasks (``DecisionTaskCompleted`` events);
* CPU (user + sys) per activity, over every process: the standalone command and all its
  descendants (deciders, workers, activity processes, all waited for: this process is a
  child subreaper), plus the server's;
* decider CPU: the decider processes' CPU over the whole execution, summed over all its
  decision tasks (each replays the whole history), and per decision task. With several
  sizes, its growth with N is printed (exponent k of CPU ~ N^k between two sizes).

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
import compileall
import math
import os
import re
import resource
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import psutil

from simpleflow.swf.process._tree import enable_child_subreaper

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
DOMAIN = "bench-e2e"
WORKFLOWS = {"fanout": "e2e_workflows.FanOut", "chain": "e2e_workflows.Chain"}
PEER_VERSION = "0.36.0"
SAMPLE_PERIOD = 0.1  # seconds between two samples of the process tree
CLOSE_CHECK_PERIOD = 0.25  # seconds between two checks that the execution closed
#: Seconds a poll of the benchmark's engine waits (SWF: 60). Short, so that both
#: libraries' standalone commands exit soon after the close (0.36.0 waits out its current
#: long poll) and every process is waited for: a killed process tree may escape
#: ``RUSAGE_CHILDREN``. Hand-offs are immediate whatever the value.
POLL_TIMEOUT = 3.0
EXIT_GRACE = 30.0  # seconds a command may take to exit after its execution closed


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
    decider_cpu: float
    exited: bool
    #: CPU seconds by role (ours only; the peer's process titles differ): the engine,
    #: the deciders, the activity pollers themselves, the activity processes they forked,
    #: and the rest (the ``standalone`` command and the supervisors).
    roles: dict[str, float] = field(default_factory=dict)

    @property
    def decider_ms_per_decision(self) -> float:
        return 1000 * self.decider_cpu / max(1, self.decision_tasks)

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
            [
                sys.executable,
                "-m",
                "simpleflow",
                "server.start",
                "--port",
                "0",
                "--poll-timeout",
                str(POLL_TIMEOUT),
            ],
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


def closed_execution(endpoint: str, workflow_id: str) -> bool:
    swf = client(endpoint)
    infos = swf.list_closed_workflow_executions(
        domain=DOMAIN,
        startTimeFilter={"oldestDate": 0},
        executionFilter={"workflowId": workflow_id},
    )["executionInfos"]
    return any(info["execution"]["workflowId"] == workflow_id for info in infos)


class Tree:
    """The processes of one ``standalone`` run, sampled while it runs.

    Keeps the last CPU time seen of each decider process (``Decider`` in its title,
    supervisor and poller), which idle in a long poll once the execution is closed, and
    of each activity poller (``ActivityPoller`` in its title): its own CPU, and that of
    the activity processes it forked and waited for (its children's times).
    """

    def __init__(self, pid: int) -> None:
        self.root = psutil.Process(pid)
        self.decider_cpu: dict[int, float] = {}
        self.poller_cpu: dict[int, float] = {}
        self.activity_cpu: dict[int, float] = {}
        self.pids: set[int] = set()

    def sample(self) -> None:
        try:
            processes = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for process in processes:
            try:
                with process.oneshot():
                    self.pids.add(process.pid)
                    title = " ".join(process.cmdline())
                    if "[activity " in title:
                        continue  # counted in its poller's children times
                    times = process.cpu_times()
                    if "Decider" in title:
                        self.decider_cpu[process.pid] = times.user + times.system
                    elif title.startswith("ActivityPoller"):
                        self.poller_cpu[process.pid] = times.user + times.system
                        self.activity_cpu[process.pid] = times.children_user + times.children_system
            except psutil.Error:
                continue

    def stop(self) -> None:
        """SIGTERM, then SIGKILL, every process still alive (the peer waits out a long poll)."""
        alive = []
        for pid in self.pids:
            try:
                process = psutil.Process(pid)
                process.terminate()
                alive.append(process)
            except psutil.Error:
                continue
        _, alive = psutil.wait_procs(alive, timeout=5)
        for process in alive:
            try:
                process.kill()
            except psutil.Error:
                continue


def reap_orphans(server_pid: int) -> None:
    """Wait for every child of this process but the server.

    This process is a child subreaper: the activity workers and deciders of a stopped
    peer come here, and their CPU counts in ``RUSAGE_CHILDREN`` only once waited for.
    """
    for process in psutil.Process().children():
        if process.pid == server_pid:
            continue
        try:
            os.waitpid(process.pid, 0)
        except ChildProcessError:
            continue


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
    process = subprocess.Popen(
        command, env=env, cwd=BENCH, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    tree = Tree(process.pid)
    deadline = started + 1800
    wall = None
    next_check = started + CLOSE_CHECK_PERIOD
    # Until the command exits or, once the execution is closed, EXIT_GRACE more seconds.
    while process.poll() is None:
        now = time.perf_counter()
        if now > deadline:
            break
        tree.sample()
        if wall is None and now >= next_check:
            next_check = now + CLOSE_CHECK_PERIOD
            if closed_execution(endpoint, workflow_id):
                wall = time.perf_counter() - started
        if wall is not None and now - started > wall + EXIT_GRACE:
            break
        time.sleep(SAMPLE_PERIOD)
    exited = process.poll() is not None
    if wall is None:
        wall = time.perf_counter() - started
    if not exited:
        tree.stop()
    process.wait()
    reap_orphans(server.process.pid)
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = server.cpu() - before_server
    cpu = (
        after_children.ru_utime
        - before_children.ru_utime
        + after_children.ru_stime
        - before_children.ru_stime
        + server_cpu
    )
    events = history(endpoint, workflow_id)
    first, last = events[0], events[-1]
    run_time = _seconds(last["eventTimestamp"]) - _seconds(first["eventTimestamp"])
    decisions = sum(1 for e in events if e["eventType"] == "DecisionTaskCompleted")
    status = last["eventType"].removeprefix("WorkflowExecution")
    decider = sum(tree.decider_cpu.values())
    roles: dict[str, float] = {}
    if library == "ours":
        roles = {
            "engine": server_cpu,
            "deciders": decider,
            "pollers": sum(tree.poller_cpu.values()),
            "activities": sum(tree.activity_cpu.values()),
        }
        roles["rest"] = max(0.0, cpu - sum(roles.values()))
    return Run(library, shape, size, status, run_time, wall, decisions, cpu, decider, exited, roles)


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
        ("decider CPU (s)", "decider_cpu", "{:10.2f}"),
        ("decider ms/decision", "decider_ms_per_decision", "{:10.1f}"),
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
    growth(runs, libraries)


def growth(runs: list[Run], libraries: list[str]) -> None:
    """Decider CPU against N: the ratio and exponent between consecutive sizes."""
    shapes = sorted({run.shape for run in runs})
    for shape in shapes:
        sizes = sorted({run.size for run in runs if run.shape == shape})
        if len(sizes) < 2:
            continue
        print(f"\ndecider CPU growth, {shape}: N, CPU (s), x from the previous N, exponent")
        for library in libraries:
            previous: tuple[int, float] | None = None
            for size in sizes:
                selected = [
                    r for r in runs if (r.library, r.shape, r.size) == (library, shape, size)
                ]
                if not selected:
                    continue
                cpu = _median(selected, "decider_cpu")
                line = f"  {library:<5} N={size:<6} {cpu:8.2f} s"
                if previous and previous[1] > 0 and cpu > 0:
                    ratio = cpu / previous[1]
                    exponent = math.log(ratio) / math.log(size / previous[0])
                    line += f"  x{ratio:6.2f}  N^{exponent:.2f}"
                print(line)
                previous = (size, cpu)


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

    # Bytecode as pip leaves it for the peer: compiled once, not at every start (the shell
    # may set PYTHONDONTWRITEBYTECODE, and a changed module is then compiled by each run).
    for package in ("simpleflow", "swf"):
        compileall.compile_dir(ROOT / package, quiet=1)
    compileall.compile_dir(BENCH, quiet=1, maxlevels=0)
    # Orphans of a stopped run come to this process, to be waited for (their CPU counts).
    enable_child_subreaper()
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
                            f"CPU/activity {run.cpu_per_activity_ms:6.1f} ms  "
                            f"decider {run.decider_cpu:6.2f} s"
                            + ("" if run.exited else "  (stopped after the close)"),
                            flush=True,
                        )
                        if run.roles:
                            print(
                                "      CPU per activity by role (ms): "
                                + ", ".join(
                                    f"{role} {1000 * seconds / size:.1f}"
                                    for role, seconds in run.roles.items()
                                ),
                                flush=True,
                            )
    finally:
        server.stop()
    report(runs, libraries)
    failed = [run for run in runs if run.status != "Completed"]
    if failed:
        raise SystemExit(f"{len(failed)} run(s) did not complete: the figures above are wrong")


if __name__ == "__main__":
    main()
