"""Markers record progress in the history; the same marker is recorded only once."""

from __future__ import annotations

from simpleflow import Workflow, activity, futures


@activity.with_attributes(task_list="quickstart", version="example")
def increment(x: int) -> int:
    return x + 1


class MarkerWorkflow(Workflow):
    name = "example-marker"
    version = "example"
    task_list = "example"

    def run(self, x: int = 1) -> list:
        futures.wait(self.submit(self.record_marker("phase", {"step": 1})))
        y = self.submit(increment, x)
        futures.wait(self.submit(self.record_marker("phase", {"step": 2, "value": y.result})))
        markers = [(m.name, m.details) for m in self.list_markers(all=True)]
        print(f"markers: {markers}")
        return markers
