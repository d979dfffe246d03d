"""Entry point of the decider and worker processes that `WorkflowEnvironment` starts.

``python -m simpleflow.testing._processes decider|worker WORKFLOW DOMAIN TASK_LIST``

Both serve one private task list: the decider schedules every activity on it (as
``simpleflow standalone`` does) and the worker polls it. The local engine answers an empty
poll at once, so the pause between two empty polls is shortened to keep tests quick.
"""

from __future__ import annotations

import sys

__all__ = ["main"]

#: Seconds between two empty polls (the processes' default is 1 s).
EMPTY_POLL_PERIOD = 0.1
#: Seconds between two heartbeats of a running activity.
HEARTBEAT = 10


def main(argv: list[str] | None = None) -> None:
    """Run a decider or a worker until SIGTERM/SIGINT."""
    role, workflow, domain, task_list = (sys.argv[1:] if argv is None else argv)[:4]
    from simpleflow.swf.process import _poller

    _poller.MIN_EMPTY_POLL_PERIOD = EMPTY_POLL_PERIOD
    if role == "decider":
        from simpleflow.swf.process.decider import command as decider

        decider.start([workflow], domain, task_list, nb_processes=1, is_standalone=True)
    elif role == "worker":
        from simpleflow.swf.process.worker import command as worker

        worker.start(workflow, domain, task_list, 1, HEARTBEAT)
    else:
        raise SystemExit(f"unknown role {role!r}: expected 'decider' or 'worker'")


if __name__ == "__main__":
    main()
