"""Setting definitions and the loader (env > settings module > built-in default).

Each upper-case module attribute below is a *definition*: its value is the type used to
coerce the final setting value.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Mapping
from types import ModuleType
from typing import Any

WORKFLOW_DEFAULT_TASK_LIST = str
WORKFLOW_DEFAULT_VERSION = str
WORKFLOW_DEFAULT_EXECUTION_TIME = str
WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT = str

ACTIVITY_DEFAULT_TASK_LIST = str
ACTIVITY_DEFAULT_VERSION = str
ACTIVITY_DEFAULT_TIMEOUT = str
ACTIVITY_START_TO_CLOSE_TIMEOUT = str
ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT = str
ACTIVITY_SCHEDULE_TO_START_TIMEOUT = str
ACTIVITY_HEARTBEAT_TIMEOUT = str

LOGGING = dict

_ENV_SETTINGS_MODULE = "SIMPLEFLOW_SETTINGS_MODULE"


class Setting:
    """Unused marker class, kept for 0.11.9 compatibility."""


def is_definition(var: str) -> bool:
    """Tell whether a module attribute name declares a setting.

    A definition does not start with ``_`` and all its letters are upper-case.
    """
    return not var.startswith("_") and var.upper() == var and any(c.isalpha() for c in var)


def get_settings(module: ModuleType) -> dict[str, Any]:
    """Return ``{name: value}`` for every definition of ``module``."""
    return {name: getattr(module, name) for name in dir(module) if is_definition(name)}


def _lookup(conf: Any, name: str) -> tuple[bool, Any]:
    """Find ``name`` in a settings module or a mapping (0.11.9 crashed on modules)."""
    if conf is None:
        return False, None
    if isinstance(conf, Mapping):
        if name in conf:
            return True, conf[name]
        return False, None
    if hasattr(conf, name):
        return True, getattr(conf, name)
    return False, None


def _logging_from_env(text: str) -> dict[str, Any]:
    """Parse ``LOGGING`` given through the environment: JSON only, no factories."""
    try:
        value = json.loads(text)
    except ValueError as err:
        raise ValueError(
            f"the LOGGING environment variable must hold a JSON object (dictConfig schema): {err}"
        ) from None
    if not isinstance(value, dict):
        raise ValueError(
            "the LOGGING environment variable must hold a JSON object (dictConfig schema), "
            f"got {type(value).__name__}"
        )
    if _has_factory(value):
        raise ValueError(
            "the LOGGING environment variable may not reference factories ('()' keys); "
            "define such a configuration in a SIMPLEFLOW_SETTINGS_MODULE instead"
        )
    return value


def _has_factory(value: Any) -> bool:
    if isinstance(value, dict):
        return "()" in value or any(_has_factory(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_factory(item) for item in value)
    return False


def _coerce(name: str, typ: Any, value: Any, from_env: bool) -> Any:
    if from_env and typ is dict:
        return _logging_from_env(value) if isinstance(value, str) else dict(value)
    return typ(value)


def load_settings(
    module: ModuleType, env: Mapping[str, str], conf: Any, defaults: ModuleType
) -> dict[str, Any]:
    """Resolve every definition of ``module``: env > ``conf`` > ``defaults``.

    Args:
        module: the module declaring the settings (their value is the coercion type).
        env: environment mapping, usually ``os.environ``.
        conf: a settings module or a mapping (may be ``None`` or empty).
        defaults: the module holding the built-in defaults.

    Returns:
        A dict of coerced setting values.

    Raises:
        ValueError: ``LOGGING`` from the environment is not a plain JSON object.
    """
    values: dict[str, Any] = {}
    for name, typ in get_settings(module).items():
        if name in env:
            values[name] = _coerce(name, typ, env[name], from_env=True)
            continue
        found, value = _lookup(conf, name)
        if not found:
            value = getattr(defaults, name)
        values[name] = _coerce(name, typ, value, from_env=False)
    return values


def load(conf_module_name: str | None = None) -> dict[str, Any]:
    """Load the settings.

    ``conf_module_name`` defaults to the ``SIMPLEFLOW_SETTINGS_MODULE`` environment
    variable. When set, that module is imported (whatever the environment names: only
    point it at trusted code) and its upper-case attributes override the defaults.
    """
    from simpleflow.settings import default

    name = conf_module_name or os.environ.get(_ENV_SETTINGS_MODULE)
    conf: Any = importlib.import_module(name) if name else {}
    base_module = importlib.import_module(__name__)
    return load_settings(base_module, os.environ, conf, default)
