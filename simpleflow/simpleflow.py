"""Empty module kept because 0.11.9 shipped it (``import simpleflow.simpleflow`` works).

It defines nothing: the API lives in ``simpleflow`` and its submodules.
"""

from __future__ import annotations
