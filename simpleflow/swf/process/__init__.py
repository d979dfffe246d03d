"""The long-running SWF processes: decider and activity worker supervisors and pollers.

* ``simpleflow.swf.process.actor``: identity, names, ``Supervisor`` and ``Poller``;
* ``simpleflow.swf.process.decider``: decision task pollers (``decider.start``);
* ``simpleflow.swf.process.worker``: activity task pollers (``worker.start``).

Processes are always forked (``multiprocessing.get_context("fork")``): POSIX only.
"""

from __future__ import annotations
