"""swf: an object layer over the Amazon Simple Workflow (SWF) API."""

from __future__ import annotations

version = (0, 1, 60)
__version__ = ".".join(str(part) for part in version)
__title__ = "python-simple-workflow"
__author__ = "Oleiade"
__license__ = "MIT"
