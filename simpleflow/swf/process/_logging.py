"""Logging set-up at the entry of the decider and worker processes."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def configure_process_logging() -> None:
    """Apply simpleflow's logging configuration (``LOG_LEVEL``, stderr), when available."""
    try:
        from simpleflow import settings
    except ImportError:
        return
    configure = getattr(settings, "configure_logging", None)
    if callable(configure):
        configure()
