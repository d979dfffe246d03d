"""RetryPolicy: retries with backoff on SWF timers; some errors are never retried."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from simpleflow import RetryPolicy, Workflow, activity


@activity.with_attributes(
    task_list="quickstart",
    version="example",
    retry_policy=RetryPolicy(initial_interval=1, backoff_coefficient=2, maximum_attempts=4),
)
def flaky(name: str, failures: int) -> int:
    """Fails ``failures`` times (counted in a file), then returns the attempt number."""
    counter = Path(tempfile.gettempdir()) / f"simpleflow-example-{name}-{os.getuid()}"
    attempt = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(attempt))
    if attempt <= failures:
        raise RuntimeError(f"attempt {attempt} failed")
    counter.unlink()
    return attempt


class RetryWorkflow(Workflow):
    name = "example-retry"
    version = "example"
    task_list = "example"

    def run(self, name: str = "retry", failures: int = 2) -> int:
        attempt = self.submit(flaky, name, failures).result
        print(f"succeeded at attempt {attempt}")
        return attempt
