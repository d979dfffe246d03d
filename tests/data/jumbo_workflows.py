"""Workflows of the jumbo-field tests (``tests/jumbo``): payloads beyond SWF's limits.

``LargePayloadWorkflow`` passes an ``arg_size``-character argument to an activity that
returns a ``result_size``-character string, records a marker whose details exceed SWF's
limit, and returns a summary padded past the 32,768-character limit of a workflow result.
"""

from __future__ import annotations

import hashlib

from simpleflow import Workflow, activity

TASK_LIST = "jumbo"
VERSION = "1"


@activity.with_attributes(task_list=TASK_LIST, version=VERSION, raises_on_failure=True)
def grow(data: str, size: int) -> str:
    """A ``size``-character string that starts with the checksum of ``data``."""
    digest = hashlib.sha256(data.encode()).hexdigest()
    return digest + "r" * (size - len(digest))


class LargePayloadWorkflow(Workflow):
    name = "jumbo-large-payload"
    version = VERSION
    task_list = "jumbo-decisions"
    execution_timeout = "300"
    decision_tasks_timeout = "30"

    def run(self, arg_size: int, result_size: int) -> dict[str, object]:
        data = "a" * arg_size
        grown = self.submit(grow, data, result_size).result
        self.submit(self.record_marker("big-marker", {"pad": "m" * 40_000}))
        return {
            "result_length": len(grown),
            "checksum_ok": grown[:64] == hashlib.sha256(data.encode()).hexdigest(),
            "pad": "p" * 40_000,
        }
