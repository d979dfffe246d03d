"""The history replayer: does today's workflow code decide as the recorded execution did?

At each decision point of a recorded history (each `DecisionTaskCompleted`), the workflow
is replayed by the pure replay core on the events its decider saw then (up to the
decision task's `DecisionTaskStarted`), and the decisions it makes now are compared with
the decisions the history recorded for that task. The first disagreement is reported with
a hint of its likely cause. Nothing here talks to SWF or runs an activity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simpleflow.swf._replay import ReplayExecutor, ReplayResult
from simpleflow.testing._commands import UNRECORDED, Command, from_decision, recorded_commands
from simpleflow.testing._history_input import InvalidHistory, RecordedHistory, load_history
from simpleflow.workflow import Workflow
from swf.models.history.base import History as SwfHistory
from swf.responses import Response

__all__ = ["Divergence", "InvalidHistory", "ReplayReport", "replay_history"]


@dataclass(frozen=True, slots=True)
class _ReplayDomain:
    """Stands for `swf.models.Domain`: the replay core only reads `name`."""

    name: str


@dataclass(frozen=True, slots=True)
class _WorkflowTypeRef:
    name: str | None
    version: str | None


@dataclass(frozen=True, slots=True)
class _ReplayExecution:
    """Stands for the `swf.models.WorkflowExecution` of a polled decision task."""

    domain: _ReplayDomain
    workflow_id: str | None
    run_id: str | None
    workflow_type: _WorkflowTypeRef


class _Replayer(ReplayExecutor):
    """The pure replay core, with none of the side effects of `Executor.replay`.

    A recorded `ScheduleActivityTaskFailed` asks the core to register an activity type:
    the request is dropped, as the decisions do not depend on it.
    """

    def run(self, decision_response: Any) -> ReplayResult:
        return self._replay_history(decision_response)


@dataclass(frozen=True, slots=True)
class Divergence:
    """The first decision point where the current code decides otherwise.

    Attributes:
        event_id: the id of the `DecisionTaskCompleted` event of that decision task.
        position: index, in that task's decisions, of the first decision that differs.
        recorded: the decisions the history recorded for that task.
        current: the decisions the current code makes there.
        hint: the likely cause (tasks reordered, a task added or removed, an input
            changed, a type or version changed).
    """

    event_id: int
    position: int
    recorded: tuple[Command, ...]
    current: tuple[Command, ...]
    hint: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "position": self.position,
            "hint": self.hint,
            "recorded": [command.to_dict() for command in self.recorded],
            "current": [command.to_dict() for command in self.current],
        }


@dataclass(frozen=True, slots=True)
class ReplayReport:
    """The outcome of replaying one recorded history.

    Attributes:
        workflow: dotted path of the workflow class replayed.
        workflow_type: `{'name', 'version'}` of the recorded execution.
        source: where the history came from (a file name, or `<history>`).
        events: number of events of the history.
        decision_points: number of decision points checked (all of them when the replay
            agrees, up to the divergence otherwise).
        divergence: the first divergence, or None when every decision point agrees.
        notes: remarks that do not fail the replay (e.g. another type version).
    """

    workflow: str
    workflow_type: dict[str, Any]
    source: str
    events: int
    decision_points: int
    divergence: Divergence | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """Whether every decision point agrees."""
        return self.divergence is None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready (snake_case keys, decoded inputs)."""
        return {
            "ok": self.ok,
            "workflow": self.workflow,
            "workflow_type": self.workflow_type,
            "source": self.source,
            "events": self.events,
            "decision_points": self.decision_points,
            "divergence": None if self.divergence is None else self.divergence.to_dict(),
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        lines = []
        if self.divergence is None:
            lines.append(
                f"OK: {self.workflow} replays {self.source}: {self.decision_points} decision "
                f"points agree ({self.events} events)"
            )
        else:
            d = self.divergence
            lines.append(
                f"DIVERGED: {self.workflow} replaying {self.source} decides otherwise at "
                f"decision point {d.event_id} (DecisionTaskCompleted), decision #{d.position + 1}"
            )
            lines.append(f"  hint: {d.hint}")
            lines.append("  recorded:")
            lines.extend(f"    {c.label()}" for c in d.recorded or ())
            if not d.recorded:
                lines.append("    (no decision)")
            lines.append("  now:")
            lines.extend(f"    {c.label()}" for c in d.current)
            if not d.current:
                lines.append("    (no decision)")
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)


def _class_path(workflow_class: type[Workflow]) -> str:
    return f"{workflow_class.__module__}.{workflow_class.__qualname__}"


def replay_history(
    workflow_class: type[Workflow],
    history: Any,
    *,
    workflow_id: str | None = None,
    run_id: str | None = None,
    domain: str = "replay",
) -> ReplayReport:
    """Replay a recorded history with the current code of `workflow_class`.

    Pure: no SWF endpoint is called and no activity runs.

    Args:
        workflow_class: the `simpleflow.Workflow` subclass, as the code is now.
        history: the decoded JSON of a history: a list of SWF event dicts, or an object
            with an `events` list (optionally `workflow_id` and `run_id`).
        workflow_id: the execution's workflow id (default: the history object's, if any).
            Child workflow ids are derived from the parent's ids.
        run_id: the execution's run id (default: the history object's, if any).
        domain: the domain name the decisions are made for (it does not change them).

    Returns:
        A `ReplayReport`; `report.ok` is False and `report.divergence` tells where and why
        when the code no longer makes the recorded decisions.

    Raises:
        InvalidHistory: `history` is not an SWF history, or it is the history of another
            workflow type than `workflow_class`.
    """
    recorded = load_history(history)
    workflow_type = recorded.workflow_type
    notes = _check_workflow_type(workflow_class, recorded)
    events = recorded.events
    execution = _ReplayExecution(
        domain=_ReplayDomain(domain),
        workflow_id=workflow_id or recorded.workflow_id,
        run_id=run_id or recorded.run_id,
        workflow_type=_WorkflowTypeRef(workflow_type.get("name"), workflow_type.get("version")),
    )
    expected = recorded_commands(events)
    # Events are built once; each decision point replays a prefix of the same objects.
    parsed = SwfHistory.from_event_list(events)
    positions = {event["eventId"]: index for index, event in enumerate(events)}
    checked = 0
    for index, event in enumerate(events):
        if event["eventType"] != "DecisionTaskCompleted":
            continue
        attributes = event.get("decisionTaskCompletedEventAttributes") or {}
        # The decider saw the events up to its DecisionTaskStarted; later ones (an
        # activity completing meanwhile) belong to the next decision task.
        seen = positions.get(attributes.get("startedEventId"), index - 1) + 1
        prefix = SwfHistory(events=parsed.events[:seen])
        # A fresh executor (and workflow instance) per point: the decisions must follow
        # from the history alone, as for a decider started after a deploy.
        executor = _Replayer(execution.domain, workflow_class)
        outcome = executor.run(Response(history=prefix, execution=execution))
        current = tuple(from_decision(decision) for decision in outcome.decisions)
        before = tuple(expected.get(event["eventId"], ()))
        checked += 1
        divergence = _compare(event["eventId"], before, current)
        if divergence is not None:
            return ReplayReport(
                workflow=_class_path(workflow_class),
                workflow_type=workflow_type,
                source=recorded.source,
                events=len(events),
                decision_points=checked,
                divergence=divergence,
                notes=notes,
            )
    return ReplayReport(
        workflow=_class_path(workflow_class),
        workflow_type=workflow_type,
        source=recorded.source,
        events=len(events),
        decision_points=checked,
        notes=notes,
    )


def _check_workflow_type(
    workflow_class: type[Workflow], recorded: RecordedHistory
) -> tuple[str, ...]:
    workflow_type = recorded.workflow_type
    name, version = workflow_type.get("name"), workflow_type.get("version")
    if workflow_class.name is not None and name != workflow_class.name:
        raise InvalidHistory(
            f"{recorded.source} is a history of workflow type {name!r} (version {version!r}), "
            f"but {_class_path(workflow_class)} is workflow type {workflow_class.name!r}: "
            "replay it with the class of that type"
        )
    if workflow_class.version is not None and version != workflow_class.version:
        return (
            f"the history was recorded with version {version!r} of workflow type {name!r}; "
            f"the class is now version {workflow_class.version!r}",
        )
    return ()


def _compare(
    event_id: int, recorded: tuple[Command, ...], current: tuple[Command, ...]
) -> Divergence | None:
    if len(recorded) == len(current) and all(
        r.matches(c) for r, c in zip(recorded, current, strict=True)
    ):
        return None
    position = next(
        (i for i, (r, c) in enumerate(zip(recorded, current, strict=False)) if not r.matches(c)),
        min(len(recorded), len(current)),
    )
    return Divergence(
        event_id=event_id,
        position=position,
        recorded=recorded,
        current=current,
        hint=_hint(recorded, current, position),
    )


def _unmatched(
    left: tuple[Command, ...], right: tuple[Command, ...], same: Callable[[Command, Command], bool]
) -> list[Command]:
    """The commands of `left` left over after pairing each with one `same` of `right`."""
    available = list(right)
    leftover = []
    for command in left:
        match = next((i for i, other in enumerate(available) if same(command, other)), None)
        if match is None:
            leftover.append(command)
        else:
            del available[match]
    return leftover


def _is_permutation(
    recorded: tuple[Command, ...],
    current: tuple[Command, ...],
    same: Callable[[Command, Command], bool],
) -> bool:
    return len(recorded) == len(current) and not _unmatched(recorded, current, same)


def _hint(recorded: tuple[Command, ...], current: tuple[Command, ...], position: int) -> str:
    if _is_permutation(recorded, current, Command.matches) or _is_permutation(
        recorded, current, Command.same_work
    ):
        return "tasks reordered: the same decisions are made in another order"
    if position < len(recorded) and position < len(current):
        before, now = recorded[position], current[position]
        if before.same_target(now):
            if before.type != now.type and before.type is not UNRECORDED:
                return _type_hint(before, now)
            return f"input changed for {now.decision} {now.id or ''}".rstrip()
        if before.same_work(now):
            return (
                f"id changed: {before.id!r} is now {now.id!r} (a task was added or removed "
                "before it, or its id is computed differently)"
            )
    added = _unmatched(current, recorded, Command.matches)
    removed = _unmatched(recorded, current, Command.matches)
    if added and not removed:
        return f"{_what(added[0])} was added: {added[0].label()}"
    if removed and not added:
        return f"{_what(removed[0])} was removed: {removed[0].label()}"
    if position < len(recorded) and position < len(current):
        before, now = recorded[position], current[position]
        if before.decision != now.decision:
            return f"the code now makes {now.decision} where the history has {before.decision}"
        return f"a different task: {before.label()} became {now.label()}"
    return "the decisions differ"


_TASKS = frozenset({"ScheduleActivityTask", "StartChildWorkflowExecution"})


def _what(command: Command) -> str:
    return "a task" if command.decision in _TASKS else "a decision"


def _type_hint(before: Command, now: Command) -> str:
    if isinstance(before.type, dict) and isinstance(now.type, dict):
        if before.type.get("name") == now.type.get("name"):
            return (
                f"version changed for {now.id}: {before.type.get('version')!r} is now "
                f"{now.type.get('version')!r}"
            )
        return (
            f"type changed for {now.id}: {before.type.get('name')!r} is now "
            f"{now.type.get('name')!r}"
        )
    return f"type changed for {now.decision} {now.id}: {before.type!r} is now {now.type!r}"
