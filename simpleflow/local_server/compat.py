"""The registry of moto extensions: each a named, documented departure from moto 5.2.

Every extension says what moto does, what real SWF does (features.md Part B) and what we
change — in the docstring of its module (listed in :data:`EXTENSIONS`). They are installed
once, idempotently, by :func:`install_extensions`; before touching anything each checks the
moto internals it relies on, and the whole install fails with one :class:`LocalServerError`
if moto is outside the proven range or an internal is missing.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._moto import LocalServerError, check_moto_version


@dataclass(frozen=True)
class Extension:
    """One departure from moto: its name, its module (the documentation), what it needs."""

    name: str
    module: str
    #: ``(dotted object path, attribute)`` pairs that must exist in moto.
    requires: tuple[tuple[str, str], ...]
    install: Callable[[], None] = field(compare=False)

    @property
    def doc(self) -> str:
        module = importlib.import_module(f"simpleflow.local_server.{self.module}")
        return (module.__doc__ or "").strip()


_lock = threading.Lock()
_installed: set[str] = set()

_RESPONSE = "moto.swf.responses.SWFResponse"
_DISPATCH = (
    ("moto.core.responses", "method_names_from_class"),
    ("moto.core.responses.BaseResponse", "call_action"),
    (_RESPONSE, "swf_backend"),
    (_RESPONSE, "dispatch"),
)
_REGISTRY = (
    ("moto.swf.models.SWFBackend", "_get_domain"),
    ("moto.swf.models.domain.Domain", "get_type"),
    ("moto.swf.models.generic_type.GenericType", "to_full_dict"),
    ("moto.swf.exceptions", "SWFClientError"),
)


def _resolve(path: str) -> Any:
    """The object at a dotted ``module.Class.attribute`` path."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(path)


def missing_internals(extension: Extension) -> list[str]:
    """The ``path.attribute`` names ``extension`` needs that moto does not have."""
    missing = []
    for path, attribute in extension.requires:
        try:
            owner = _resolve(path)
        except (ImportError, AttributeError):
            missing.append(path)
            continue
        if not hasattr(owner, attribute):
            missing.append(f"{path}.{attribute}")
    return missing


def _route_installer(route_set_name: str) -> Callable[[], None]:
    def install() -> None:
        from moto.swf.responses import SWFResponse

        from .routes import ROUTE_SETS, make_handler

        (route_set,) = [r for r in ROUTE_SETS if r.name == route_set_name]
        for action, run in route_set.actions.items():
            current = SWFResponse.__dict__.get(action)
            if getattr(current, "_simpleflow_engine_route", False):
                continue
            setattr(SWFResponse, action, make_handler(action, run, current))

    return install


def _install_activity_id_reuse() -> None:
    from .activity_id import apply_activity_id_fix

    apply_activity_id_fix()


def _build() -> tuple[Extension, ...]:
    from .routes import ROUTE_SETS

    extensions = [
        Extension(
            "activity-id-reuse",
            "activity_id",
            (
                ("moto.swf.models.workflow_execution.WorkflowExecution", "activity_tasks"),
                ("moto.swf.models.workflow_execution.WorkflowExecution", "schedule_activity_task"),
                ("moto.swf.models.activity_task.ActivityTask", "open"),
            ),
            _install_activity_id_reuse,
        ),
        Extension("clock", "clock", (), lambda: None),
        Extension("timers", "timers", (), lambda: None),
        Extension("timeouts", "timeouts", (), lambda: None),
        Extension("children", "children", (), lambda: None),
        Extension("continue-as-new", "continue_as_new", (), lambda: None),
        Extension("polling", "polling", (), lambda: None),
        Extension("limits", "limits", (), lambda: None),
    ]
    for route_set in ROUTE_SETS:
        extensions.append(
            Extension(
                route_set.name,
                route_set.module,
                _DISPATCH + _REGISTRY,
                _route_installer(route_set.name),
            )
        )
    return tuple(extensions)


EXTENSIONS: tuple[Extension, ...] = ()


def extensions() -> tuple[Extension, ...]:
    global EXTENSIONS
    if not EXTENSIONS:
        EXTENSIONS = _build()
    return EXTENSIONS


def install_extensions(version: str | None = None) -> None:
    """Check moto, then install every extension once (idempotent, thread-safe).

    Raises:
        LocalServerError: moto is missing, outside the proven range, or lacks an internal
            an extension needs.
    """
    check_moto_version(version)
    with _lock:
        pending = [ext for ext in extensions() if ext.name not in _installed]
        problems = [
            f"{ext.name} needs {', '.join(missing)}"
            for ext in pending
            if (missing := missing_internals(ext))
        ]
        if problems:
            raise LocalServerError(
                "moto's SWF internals changed, the local engine cannot apply its extensions ("
                + "; ".join(problems)
                + "): pin moto to a version simpleflow supports"
            )
        for ext in pending:
            ext.install()
            _installed.add(ext.name)


def apply_moto_compat_fixes() -> None:
    """Install the local engine's moto extensions (idempotent); see :func:`install_extensions`."""
    install_extensions()
