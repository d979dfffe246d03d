"""A thin boto3 helper for the conformance suite (boto3 only, never simpleflow)."""

from __future__ import annotations

import uuid
from typing import Any

import boto3
from botocore.config import Config

DECISIONS = "decisions"
ACTIVITIES = "activities"


def decision(kind: str, **attributes: Any) -> dict[str, Any]:
    key = kind[0].lower() + kind[1:] + "DecisionAttributes"
    return {"decisionType": kind, key: attributes}


def attrs(event: dict[str, Any]) -> dict[str, Any]:
    key = event["eventType"][0].lower() + event["eventType"][1:] + "EventAttributes"
    return event.get(key, {})


class Swf:
    def __init__(self, endpoint: str, domain: str) -> None:
        self.endpoint = endpoint
        self.domain = domain
        self.client = boto3.client(
            "swf",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(read_timeout=70, retries={"max_attempts": 1}),
        )
        #: A client without botocore's own checks, to send what the server must refuse.
        self.raw = boto3.client(
            "swf",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=Config(read_timeout=70, retries={"max_attempts": 1}, parameter_validation=False),
        )

    def setup(self) -> None:
        c = self.client
        c.register_domain(name=self.domain, workflowExecutionRetentionPeriodInDays="1")
        self.register_workflow("wf")
        c.register_activity_type(
            domain=self.domain,
            name="act",
            version="1",
            defaultTaskList={"name": ACTIVITIES},
            defaultTaskScheduleToStartTimeout="60",
            defaultTaskScheduleToCloseTimeout="120",
            defaultTaskStartToCloseTimeout="60",
            defaultTaskHeartbeatTimeout="60",
        )

    def register_workflow(self, name: str, version: str = "1", **overrides: Any) -> None:
        params: dict[str, Any] = {
            "defaultTaskList": {"name": DECISIONS},
            "defaultExecutionStartToCloseTimeout": "600",
            "defaultTaskStartToCloseTimeout": "60",
            "defaultChildPolicy": "TERMINATE",
        }
        params.update(overrides)
        params = {k: v for k, v in params.items() if v is not None}
        self.client.register_workflow_type(domain=self.domain, name=name, version=version, **params)

    def register_activity(self, name: str, **params: Any) -> None:
        self.client.register_activity_type(domain=self.domain, name=name, version="1", **params)

    # -- executions --------------------------------------------------------------------------

    def start(
        self, workflow_id: str | None = None, name: str = "wf", **params: Any
    ) -> dict[str, str]:
        workflow_id = workflow_id or f"wf-{uuid.uuid4().hex[:8]}"
        run = self.client.start_workflow_execution(
            domain=self.domain,
            workflowId=workflow_id,
            workflowType={"name": name, "version": "1"},
            **params,
        )
        return {"workflowId": workflow_id, "runId": run["runId"]}

    def poll(self, task_list: str = DECISIONS, **params: Any) -> dict[str, Any]:
        return self.client.poll_for_decision_task(
            domain=self.domain, taskList={"name": task_list}, identity="test-decider", **params
        )

    def decide(self, task: dict[str, Any], *decisions: dict[str, Any], **params: Any) -> None:
        self.client.respond_decision_task_completed(
            taskToken=task["taskToken"], decisions=list(decisions), **params
        )

    def poll_activity(self, task_list: str = ACTIVITIES) -> dict[str, Any]:
        return self.client.poll_for_activity_task(
            domain=self.domain, taskList={"name": task_list}, identity="test-worker"
        )

    def schedule(self, activity_id: str, **params: Any) -> dict[str, Any]:
        return decision(
            "ScheduleActivityTask",
            activityId=activity_id,
            activityType={"name": "act", "version": "1"},
            **params,
        )

    def history(self, execution: dict[str, str], **params: Any) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        token = None
        while True:
            page = self.client.get_workflow_execution_history(
                domain=self.domain,
                execution=execution,
                **params,
                **({"nextPageToken": token} if token else {}),
            )
            events += page["events"]
            token = page.get("nextPageToken")
            if not token:
                return events

    def types(self, execution: dict[str, str]) -> list[str]:
        return [event["eventType"] for event in self.history(execution)]

    def events_of(self, execution: dict[str, str], event_type: str) -> list[dict[str, Any]]:
        return [attrs(e) for e in self.history(execution) if e["eventType"] == event_type]

    def describe(self, execution: dict[str, str]) -> dict[str, Any]:
        return self.client.describe_workflow_execution(domain=self.domain, execution=execution)

    def first_task(self, **start_params: Any) -> tuple[dict[str, str], dict[str, Any]]:
        """Start an execution and poll its first decision task."""
        execution = self.start(**start_params)
        task = self.poll()
        assert task["workflowExecution"] == execution
        return execution, task
