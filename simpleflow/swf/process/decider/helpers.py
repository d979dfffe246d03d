"""Building deciders from workflow class paths."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from simpleflow.swf.process.decider.base import Decider, DeciderPoller
from swf.models import Domain

__all__ = ["load_workflow", "make_decider", "make_decider_poller"]


def _ensure_cwd_importable() -> None:
    # ``simpleflow decider.start examples.basic.BasicWorkflow`` must work from a project
    # root without installing the project, as ``python -m`` would.
    cwd = os.getcwd()
    if cwd not in sys.path and "" not in sys.path:
        sys.path.insert(0, cwd)


def load_workflow_class(workflow_path: str) -> type[Any]:
    """Import ``package.module.ClassName`` and return the class.

    Importing the module registers the activities it defines.

    Raises:
        ValueError: the path has no dot, the module cannot be imported, or it has no such
            attribute.
    """
    module_name, _, attribute = workflow_path.rpartition(".")
    if not module_name or not attribute:
        raise ValueError(
            f"cannot load workflow {workflow_path!r}: expected a dotted path such as "
            "'package.module.ClassName'"
        )
    _ensure_cwd_importable()
    try:
        module = importlib.import_module(module_name)
    except ImportError as err:
        raise ValueError(f"cannot load workflow {workflow_path!r}: {err}") from err
    try:
        workflow: type[Any] = getattr(module, attribute)
    except AttributeError as err:
        raise ValueError(f"cannot load workflow {workflow_path!r}: {err}") from err
    return workflow


def load_workflow(
    domain: Domain | str,
    workflow_path: str,
    task_list: str | None = None,
    repair_with: Any = None,
    force_activities: str | None = None,
) -> Any:
    """An SWF executor for the workflow class at ``workflow_path``.

    Args:
        domain: a domain name or ``swf.models.Domain``.
        workflow_path: ``package.module.ClassName``.
        task_list: when set, every activity is scheduled on this task list.
        repair_with: parsed ``simpleflow.history.History`` of an execution to repair.
        force_activities: regex of task ids to re-execute in repair mode.

    Returns:
        ``simpleflow.swf.executor.Executor(Domain(domain), cls, task_list, ...)``.
    """
    from simpleflow.swf.executor import Executor

    workflow = load_workflow_class(workflow_path)
    if not isinstance(domain, Domain):
        domain = Domain(domain)
    return Executor(
        domain,
        workflow,
        task_list,
        repair_with=repair_with,
        force_activities=force_activities,
    )


def make_decider_poller(
    workflows: Sequence[str],
    domain: Domain | str,
    task_list: str | None,
    repair_with: Any = None,
    force_activities: str | None = None,
    is_standalone: bool = False,
) -> DeciderPoller:
    """A ``DeciderPoller`` for the workflow class paths ``workflows``.

    Activities are scheduled on the decider's task list only when ``is_standalone`` is
    true (the standalone worker polls that private list); otherwise each activity goes to
    its own ``task_list``.

    Raises:
        ValueError: ``repair_with`` with more than one workflow, or see ``DeciderPoller``.
    """
    if repair_with is not None and len(workflows) > 1:
        raise ValueError("only one workflow can be repaired at a time")
    domain_name = domain.name if isinstance(domain, Domain) else domain
    activity_task_list = task_list if is_standalone else None
    executors = [
        load_workflow(
            domain_name,
            path,
            activity_task_list,
            repair_with=repair_with,
            force_activities=force_activities,
        )
        for path in workflows
    ]
    return DeciderPoller(executors, Domain(domain_name), task_list)


def make_decider(
    workflows: Sequence[str],
    domain: Domain | str,
    task_list: str | None,
    nb_children: int | None = None,
    repair_with: Any = None,
    force_activities: str | None = None,
    is_standalone: bool = False,
) -> Decider:
    """A ``Decider`` supervisor running ``nb_children`` pollers for ``workflows``."""
    poller = make_decider_poller(
        workflows,
        domain,
        task_list,
        repair_with=repair_with,
        force_activities=force_activities,
        is_standalone=is_standalone,
    )
    return Decider(poller, nb_children)
