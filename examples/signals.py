"""A workflow that signals itself, then waits for the signal (and reads its data)."""

from __future__ import annotations

from simpleflow import Workflow, futures


class SignalsWorkflow(Workflow):
    name = "example-signals"
    version = "example"
    task_list = "example"

    def run(self, value: int = 42) -> dict:
        sent = self.submit(self.signal("go", value, unit="ms", propagate=False))
        received = self.submit(self.wait_signal("go"))
        futures.wait(sent, received)
        print(f"received signal 'go': {received.result}")
        return received.result
