"""Records kept from one parse of a run's history to the next (the decider's cache).

A decider replays the whole history of every decision task. When its history cache holds
the run (`swf.actors._history_cache`), the older events are the very same `Event` objects
from one task to the next, and the cache hands each task the same `memo` dict
(`swf.models.history.History.memo`). The records of those events are kept there, so a
parse builds records for the new events only; applying them all to a fresh state, and
running the workflow, still happen at every decision.

A record is kept only when every field is immutable (text, numbers, `Lazy` placeholders,
which read the event's current value): nothing a workflow could change in one decision
can reach the next one. Any other record (a decoded input, a list of tags) is built
again from its event at each parse. The prefix is recognised by the identity of its last
event; a run the cache rebuilt comes with a new memo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from simpleflow._history._lazy import Lazy

__all__ = ["MEMO_KEY", "parse_with_memo"]

#: The key of the kept records in the memo: ``(event count, last event, items)``.
MEMO_KEY = "simpleflow._history.records"

_IMMUTABLE = frozenset({str, int, float, bool, type(None), Lazy})

# parse(events, start, sources): the records of events[start:], their events in sources.
ParseRange = Callable[[Sequence[Any], int, list[Any]], list[Any]]
# parse_one(events, event): the record of one event of events.
ParseOne = Callable[[Sequence[Any], Any], Any]


class _Again:
    """Stands for a record that is built again from its event at each parse."""

    __slots__ = ("event",)

    def __init__(self, event: Any) -> None:
        self.event = event


def _kept(record: Any) -> bool:
    immutable = _IMMUTABLE
    return all(value.__class__ in immutable for value in record)


def parse_with_memo(
    events: Sequence[Any], memo: dict[str, Any], parse: ParseRange, parse_one: ParseOne
) -> list[Any]:
    """The records of `events`, those of a known prefix taken from `memo`.

    Args:
        events: the complete history, in id order.
        memo: kept with the run's events (updated here).
        parse: the records of ``events[start:]``, references to earlier events found by
            position, the event of each record appended to the list given.
        parse_one: the record of one event of ``events``.
    """
    start, items = 0, []
    saved = memo.get(MEMO_KEY)
    if saved is not None:
        count, last, kept = saved
        if 0 < count <= len(events) and events[count - 1] is last:
            start, items = count, kept
    sources: list[Any] = []
    new = parse(events, start, sources)
    pairs = zip(new, sources, strict=True)
    items = [*items, *(record if _kept(record) else _Again(event) for record, event in pairs)]
    if events:
        memo[MEMO_KEY] = (len(events), events[-1], items)
    return [parse_one(events, item.event) if item.__class__ is _Again else item for item in items]
