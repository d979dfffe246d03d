"""Record real histories of behaviour cases on moto's SWF server (tests/data/histories).

Run ``python -m tests.simpleflow.swf._record_history`` from the repository root to
(re)generate the JSON files replayed by ``test_recorded_histories.py``. The decisions are
made by the SWF executor and the activities run in this process, through the same SWF API
calls a decider and a worker make (activity types are registered by the executor after
``ACTIVITY_TYPE_DOES_NOT_EXIST``, as in production).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import traceback
import uuid
from pathlib import Path
from typing import Any

HISTORIES = Path(__file__).resolve().parents[2] / "data" / "histories"
RECORDED_CASES = ["futures-as-arguments", "nested-groups", "failure-quiet", "retry-success"]


def _events(connection: Any, domain: str, workflow_id: str, run_id: str) -> list[Any]:
    events: list[Any] = []
    token = None
    while True:
        page = connection.get_workflow_execution_history(
            domain, run_id, workflow_id, next_page_token=token
        )
        events.extend(page["events"])
        token = page.get("nextPageToken")
        if not token:
            return events


def record(case: Any, directory: Path, deadline: float = 60.0) -> dict[str, Any]:
    from simpleflow.activity import Activity
    from simpleflow.registry import registry
    from simpleflow.swf.executor import Executor
    from simpleflow.task import ActivityTask
    from swf.core import ConnectedSWFObject
    from swf.models import Domain
    from swf.models.history.base import History
    from swf.responses import Response
    from tests.data import activities

    connection = ConnectedSWFObject().connection
    domain = f"record-{uuid.uuid4().hex[:8]}"
    connection.register_domain(domain, "1")
    workflow = case.workflow
    connection.register_workflow_type(
        domain,
        workflow.name,
        workflow.version,
        task_list=workflow.task_list,
        default_child_policy="TERMINATE",
        default_execution_start_to_close_timeout="600",
        default_task_start_to_close_timeout="60",
    )
    workflow_id = f"record-{case.id}"
    run_id = connection.start_workflow_execution(
        domain,
        workflow_id,
        workflow.name,
        workflow.version,
        task_list=workflow.task_list,
        input=json.dumps(case.materialize(directory)),
    )["runId"]
    executor = Executor(Domain(domain), workflow)
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        task = connection.poll_for_decision_task(domain, workflow.task_list, identity="recorder")
        if task.get("taskToken"):
            history = History.from_event_list(_events(connection, domain, workflow_id, run_id))
            decisions, _ = executor.replay(Response(history=history))
            connection.respond_decision_task_completed(task["taskToken"], decisions=decisions)
        work = connection.poll_for_activity_task(domain, activities.TASK_LIST, identity="w")
        if work.get("taskToken"):
            activity: Activity = registry[None][work["activityType"]["name"]]
            task_input = json.loads(work.get("input") or "{}")
            try:
                args, kwargs = task_input.get("args", []), task_input.get("kwargs", {})
                result = ActivityTask(activity, *args, **kwargs).execute()
            except Exception as err:
                connection.respond_activity_task_failed(
                    work["taskToken"], details=traceback.format_exc(), reason=str(err)
                )
            else:
                connection.respond_activity_task_completed(
                    work["taskToken"], result=json.dumps(result)
                )
        info = connection.describe_workflow_execution(domain, run_id, workflow_id)
        if info["executionInfo"]["executionStatus"] == "CLOSED":
            break
    else:
        raise RuntimeError(f"case {case.id} did not close in {deadline} seconds")
    # Keep the files free of local paths and tracebacks.
    text = json.dumps(_events(connection, domain, workflow_id, run_id))
    events = json.loads(text.replace(str(directory), "/tmp/recorded"))
    for event in events:
        event.get("activityTaskFailedEventAttributes", {}).pop("details", None)
    return {
        "case": case.id,
        "workflow": f"{workflow.__module__}.{workflow.__qualname__}",
        "events": events,
    }


def main() -> None:
    from simpleflow.local_server import LocalSWFServer
    from tests.data.behaviour import CASES

    HISTORIES.mkdir(parents=True, exist_ok=True)
    server = LocalSWFServer(host="127.0.0.1", port=0)
    server.start()
    try:
        os.environ["AWS_ENDPOINT_URL_SWF"] = server.endpoint_url
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
        os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
        for case in CASES:
            if case.id not in RECORDED_CASES:
                continue
            with tempfile.TemporaryDirectory() as directory:
                recorded = record(case, Path(directory))
            path = HISTORIES / f"{case.id}.json"
            path.write_text(json.dumps(recorded, indent=1) + "\n", encoding="utf-8")
            print(f"wrote {path} ({len(recorded['events'])} events)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
