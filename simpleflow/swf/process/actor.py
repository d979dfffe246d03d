"""Building blocks of the decider and worker processes (0.11.9 module ``actor``).

Facade: identity and naming helpers live in ``_naming``, the supervisor in
``_supervisor`` and the poll loop in ``_poller``.
"""

from __future__ import annotations

from simpleflow.swf.process._naming import (
    NamedMixin,
    get_hostname,
    get_payload_name,
    reset_signal_handlers,
    set_process_title,
    swf_identity,
    with_state,
)
from simpleflow.swf.process._poller import Poller
from simpleflow.swf.process._supervisor import Supervisor, get_fork_context

__all__ = [
    "NamedMixin",
    "Poller",
    "Supervisor",
    "get_fork_context",
    "get_hostname",
    "get_payload_name",
    "reset_signal_handlers",
    "set_process_title",
    "swf_identity",
    "with_state",
]
