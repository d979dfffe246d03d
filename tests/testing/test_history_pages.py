"""`workflow.history` fetches every page (the local engine never paginates, so a connection
that serves a history in pages of 2 events stands for SWF here)."""

from __future__ import annotations

from typing import Any

import pytest

from simpleflow._cli import history


class PagedConnection:
    """Serves `events` two per page, with SWF's nextPageToken protocol."""

    def __init__(self, events: list[dict[str, Any]]) -> None:
        self.events = events
        self.calls: list[tuple[str | None, bool | None]] = []

    def get_workflow_execution_history(
        self,
        domain: str,
        run_id: str,
        workflow_id: str,
        next_page_token: str | None = None,
        reverse_order: bool | None = None,
    ) -> dict[str, Any]:
        self.calls.append((next_page_token, reverse_order))
        start = int(next_page_token or 0)
        page: dict[str, Any] = {"events": self.events[start : start + 2]}
        if start + 2 < len(self.events):
            page["nextPageToken"] = str(start + 2)
        return page


class Execution:
    workflow_id, run_id = "w", "r"

    def __init__(self, connection: PagedConnection) -> None:
        self.connection = connection


def test_every_page_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    events = [{"eventId": i, "eventType": "DecisionTaskScheduled"} for i in range(1, 8)]
    connection = PagedConnection(events)
    monkeypatch.setattr(history, "find_execution", lambda *args: Execution(connection))
    execution, fetched = history.fetch_events("d", "w", None)
    assert fetched == events
    assert [token for token, _ in connection.calls] == [None, "2", "4", "6"]
