"""A local SWF engine for development and tests: real SWF's semantics behind moto's server.

Real SWF is the distributed engine simpleflow is written for. For development, tests and
demos the same code runs against this engine, selected with boto3's standard
``AWS_ENDPOINT_URL_SWF`` variable. moto (5.2.x, the ``local`` extra) provides the HTTP
server, the request dispatch and the registry of domains and types; the engine
(:mod:`.engine` and one module per concern) runs executions the way features.md Part B
describes real SWF: children, signals, cancellation, continue-as-new, timers, the
decision-task rules with atomic batches, every timeout, limits, paged histories, long polls,
and optionally a clock that skips idle time. Each departure from moto is a named extension
(:data:`.compat.EXTENSIONS`).
"""

from __future__ import annotations

from ._moto import SUPPORTED_MOTO_TEXT, LocalServerError
from .clock import Clock
from .compat import apply_moto_compat_fixes, extensions, install_extensions
from .limits import EngineSettings
from .server import DEFAULT_HOST, DEFAULT_PORT, LocalSWFServer

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "SUPPORTED_MOTO_TEXT",
    "Clock",
    "EngineSettings",
    "LocalSWFServer",
    "LocalServerError",
    "apply_moto_compat_fixes",
    "extensions",
    "install_extensions",
]
