"""Large payloads: a 1 MiB argument and a 5 MB result, stored on S3 as jumbo fields."""

from __future__ import annotations

import hashlib

from simpleflow import Workflow, activity


@activity.with_attributes(task_list="quickstart", version="example", raises_on_failure=True)
def grow(data: str, size: int) -> str:
    """A ``size``-character string starting with the SHA-256 of ``data``."""
    digest = hashlib.sha256(data.encode()).hexdigest()
    return digest + "r" * (size - len(digest))


class LargePayloadWorkflow(Workflow):
    name = "large-payload"
    version = "example"
    task_list = "example"

    def run(self, arg_size: int = 1024 * 1024, result_size: int = 5_000_000) -> dict:
        data = "a" * arg_size  # its JSON is over SWF's 32,768-character limit
        grown = self.submit(grow, data, result_size).result  # 5 MB, read back from S3
        return {
            "result_length": len(grown),
            "checksum_ok": grown[:64] == hashlib.sha256(data.encode()).hexdigest(),
        }
