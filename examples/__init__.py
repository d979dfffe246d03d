"""Example workflows (``simpleflow workflow.start --local examples.basic.BasicWorkflow``)."""

from __future__ import annotations
