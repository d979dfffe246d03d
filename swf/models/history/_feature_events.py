"""Builder helpers for the events of signals, markers, timers, cancellation, external
executions and continue-as-new (features §20), mixed into `swf.models.history.builder.History`.

Each helper appends the events SWF records (attribute names from features Part B §15–§17),
so that replay tests read like the spec's tables.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["FeatureEvents"]


class FeatureEvents:
    """Mixin of `builder.History`: needs `_append`, `_event`, `last_id` and `events`."""

    # Provided by builder.History.
    def _append(self, event_type: str, attributes: dict[str, Any], timestamp: Any = None) -> Any:
        raise NotImplementedError  # pragma: no cover

    def _event(self, event_id: int) -> Any:
        raise NotImplementedError  # pragma: no cover

    @property
    def last_id(self) -> int:
        raise NotImplementedError  # pragma: no cover

    # --- this execution ------------------------------------------------------------------

    def add_cancel_requested(
        self,
        cause: str | None = None,
        external_workflow_id: str | None = None,
        external_run_id: str | None = None,
        external_initiated_event_id: int | None = None,
    ) -> Any:
        """Append ``WorkflowExecutionCancelRequested`` (from the API when no external id)."""
        attributes: dict[str, Any] = {}
        if cause is not None:
            attributes["cause"] = cause
        if external_workflow_id is not None:
            attributes["externalWorkflowExecution"] = {
                "workflowId": external_workflow_id,
                "runId": external_run_id,
            }
            attributes["externalInitiatedEventId"] = external_initiated_event_id or 0
        return self._append("WorkflowExecutionCancelRequested", attributes)

    def add_cancel_failed(self, decision_id: int, cause: str = "UNHANDLED_DECISION") -> Any:
        """Append ``CancelWorkflowExecutionFailed``."""
        return self._append(
            "CancelWorkflowExecutionFailed",
            {"cause": cause, "decisionTaskCompletedEventId": decision_id},
        )

    def add_continued_as_new(
        self,
        decision_id: int,
        new_run_id: str = "new-run",
        input: Any = None,
        task_list: str | None = None,
        tag_list: list[str] | None = None,
    ) -> Any:
        """Append ``WorkflowExecutionContinuedAsNew`` (closes this run)."""
        workflow = self._event(1)
        return self._append(
            "WorkflowExecutionContinuedAsNew",
            {
                "decisionTaskCompletedEventId": decision_id,
                "newExecutionRunId": new_run_id,
                "input": json.dumps(input if input is not None else {}),
                "taskList": {"name": task_list or (workflow.task_list or {}).get("name")},
                "tagList": tag_list,
                "childPolicy": "TERMINATE",
                "workflowType": workflow.workflow_type,
            },
        )

    def add_continue_as_new_failed(
        self, decision_id: int, cause: str = "UNHANDLED_DECISION"
    ) -> Any:
        """Append ``ContinueAsNewWorkflowExecutionFailed``."""
        return self._append(
            "ContinueAsNewWorkflowExecutionFailed",
            {"cause": cause, "decisionTaskCompletedEventId": decision_id},
        )

    # --- markers -------------------------------------------------------------------------

    def add_marker(self, name: str, details: Any = None, decision_id: int = 0) -> Any:
        """Append ``MarkerRecorded``; ``details`` is JSON-encoded (None: omitted)."""
        attributes: dict[str, Any] = {
            "markerName": name,
            "decisionTaskCompletedEventId": decision_id,
        }
        if details is not None:
            attributes["details"] = json.dumps(details)
        return self._append("MarkerRecorded", attributes)

    def add_marker_failed(
        self, name: str, cause: str = "OPERATION_NOT_PERMITTED", decision_id: int = 0
    ) -> Any:
        """Append ``RecordMarkerFailed``."""
        return self._append(
            "RecordMarkerFailed",
            {"markerName": name, "cause": cause, "decisionTaskCompletedEventId": decision_id},
        )

    # --- timers --------------------------------------------------------------------------

    def add_timer_started(
        self, timer_id: str, timeout: Any, control: Any = None, decision_id: int = 0
    ) -> Any:
        """Append ``TimerStarted``; ``control`` is JSON-encoded (None: omitted)."""
        attributes: dict[str, Any] = {
            "timerId": timer_id,
            "startToFireTimeout": str(timeout),
            "decisionTaskCompletedEventId": decision_id,
        }
        if control is not None:
            attributes["control"] = json.dumps(control)
        return self._append("TimerStarted", attributes)

    def _timer_started_id(self, timer_id: str) -> int:
        for event in reversed(self.events):  # type: ignore[attr-defined]
            if event.type == "Timer" and event.state == "started" and event.timer_id == timer_id:
                return int(event.id)
        return 0

    def add_timer_fired(self, timer_id: str, started_id: int | None = None) -> Any:
        """Append ``TimerFired`` (``started_id``: the latest ``TimerStarted`` of the id)."""
        return self._append(
            "TimerFired",
            {"timerId": timer_id, "startedEventId": started_id or self._timer_started_id(timer_id)},
        )

    def add_timer_canceled(self, timer_id: str, decision_id: int = 0) -> Any:
        """Append ``TimerCanceled``."""
        return self._append(
            "TimerCanceled",
            {
                "timerId": timer_id,
                "startedEventId": self._timer_started_id(timer_id),
                "decisionTaskCompletedEventId": decision_id,
            },
        )

    def add_timer_start_failed(
        self, timer_id: str, cause: str = "TIMER_ID_ALREADY_IN_USE", decision_id: int = 0
    ) -> Any:
        """Append ``StartTimerFailed``."""
        return self._append(
            "StartTimerFailed",
            {"timerId": timer_id, "cause": cause, "decisionTaskCompletedEventId": decision_id},
        )

    def add_timer_cancel_failed(
        self, timer_id: str, cause: str = "TIMER_ID_UNKNOWN", decision_id: int = 0
    ) -> Any:
        """Append ``CancelTimerFailed``."""
        return self._append(
            "CancelTimerFailed",
            {"timerId": timer_id, "cause": cause, "decisionTaskCompletedEventId": decision_id},
        )

    # --- signals -------------------------------------------------------------------------

    def add_external_signal(
        self,
        signal_name: str,
        workflow_id: str,
        run_id: str | None = None,
        input: Any = None,
        last_state: str = "execution_signaled",
        decision_id: int = 0,
        cause: str = "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
        signaled_run_id: str = "target-run",
    ) -> Any:
        """Append a signal sent by this execution up to ``last_state``.

        ``last_state``: ``'signal_execution_initiated'``, ``'execution_signaled'`` (the
        target's run id is ``run_id`` or ``signaled_run_id``) or
        ``'signal_execution_failed'`` (with ``cause``).

        Raises:
            ValueError: unknown ``last_state``; the initiated event is appended already.
        """
        attributes: dict[str, Any] = {
            "signalName": signal_name,
            "workflowId": workflow_id,
            "decisionTaskCompletedEventId": decision_id,
        }
        if run_id is not None:
            attributes["runId"] = run_id
        if input is not None:
            attributes["input"] = json.dumps(input)
        self._append("SignalExternalWorkflowExecutionInitiated", attributes)
        initiated_id = self.last_id
        if last_state == "signal_execution_initiated":
            return self
        if last_state == "execution_signaled":
            return self._append(
                "ExternalWorkflowExecutionSignaled",
                {
                    "initiatedEventId": initiated_id,
                    "workflowExecution": {
                        "workflowId": workflow_id,
                        "runId": run_id or signaled_run_id,
                    },
                },
            )
        if last_state == "signal_execution_failed":
            failed: dict[str, Any] = {
                "initiatedEventId": initiated_id,
                "workflowId": workflow_id,
                "cause": cause,
                "decisionTaskCompletedEventId": decision_id,
            }
            if run_id is not None:
                failed["runId"] = run_id
            return self._append("SignalExternalWorkflowExecutionFailed", failed)
        raise ValueError(
            f"unknown external signal state {last_state!r}: use 'signal_execution_initiated', "
            "'execution_signaled' or 'signal_execution_failed'"
        )

    # --- cancellation requests sent by this execution -------------------------------------

    def add_external_cancel(
        self,
        workflow_id: str,
        run_id: str | None = None,
        last_state: str = "execution_cancel_requested",
        decision_id: int = 0,
        cause: str = "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
        canceled_run_id: str = "target-run",
    ) -> Any:
        """Append a ``RequestCancelExternalWorkflowExecution`` outcome up to ``last_state``.

        ``last_state``: ``'request_cancel_execution_initiated'``,
        ``'execution_cancel_requested'`` or ``'request_cancel_execution_failed'``.

        Raises:
            ValueError: unknown ``last_state``; the initiated event is appended already.
        """
        attributes: dict[str, Any] = {
            "workflowId": workflow_id,
            "decisionTaskCompletedEventId": decision_id,
        }
        if run_id is not None:
            attributes["runId"] = run_id
        self._append("RequestCancelExternalWorkflowExecutionInitiated", attributes)
        initiated_id = self.last_id
        if last_state == "request_cancel_execution_initiated":
            return self
        if last_state == "execution_cancel_requested":
            return self._append(
                "ExternalWorkflowExecutionCancelRequested",
                {
                    "initiatedEventId": initiated_id,
                    "workflowExecution": {
                        "workflowId": workflow_id,
                        "runId": run_id or canceled_run_id,
                    },
                },
            )
        if last_state == "request_cancel_execution_failed":
            failed: dict[str, Any] = {
                "initiatedEventId": initiated_id,
                "workflowId": workflow_id,
                "cause": cause,
                "decisionTaskCompletedEventId": decision_id,
            }
            if run_id is not None:
                failed["runId"] = run_id
            return self._append("RequestCancelExternalWorkflowExecutionFailed", failed)
        raise ValueError(
            f"unknown external cancel state {last_state!r}: use "
            "'request_cancel_execution_initiated', 'execution_cancel_requested' or "
            "'request_cancel_execution_failed'"
        )

    # --- activity cancellation -----------------------------------------------------------

    def add_activity_cancel_requested(self, activity_id: str, decision_id: int = 0) -> Any:
        """Append ``ActivityTaskCancelRequested``."""
        return self._append(
            "ActivityTaskCancelRequested",
            {"activityId": activity_id, "decisionTaskCompletedEventId": decision_id},
        )

    def add_activity_request_cancel_failed(
        self, activity_id: str, cause: str = "ACTIVITY_ID_UNKNOWN", decision_id: int = 0
    ) -> Any:
        """Append ``RequestCancelActivityTaskFailed``."""
        return self._append(
            "RequestCancelActivityTaskFailed",
            {
                "activityId": activity_id,
                "cause": cause,
                "decisionTaskCompletedEventId": decision_id,
            },
        )

    def add_activity_canceled(
        self,
        scheduled: int,
        started: int | None = None,
        details: Any = None,
        latest_cancel_requested: int | None = None,
    ) -> Any:
        """Append ``ActivityTaskCanceled`` (``started`` 0: canceled before it started)."""
        attributes: dict[str, Any] = {
            "scheduledEventId": scheduled,
            "startedEventId": started or 0,
        }
        if details is not None:
            attributes["details"] = details
        if latest_cancel_requested is not None:
            attributes["latestCancelRequestedEventId"] = latest_cancel_requested
        return self._append("ActivityTaskCanceled", attributes)
