"""Benchmark: the activity poller's own work per activity, without SWF.

An ``ActivityPoller`` whose SWF calls are replaced by no-ops (the botocore client is built,
so that the process has the size of a real poller) processes ``--n`` trivial activity
tasks through ``ActivityPoller.process`` (the fork, the outcome pipe, the report), with
process titles on. Printed: CPU (user + sys) per activity of the poller itself and of
the activity processes (``RUSAGE_CHILDREN``), and the poller's resident size. Also the
CPU of a few per-activity steps measured alone (process title, identity, INFO log).

Usage::

    python bench/worker_spawn.py --n 300
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil

from simpleflow import activity
from simpleflow.swf.process import _naming
from simpleflow.swf.process.worker.base import ActivityPoller
from swf.models import ActivityTask, ActivityType, Domain, WorkflowExecution


@activity.with_attributes(task_list="bench", version="1")
def trivial(x: int) -> int:
    return x + 1


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


class _NoSWFPoller(ActivityPoller):
    """An ``ActivityPoller`` whose SWF calls do nothing (counted)."""

    reports = 0

    def complete(self, token: str, result: Any = None) -> None:
        type(self).reports += 1

    def cancel(self, token: str, details: str | None = None) -> None:
        type(self).reports += 1


def _task(domain: Domain, index: int) -> ActivityTask:
    return ActivityTask(
        domain,
        "bench",
        task_token=f"token-{index}",
        activity_type=ActivityType(domain, f"{__name__}.trivial", "1"),
        workflow_execution=WorkflowExecution(domain, "wf", "run"),
        input='{"args": [1], "kwargs": {}}',
        activity_id=f"activity-{index}",
        started_event_id=3,
    )


def _per_call(func: Callable[[], Any], n: int = 2000) -> float:
    start = time.process_time()
    for _ in range(n):
        func()
    return (time.process_time() - start) / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="activities (default 300)")
    options = parser.parse_args()

    # Logs as in a worker (INFO to stderr), sent to a discarded stream.
    handler = logging.StreamHandler(io.StringIO())
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s [process-%(process)s] %(message)s")
    )
    simpleflow_logger = logging.getLogger("simpleflow")
    simpleflow_logger.addHandler(handler)
    simpleflow_logger.setLevel(logging.INFO)
    simpleflow_logger.propagate = False

    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "x")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "x")
    domain = Domain("bench")
    poller = _NoSWFPoller(domain, "bench", "bench-workflow", heartbeat=60)
    # The botocore clients of a real poller (one for the polls, one for the other calls).
    poller.connection.client  # noqa: B018
    poller.connection.poll_client  # noqa: B018
    tasks = [_task(domain, i) for i in range(options.n)]

    rss = psutil.Process().memory_info().rss / 2**20
    self_before, children_before = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    for index, task in enumerate(tasks):
        poller.state = "polling"  # as the poll loop does before each poll
        poller.identity  # noqa: B018 - computed at each poll
        poller.process((f"token-{index}", task))
    self_cpu = _cpu(resource.RUSAGE_SELF) - self_before
    children_cpu = _cpu(resource.RUSAGE_CHILDREN) - children_before
    assert _NoSWFPoller.reports == options.n, _NoSWFPoller.reports

    print(f"poller RSS {rss:.0f} MB, {options.n} activities")
    print(f"  poller CPU per activity     {self_cpu / options.n * 1000:6.2f} ms")
    print(f"  activity CPU per activity   {children_cpu / options.n * 1000:6.2f} ms")
    titles = iter(range(10**9))
    print(
        "  setproctitle (new title)    "
        f"{_per_call(lambda: _naming.set_process_title(f'x[{next(titles)}]')):6.3f} ms"
    )
    print(
        f"  poller.state = same state   {_per_call(lambda: setattr(poller, 'state', 'x')):6.3f} ms"
    )
    print(f"  swf_identity()              {_per_call(_naming.swf_identity):6.3f} ms")
    log = logging.getLogger("simpleflow.swf.process.worker.base")
    print(
        "  one INFO log                "
        f"{_per_call(lambda: log.info('%s: processing task %s (id %s)', 'a', 'b', 'c')):6.3f} ms"
    )


if __name__ == "__main__":
    main()
