"""Timer decisions."""

from __future__ import annotations

from typing import Any

from swf.models.decision.base import Decision, decision_action

__all__ = ["TimerDecision"]


class TimerDecision(Decision):
    """Builds ``StartTimer`` and ``CancelTimer`` decisions."""

    _base_type = "Timer"

    @decision_action
    def start(self, id: str, start_to_fire_timeout: Any, control: Any = None) -> None:
        """Start the timer ``id``, firing after ``start_to_fire_timeout`` seconds."""
        self.update_attributes(
            {"timerId": id, "startToFireTimeout": start_to_fire_timeout, "control": control}
        )

    @decision_action
    def cancel(self, id: str) -> None:
        """Cancel the timer ``id``."""
        self.update_attributes({"timerId": id})
