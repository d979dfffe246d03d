"""The SWF replay executor (spec §16).

`Executor.replay` runs the pure replay core (`simpleflow.swf._replay`) on the history of a
decision task, then carries out the side effects the core asked for: registering an
activity type SWF did not know, and, in repair mode, starting the processes that complete
tasks with the results of the repaired execution (`run_fake_task_worker`).
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable
from typing import Any

from simpleflow.swf import _jumbo
from simpleflow.swf._replay import (
    RegisterActivityType,
    RegisterWorkflowType,
    ReplayExecutor,
    ReplayResult,
    StartFakeWorker,
)
from simpleflow.swf._replay import TaskRegistry as TaskRegistry  # public in 0.11.9

logger = logging.getLogger(__name__)

__all__ = ["Executor"]

# A fake worker is started while the decision that schedules its task is still being
# computed, so its first polls may find nothing: it keeps polling this long (seconds).
_FAKE_TASK_DEADLINE = 60.0
# Pause between two empty polls (endpoints such as moto answer at once instead of waiting).
_FAKE_TASK_POLL_INTERVAL = 0.5


class Executor(ReplayExecutor):
    """Replays a workflow on SWF: the history of a decision task in, decisions out.

    Args:
        domain: the `swf.models.Domain` of the executions.
        workflow: the `simpleflow.Workflow` subclass to replay.
        task_list: if not None, **every activity** is scheduled on this task list instead
            of its own (child workflows keep their class's task list).
        repair_with: a parsed `simpleflow.history.History` of a previous execution whose
            completed tasks are reused instead of being run again (repair mode).
        force_activities: regular expression (searched in task ids) of the tasks that run
            again in repair mode even though they completed before.

    The same workflow instance is reused for every replay; `replay` resets the per-replay
    state (`_decisions`, `_tasks`, `_open_activity_count`) first.
    """

    def replay(self, decision_response: Any) -> tuple[list[Any], dict[str, Any]]:
        """Replay the workflow against `decision_response.history`.

        Args:
            decision_response: an object with a `history` attribute (the complete `swf`
                history of the execution), such as `swf.responses.Response`.

        Returns:
            `(decisions, context)`: the decisions to send to SWF and the execution context,
            `{"waiting_signals": [...]}` while `wait_signal` futures are pending, else
            `{}`. The JSON text to send as `executionContext` is left in
            `self.execution_context` (`''` clears a previous one, None sends none). An
            exception from the workflow (or a malformed history or input) becomes a
            `FailWorkflowExecution` decision; it is not raised.
        """
        # The edge of the pure core: jumbo fields are fetched from S3 here (features §11).
        _jumbo.prepare_history(decision_response)
        outcome: ReplayResult = self._replay_history(decision_response)
        for effect in outcome.effects:
            if isinstance(effect, RegisterActivityType):
                self._register_activity_type(effect)
            elif isinstance(effect, RegisterWorkflowType):
                self._register_workflow_type(effect)
            else:
                self._start_fake_worker(effect)
        context: dict[str, Any] = {}
        if self._waiting_signals:
            context = {"waiting_signals": sorted(self._waiting_signals)}
        return outcome.decisions, context

    def run(self, decision_response: Any) -> tuple[list[Any], dict[str, Any]]:
        """Alias of `replay`."""
        return self.replay(decision_response)

    def _register_activity_type(self, effect: RegisterActivityType) -> None:
        import swf.models

        activity_type = swf.models.ActivityType(
            self.domain,
            effect.name,
            version=effect.version,
            task_list=effect.task_list,
            task_heartbeat_timeout=effect.heartbeat_timeout,
            task_schedule_to_close_timeout=effect.schedule_to_close_timeout,
            task_schedule_to_start_timeout=effect.schedule_to_start_timeout,
            task_start_to_close_timeout=effect.start_to_close_timeout,
        )
        # The task is scheduled again anyway; the next schedule failure retries this.
        self._register_type("activity", activity_type, effect.name, effect.version)

    def _register_workflow_type(self, effect: RegisterWorkflowType) -> None:
        import swf.models

        workflow_type = swf.models.WorkflowType(
            self.domain,
            effect.name,
            version=effect.version,
            task_list=effect.task_list,
            child_policy=effect.child_policy,
            execution_timeout=effect.execution_timeout,
            decision_tasks_timeout=effect.decision_tasks_timeout,
        )
        # The child is started again anyway; the next start failure retries this.
        self._register_type("workflow", workflow_type, effect.name, effect.version)

    def _register_type(self, kind: str, model: Any, name: str, version: str | None) -> None:
        """Save an activity or workflow type; an existing one is fine, errors are logged."""
        import swf.exceptions

        logger.info("creating %s type %s in domain %s", kind, name, self.domain.name)
        try:
            model.save()
        except swf.exceptions.AlreadyExistsError:
            logger.info("%s type %s in domain %s already exists", kind, name, self.domain.name)
        except (swf.exceptions.SWFError, swf.exceptions.SWFResponseError):
            logger.exception(
                "cannot register %s type %s (version %s) in domain %s",
                kind,
                name,
                version,
                self.domain.name,
            )

    def _start_fake_worker(self, effect: StartFakeWorker) -> None:
        # Looked up at call time so that callers can patch the module attribute.
        run_fake_task_worker(self.domain.name, effect.task_list, effect.former_event)


# --- repair-mode fake workers (run in their own processes) ------------------------------


def _connection() -> Any:
    # Created in the calling process: a client must never cross a fork.
    from swf.core import ConnectedSWFObject

    return ConnectedSWFObject().connection


def _identity() -> str:
    from simpleflow.swf.process.actor import swf_identity

    identity: str = swf_identity()
    return identity


def _poll_until_task(poll: Callable[[], dict[str, Any]], what: str) -> str | None:
    """Poll until a task comes (its token) or the deadline passes (None)."""
    deadline = time.monotonic() + _FAKE_TASK_DEADLINE
    while True:
        response = poll() or {}
        # An empty poll has no taskToken (local endpoints) or an empty one (SWF).
        token = response.get("taskToken")
        if token:
            return str(token)
        if time.monotonic() >= deadline:
            logger.error("no %s after %.0f seconds: nothing to complete", what, _FAKE_TASK_DEADLINE)
            return None
        time.sleep(_FAKE_TASK_POLL_INTERVAL)


def run_fake_activity_task(domain: str, task_list: str, result: str | None) -> None:
    """Complete the next activity task of `task_list` with `result` (repair mode).

    Args:
        domain: domain name.
        task_list: the `FAKE-...` task list the task is scheduled on.
        result: the raw JSON result of the task in the repaired execution.
    """
    connection = _connection()
    identity = _identity()
    token = _poll_until_task(
        lambda: connection.poll_for_activity_task(domain, task_list, identity=identity),
        f"activity task on task list {task_list} in domain {domain}",
    )
    if token is None:
        return
    connection.respond_activity_task_completed(token, result=result)
    logger.info("completed fake activity task on task list %s in domain %s", task_list, domain)


def run_fake_child_workflow_task(domain: str, task_list: str, result: str | None = None) -> None:
    """Complete the next child workflow execution of `task_list` with `result` (repair mode).

    Polls one decision task on `task_list` and answers it with a single
    `CompleteWorkflowExecution` decision. (0.11.9 called an SWF API that does not exist.)

    Args:
        domain: domain name.
        task_list: the `FAKE-...` decision task list the child is started on.
        result: the raw JSON result of the child in the repaired execution.
    """
    from swf.models.decision import WorkflowExecutionDecision

    connection = _connection()
    identity = _identity()
    token = _poll_until_task(
        lambda: connection.poll_for_decision_task(domain, task_list, identity=identity),
        f"decision task on task list {task_list} in domain {domain}",
    )
    if token is None:
        return
    decision = WorkflowExecutionDecision()
    decision.complete(result=result)
    connection.respond_decision_task_completed(token, decisions=[decision])
    logger.info("completed fake child workflow on task list %s in domain %s", task_list, domain)


def _process_context() -> Any:
    # The fake worker only needs picklable arguments, but the decider is a forking program:
    # keep fork where the platform has it.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def run_fake_task_worker(
    domain: str, task_list: str, former_event: dict[str, Any]
) -> multiprocessing.process.BaseProcess:
    """Start a process that completes a repaired task with its former result.

    Args:
        domain: domain name.
        task_list: the `FAKE-...` task list the task is scheduled on.
        former_event: the completed activity or child-workflow entry of the repaired
            execution (`simpleflow.history.History` dict).

    Returns:
        The started process.

    Raises:
        ValueError: `former_event` is neither an activity nor a child workflow.
    """
    kind = former_event.get("type")
    target: Callable[..., None]
    if kind == "activity":
        target = run_fake_activity_task
    elif kind == "child_workflow":
        target = run_fake_child_workflow_task
    else:
        raise ValueError(
            f"cannot fake a task of type {kind!r}: expected 'activity' or 'child_workflow'"
        )
    process = _process_context().Process(
        target=target,
        args=(domain, task_list, former_event.get("result")),
        name=f"fake-{kind}-{task_list}",
    )
    process.start()
    logger.info("started fake %s worker (pid %s) on task list %s", kind, process.pid, task_list)
    return process
