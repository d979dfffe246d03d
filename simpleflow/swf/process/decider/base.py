"""Decision task processes: ``Decider`` (supervisor), ``DeciderPoller`` and ``DeciderWorker``."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Iterable, Mapping
from typing import Any

import swf.actors
import swf.format
from simpleflow.swf.process._gc import collector_paused
from simpleflow.swf.process._naming import with_state
from simpleflow.swf.process._poller import Poller
from simpleflow.swf.process._supervisor import Supervisor
from simpleflow.swf.process.decider import _pacing
from swf.actors import _history_cache
from swf.exceptions import PollTimeout
from swf.models import Domain
from swf.models.decision import WorkflowExecutionDecision

logger = logging.getLogger(__name__)

__all__ = ["Decider", "DeciderPoller", "DeciderWorker"]


def _workflow_name(executor: Any) -> str:
    return str(executor._workflow.name)


def _workflow_class_task_list(executor: Any) -> str | None:
    return getattr(type(executor._workflow), "task_list", None)


class Decider(Supervisor):
    """Supervisor running ``poller.start`` in ``nb_children`` processes (one per CPU by default)."""

    def __init__(self, poller: DeciderPoller, nb_children: int | None = None) -> None:
        self._poller = poller
        self._poller.is_alive = True
        super().__init__(payload=self._poller.start, nb_children=nb_children)


class DeciderPoller(Poller, swf.actors.Decider):
    """Polls decision tasks of one task list and decides them with the matching executor.

    Args:
        workflows: SWF executors (``simpleflow.swf.executor.Executor``), one per workflow
            type; the type name (class attribute ``name``) selects the executor.
        domain: the domain (``swf.models.Domain`` or name) shared by every executor.
        task_list: the decision task list; ``None`` uses the ``task_list`` attribute that
            all the workflow classes must share.
        nb_retries: attempts to send a decision.

    Raises:
        ValueError: no workflow, two workflows with the same name, executors of another
            domain, or no common task list.
    """

    def __init__(
        self,
        workflows: Iterable[Any],
        domain: Domain | str,
        task_list: str | None,
        nb_retries: int = 3,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        if isinstance(domain, str):
            domain = Domain(domain)
        executors = list(workflows)
        if not executors:
            raise ValueError("a decider needs at least one workflow")
        mapping: dict[str, Any] = {}
        for executor in executors:
            name = _workflow_name(executor)
            if name in mapping:
                raise ValueError(
                    f"two workflows are named {name!r}: a decider dispatches decision tasks "
                    "by workflow type name, give each workflow class a distinct name"
                )
            if executor.domain.name != domain.name:
                raise ValueError(
                    f"workflow {name!r} uses domain {executor.domain.name!r}, not "
                    f"{domain.name!r}: all the workflows of a decider must use its domain"
                )
            mapping[name] = executor
        if task_list is None:
            task_lists = {_workflow_class_task_list(executor) for executor in executors}
            if len(task_lists) != 1:
                raise ValueError(
                    "all workflows must have the same task list (found "
                    f"{sorted(map(repr, task_lists))}); pass an explicit task list"
                )
            task_list = task_lists.pop()
            if not task_list:
                raise ValueError(
                    f"no decision task list: set task_list on {', '.join(mapping)} or pass "
                    "an explicit task list"
                )
        self._workflows = mapping
        self._workflow_names = list(mapping)
        self.nb_retries = nb_retries
        super().__init__(domain, task_list)
        # Each decision task fetches and builds only the events new to this process.
        if _history_cache.is_enabled():
            self.history_cache = _history_cache.HistoryCache()
        self._pause_factor = _pacing.pause_factor()

    @property
    def name(self) -> str:
        return f"{type(self).__name__}(workflow={','.join(self._workflow_names)})"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.domain.name}, {self.task_list}, "
            f"{','.join(self._workflow_names)})"
        )

    def poll(self, task_list: str | None = None, identity: str | None = None, **kwargs: Any) -> Any:
        """Poll one decision task, all history pages included.

        Returns:
            ``Response(token=..., history=..., execution=...)``.

        Raises:
            PollTimeout: no task (missing or empty ``taskToken``).
        """
        # Building the new events of the history allocates as a replay does (see _gc).
        with collector_paused():
            response = swf.actors.Decider.poll(
                self, task_list=task_list, identity=identity, **kwargs
            )
        if not getattr(response, "token", None):
            raise PollTimeout("no decision task")
        return response

    def process(self, response: Any) -> None:
        """Decide one decision task and send the decisions; errors are logged."""
        execution = getattr(response, "execution", None)
        label = f"{execution.workflow_id} {execution.run_id}" if execution is not None else "?"
        started = time.process_time()
        decisions = None
        try:
            logger.info("%s: taking decision for workflow %s", self.name, label)
            with collector_paused():
                decisions = self.decide(response)
            if decisions is None:
                return
            logger.info(
                "%s: completing decision for workflow %s (%d decision(s))",
                self.name,
                label,
                len(decisions),
            )
            self._complete(response.token, decisions)
        except Exception:
            logger.exception("%s: cannot decide workflow %s", self.name, label)
            return
        # Nothing decided: let the next events gather in one decision task (see _pacing).
        pause = _pacing.idle_pause(decisions, time.process_time() - started, self._pause_factor)
        if pause:
            self._sleep_while_alive(pause)

    @with_state("deciding")
    def decide(self, response: Any) -> list[Any] | None:
        """The decisions for ``response`` (``None``: leave the task unanswered)."""
        return DeciderWorker(self._workflows).decide(response)

    @with_state("completing decision task")
    def complete(  # 0.11.9 names the first argument ``token``
        self, token: str, decisions: list[Any] | None = None, execution_context: Any = None
    ) -> None:
        """``RespondDecisionTaskCompleted`` with ``decisions`` and their execution context."""
        context = execution_context
        if context is None:
            context = getattr(decisions, "execution_context", None)
        swf.actors.Decider.complete(self, token, list(decisions or []), context)


def _workflow_type_name(response: Any) -> str | None:
    history = getattr(response, "history", None)
    try:
        workflow_type = history[0].workflow_type  # type: ignore[index]
    except (AttributeError, IndexError, KeyError, TypeError):
        workflow_type = None
    if isinstance(workflow_type, Mapping) and workflow_type.get("name"):
        return str(workflow_type["name"])
    execution = getattr(response, "execution", None)
    type_ = getattr(execution, "workflow_type", None)
    name = getattr(type_, "name", None)
    return str(name) if name else None


def fresh_executor(template: Any) -> Any:
    """A new executor like ``template``: same class, domain, workflow class, task list,
    ``repair_with`` and ``force_activities``.

    Each decision task is replayed by a fresh executor so that no workflow-instance state
    (attributes set on ``self`` by workflow code, counters) leaks from one decision to the
    next, or from one execution to another.
    """
    force = getattr(template, "force_activities", None)
    pattern = getattr(force, "pattern", force)
    try:
        return type(template)(
            template.domain,
            type(template._workflow),
            getattr(template, "task_list", None),
            repair_with=getattr(template, "repair_with", None),
            force_activities=pattern,
        )
    except TypeError:
        logger.warning(
            "cannot build a new %s for workflow %r: reusing the same executor",
            type(template).__name__,
            _workflow_name(template),
            exc_info=True,
        )
        return template


def _fail_decision(error: BaseException) -> Any:
    decision = WorkflowExecutionDecision()
    decision.fail(
        reason=swf.format.reason(f"workflow decision failed: {error}"),
        details=swf.format.details(
            "".join(traceback.format_exception(type(error), error, error.__traceback__))
        ),
    )
    return decision


class DeciderWorker:
    """Decides one decision task with the executor of its workflow type.

    Args:
        workflows: mapping workflow type name → executor (used as a template: the replay
            runs on a fresh copy).
    """

    def __init__(self, workflows: Mapping[str, Any]) -> None:
        self._workflows = workflows

    def decide(self, decision_response: Any) -> list[Any] | None:
        """Replay the history and return the decisions.

        Returns:
            The decisions; a single ``FailWorkflowExecution`` when the replay raised;
            ``None`` when the workflow type is not handled here (the decision task then
            times out and SWF gives it to another decider).
        """
        name = _workflow_type_name(decision_response)
        template = self._workflows.get(name) if name is not None else None
        if template is None and name is not None:
            template = _dynamic_executor(self._workflows, decision_response, name)
        if template is None:
            logger.error(
                "cannot decide workflow type %r: this decider handles %s; leaving the "
                "decision task to time out",
                name,
                ", ".join(repr(n) for n in self._workflows) or "nothing",
            )
            return None
        executor = fresh_executor(template)
        try:
            result = executor.replay(decision_response)
        except Exception as err:
            logger.exception("workflow %r: replay failed", name)
            return [_fail_decision(err)]
        if isinstance(result, tuple) and len(result) == 2:
            result = result[0]
        decisions = _Decisions(result if result is not None else [])
        decisions.execution_context = getattr(executor, "execution_context", None)
        return decisions


def _dynamic_executor(workflows: Mapping[str, Any], response: Any, name: str) -> Any:
    """An executor for a child class named in the input's ``__extra.class`` (features §2.9).

    Loaded only when the dotted path imports to a ``Workflow`` subclass whose ``name`` is the
    type name; cached in ``workflows`` (same domain and task list as the others).
    """
    from simpleflow.workflow import Workflow

    try:
        path = response.history[0].input["__extra"]["class"]
    except (AttributeError, IndexError, KeyError, TypeError):
        return None
    if not isinstance(path, str) or "." not in path or not workflows:
        return None
    module_name, _, class_name = path.rpartition(".")
    try:
        import importlib

        cls: Any = importlib.import_module(module_name)
        for part in class_name.split("."):
            cls = getattr(cls, part)
    except (ImportError, AttributeError):
        logger.error("cannot import workflow class %r named in the input of %r", path, name)
        return None
    if not (isinstance(cls, type) and issubclass(cls, Workflow)) or cls.name != name:
        logger.error("%r is not the workflow class of type %r", path, name)
        return None
    model = next(iter(workflows.values()))
    executor = type(model)(model.domain, cls, getattr(model, "task_list", None))
    if isinstance(workflows, dict):
        workflows[name] = executor
    logger.info("loaded workflow class %s for type %r", path, name)
    return executor


class _Decisions(list[Any]):
    """The decisions of one task, with the ``executionContext`` to send (features §3.4)."""

    execution_context: str | None = None
