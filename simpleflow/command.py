"""The ``simpleflow`` command line (0.11.9-compatible facade).

The click group and the shared helpers live in ``simpleflow._cli.base``; each command
lives in a module of ``simpleflow._cli`` that registers itself on the group when imported.
"""

from __future__ import annotations

import importlib
import pkgutil

from simpleflow._cli.base import (
    cli,
    disable_boto_connection_pooling,
    get_input,
    get_or_load_input,
    get_task_list,
    get_workflow,
    get_workflow_type,
    load_input,
    transform_input,
    with_format,
)
from simpleflow._cli.start import start_workflow


def _register_commands() -> None:
    """Import every public module of ``simpleflow._cli`` so its commands register."""
    import simpleflow._cli as package

    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not module.name.startswith("_") and module.name != "base":
            importlib.import_module(f"{package.__name__}.{module.name}")


_register_commands()

# 0.11.9 defined every command in this module: its click commands keep their names here.
from simpleflow._cli.inspect import (  # noqa: E402 - after the registration, on purpose
    filter_workflows,
    info,
    list_workflows,
    profile,
    status,
    task_info,
)
from simpleflow._cli.processes import start_decider, start_worker  # noqa: E402
from simpleflow._cli.standalone import standalone  # noqa: E402
from simpleflow._cli.swf_commands import restart_workflow, terminate_workflow  # noqa: E402


def main() -> None:
    """Entry point of ``python -m simpleflow``."""
    cli(prog_name="simpleflow")


__all__ = [
    "cli",
    "disable_boto_connection_pooling",
    "filter_workflows",
    "get_input",
    "get_or_load_input",
    "get_task_list",
    "get_workflow",
    "get_workflow_type",
    "info",
    "list_workflows",
    "load_input",
    "main",
    "profile",
    "restart_workflow",
    "standalone",
    "start_decider",
    "start_worker",
    "start_workflow",
    "status",
    "task_info",
    "terminate_workflow",
    "transform_input",
    "with_format",
]
