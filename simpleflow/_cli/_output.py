"""What the commands print with ``--format json`` (and ``prettyjson``).

The tables keep their 0.11.9 column names in the text formats (tabular, csv, tsv, human).
In JSON every command speaks the same language: one snake_case key per concept
(``workflow_id``, ``run_id``, ``workflow_type_name``, ``tags``, ``state``...), whatever the
column was called in the table, ``tags`` always a list, ``input`` and ``result`` decoded
JSON values rather than JSON text in a string. A JSON table is always an array of objects
(``--header`` is irrelevant there).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import click

from simpleflow.utils import json_dumps

JSON_FORMATS = frozenset({"json", "prettyjson"})

#: Column names (0.11.9 table headers) whose key is not their plain snake_case form.
_KEYS = {
    "workflow_type.name": "workflow_type_name",
    "workflow_type.version": "workflow_type_version",
    "Workflow Type": "workflow_type_name",
    "Workflow Version": "workflow_type_version",
    "tag_list": "tags",
    "Tags": "tags",
    "Task": "task_id",
    "id": "task_id",
    "Tasks": "task_name",
    "name": "task_name",
    "type": "task_type",
    "version": "task_version",
    "Last State": "state",
    "Last State Time": "state_time",
    "timestamp": "state_time",
    "Scheduled": "scheduled",
    "Scheduled Time": "scheduled",
    "Start": "started",
    "End": "ended",
    "Percentage of total time": "percentage",
}

_DECODED_KEYS = frozenset({"input", "result"})


def json_key(column: str) -> str:
    """The JSON key of a table column, e.g. ``Workflow ID`` -> ``workflow_id``."""
    key = _KEYS.get(column)
    if key is not None:
        return key
    return re.sub(r"[^0-9a-z]+", "_", column.lower()).strip("_")


def _tags(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [tag for tag in value.split(",") if tag]
    return list(value)


def _decoded(value: Any) -> Any:
    if value == "":
        return None  # the tables show a missing input or result as an empty cell
    if isinstance(value, (str, bytes)):
        try:
            return json.loads(value)
        except ValueError:
            return value  # not JSON (e.g. written by another SWF client): keep the text
    return value


def json_value(key: str, value: Any) -> Any:
    """``value`` as it is shown under ``key``: tags as a list, input/result decoded."""
    if key == "tags":
        return _tags(value)
    if key in _DECODED_KEYS:
        return _decoded(value)
    return value


def json_object(pairs: Mapping[str, Any]) -> dict[str, Any]:
    """An object with every value normalised by :func:`json_value`."""
    return {key: json_value(key, value) for key, value in pairs.items()}


def dumps(obj: Any, fmt: str) -> str:
    """Encode ``obj`` as the JSON format ``fmt`` (``prettyjson`` is indented by 2)."""
    text = json_dumps(obj)
    if fmt == "prettyjson":
        return json.dumps(json.loads(text), indent=2)
    return text


def table_format(fmt: str) -> Callable[[Sequence[Sequence[Any]], Sequence[str]], str]:
    """A ``pretty.formatted`` format function writing rows as JSON objects."""

    def render(values: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
        keys = [json_key(column) for column in headers]
        rows = [json_object(dict(zip(keys, row, strict=False))) for row in values]
        return dumps(rows, fmt)

    return render


def output_format(ctx: click.Context) -> str:
    """The ``--format`` chosen on the group (``tabular`` when unset)."""
    root = ctx.find_root()
    return str(root.params.get("format") or "tabular")


def is_json(ctx: click.Context) -> bool:
    return output_format(ctx) in JSON_FORMATS


def echo_object(ctx: click.Context, obj: Mapping[str, Any]) -> None:
    """Print one JSON object (the result of a command such as ``workflow.start``)."""
    click.echo(dumps(json_object(obj), output_format(ctx)))
