"""Cancelling an activity from the workflow, and reacting to a cancel request.

Run it on SWF (or the local engine) and cancel it with
``simpleflow workflow.cancel <workflow id> --domain <domain>``: ``on_canceled`` runs, the
open activity is asked to cancel, and the execution closes as canceled. Locally,
cancellations are no-ops and the workflow just completes.
"""

from __future__ import annotations

import time

from simpleflow import Workflow, activity, futures


@activity.with_attributes(task_list="quickstart", version="example", heartbeat_timeout="30")
def slow(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


class CancelWorkflow(Workflow):
    name = "example-cancel"
    version = "example"
    task_list = "example"
    cancel_mode = "immediate"

    def run(self, seconds: float = 0.1) -> str:
        job = self.submit(slow, seconds)
        futures.wait(self.submit(self.cancel_task(job)))
        print(f"asked to cancel {job!r}")
        return "cancel requested"

    def on_canceled(self, history: object) -> None:
        print("the execution is being canceled")
