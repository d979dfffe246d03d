"""The decision batch of one replay and its budget (spec §16.7, features §1.9).

SWF takes at most 1 MB per `RespondDecisionTaskCompleted`, and simpleflow sends at most 100
decisions. Every decision goes through `DecisionBatch.add`, whatever its kind, so the
budget holds for all of them. A batch that stops early ends with a timer firing at once:
its `TimerFired` triggers the decision task that schedules the rest.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from simpleflow.exceptions import ExecutionBlocked
from simpleflow.swf import constants
from swf.models.decision import TimerDecision

logger = logging.getLogger(__name__)

__all__ = ["WAKE_UP_TIMER_ID", "DecisionBatch"]

#: The timer that wakes the workflow up after decisions that trigger no decision task.
WAKE_UP_TIMER_ID = "_simpleflow_wake_up_timer"
#: Prefix of the timer added when the 100-decision limit is reached (the rebuild's id).
RESUME_TIMER_PREFIX = "resume-after-"

_CLOSING = frozenset(
    {
        "CompleteWorkflowExecution",
        "FailWorkflowExecution",
        "CancelWorkflowExecution",
        "ContinueAsNewWorkflowExecution",
    }
)


def _timer(timer_id: str) -> TimerDecision:
    return TimerDecision("start", id=timer_id, start_to_fire_timeout="0")


class DecisionBatch:
    """The decisions of one replay, in order, within SWF's per-response budget."""

    __slots__ = ("_size", "append_timer", "decisions", "scheduled")

    def __init__(self) -> None:
        self.decisions: list[Any] = []
        # Length of `json.dumps(self.decisions)`, kept up to date by `add`.
        self._size = 2
        #: Set when the batch needs the wake-up timer at its end (features §1.9).
        self.append_timer = False
        #: `(task class, domain, task id)` of the idempotent tasks scheduled in this replay.
        self.scheduled: set[tuple[Any, ...]] = set()

    def __len__(self) -> int:
        return len(self.decisions)

    def add(self, decision: Any, task_id: str | None = None) -> None:
        """Append `decision`, or stop the replay when the budget is spent.

        Raises:
            ExecutionBlocked: the request would exceed the size guard (the decision is not
                added, and the batch will end with the wake-up timer), or the batch reached
                the 100-decision limit (the decision is added, then a `resume-after-<id>`
                timer).
        """
        size = self._size + len(json.dumps(decision)) + (2 if self.decisions else 0)
        limit = constants.MAX_REQUEST_SIZE - constants.REQUEST_SIZE_MARGIN
        if size > limit:
            self.append_timer = True
            logger.info("request size guard: %s bytes of decisions would exceed %s", size, limit)
            raise ExecutionBlocked(f"decision request larger than {limit} bytes")
        self.decisions.append(decision)
        self._size = size
        if len(self.decisions) >= constants.MAX_DECISIONS - 1:
            # SWF takes at most 100 decisions per response: the timer fires at once and
            # triggers a new decision task, whose replay schedules the rest.
            self.decisions.append(_timer(f"{RESUME_TIMER_PREFIX}{task_id or len(self.decisions)}"))
            raise ExecutionBlocked(f"limit of {constants.MAX_DECISIONS} decisions reached")

    def close(self, decision: Any) -> None:
        """Append a closing decision (complete, fail, cancel, continue-as-new)."""
        self.decisions.append(decision)

    def has_closing_decision(self) -> bool:
        return any(decision.get("decisionType") in _CLOSING for decision in self.decisions)

    def finish_blocked(self) -> list[Any]:
        """The decisions of a blocked replay, with the wake-up timer if one is needed.

        Not after a closing decision (SWF would reject it: [fix] of 0.36), and not when the
        batch already ends with the `resume-after-` timer (one library timer per batch).
        """
        decisions = self.decisions
        if self.append_timer and not self.has_closing_decision():
            last = decisions[-1] if decisions else None
            ends_with_resume = (
                last is not None
                and last.get("decisionType") == "StartTimer"
                and str(last["startTimerDecisionAttributes"].get("timerId", "")).startswith(
                    RESUME_TIMER_PREFIX
                )
            )
            if not ends_with_resume:
                decisions.append(_timer(WAKE_UP_TIMER_ID))
        return list(decisions)
