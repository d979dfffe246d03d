"""Benchmark: the round trip of a large result through S3 on the local engine (features §11).

Measured, each as the median of ``--repeat`` runs:

* ``jumbo``: a 1 MiB result string (as the worker sends it) stored on the local engine's
  S3 by ``simpleflow.format.result`` and read back by ``simpleflow.format.decode`` with an
  empty memory cache (as a decider in the next decision task does), in ms per MiB;
* ``inline``: the same work for a value that fits SWF's field (30,000 characters, no S3):
  JSON encoding, the limit check, and decoding, in ms per MiB;
* ``resolve``: the decoding pass the decider runs before each replay
  (``simpleflow.format.resolve_events``) on a history of 5,000 completed activities
  without any reference, in ms, beside ``json.loads`` of the same events.

Usage::

    python bench/jumbo.py
    python bench/jumbo.py --repeat 20 --size-mib 4
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MIB = 1024 * 1024


def _median_ms(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--size-mib", type=float, default=1.0)
    args = parser.parse_args()

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    from simpleflow import format, storage
    from simpleflow.local_server import LocalSWFServer
    from simpleflow.local_server.s3 import create_bucket

    server = LocalSWFServer(port=0).start()
    try:
        create_bucket(server.endpoint_url, "bench-jumbo")
        os.environ["AWS_ENDPOINT_URL_S3"] = server.endpoint_url
        os.environ["SIMPLEFLOW_JUMBO_FIELDS_BUCKET"] = "bench-jumbo"

        size = int(args.size_mib * MIB)
        big = "x" * (size - 2)  # its JSON is `size` characters

        def jumbo_round_trip() -> None:
            reference = format.result(big)
            storage.clear_memory_cache()
            assert len(format.decode(reference)) == size - 2

        jumbo_round_trip()  # the client and the bucket region are created once per process
        jumbo = _median_ms(jumbo_round_trip, args.repeat) / (size / MIB)

        small = "y" * 29_998

        def inline_round_trip() -> None:
            text = format.result(small)
            assert len(format.decode(text)) == 29_998

        count = max(1, MIB // 30_000)
        inline = _median_ms(lambda: [inline_round_trip() for _ in range(count)], args.repeat)
        inline_per_mib = inline / (count * 30_000 / MIB)
    finally:
        server.stop()

    from swf.models.history.base import History as SwfHistory
    from swf.models.history.builder import History as Builder
    from tests.simpleflow.swf._workflows import ChainWorkflow, increment

    builder = Builder(ChainWorkflow, input={"args": [1], "kwargs": {}})
    for i in range(5_000):
        builder.add_activity_task(
            increment, decision_id=4, activity_id=f"a-{i}", input={"args": [i]}, result=i
        )
    body = json.dumps([event.raw for event in builder.events])
    events = SwfHistory.from_event_list(json.loads(body)).events
    resolve = _median_ms(lambda: format.resolve_events(events), args.repeat)
    loads = _median_ms(lambda: json.loads(body), args.repeat)

    print(f"jumbo   {size / MIB:.1f} MiB result through S3 (store + read): {jumbo:8.1f} ms/MiB")
    print(
        f"inline  30,000-char results, no S3 (encode + decode):      {inline_per_mib:8.1f} ms/MiB"
    )
    print(f"resolve 5,000-activity history, no reference:             {resolve:8.2f} ms")
    print(f"        json.loads of the same events:                    {loads:8.2f} ms")


if __name__ == "__main__":
    main()
