"""simpleflow: dataflow programming with Amazon SWF."""

from __future__ import annotations

__version__ = "0.11.9"
__author__ = "Greg Leclercq"
__license__ = "MIT"
