"""The `simpleflow_env` pytest fixture (a pytest plugin, registered by the package).

    def test_basic(simpleflow_env):
        run = simpleflow_env.run(BasicWorkflow, 3, t=0)
        assert run.close_status == "COMPLETED"
        assert run.result == 8

Needs the local engine (`pip install 'simpleflow[local]'`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from simpleflow.testing._environment import WorkflowEnvironment

__all__ = ["simpleflow_env"]


@pytest.fixture
def simpleflow_env() -> Iterator[WorkflowEnvironment]:
    """A `simpleflow.testing.WorkflowEnvironment`, open for the test: the local SWF engine
    and a fresh domain; `simpleflow_env.run(Workflow, *args, **kwargs)` runs an execution
    to its end with a real decider and worker, and returns a `WorkflowRun`."""
    from simpleflow.testing._environment import WorkflowEnvironment

    with WorkflowEnvironment() as environment:
        yield environment
