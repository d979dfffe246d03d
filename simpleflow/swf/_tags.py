"""Tag lists of child executions and continued runs (features §8.1)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from simpleflow.task import _call_class_hook

__all__ = ["INHERIT_TAG_LIST", "MAX_TAGS", "resolve_tag_list"]

#: The value of `Workflow.INHERIT_TAG_LIST`: stands for the current execution's tags.
INHERIT_TAG_LIST = "INHERIT_TAG_LIST"
#: SWF accepts at most 5 tags per execution.
MAX_TAGS = 5


def resolve_tag_list(
    workflow: Any, args: Sequence[Any], kwargs: dict[str, Any], current_tags: Sequence[str]
) -> list[str] | None:
    """The tags of a new execution of `workflow`: `get_tag_list(...)` or `tag_list`.

    `INHERIT_TAG_LIST`, as the whole value or as one element, expands to `current_tags`;
    the result is de-duplicated in order. None or an empty list gives None (no `tagList`).

    Raises:
        ValueError: more than 5 tags (SWF would reject the whole decision batch).
        TypeError: a tag that is not a string.
    """
    hook = getattr(workflow, "get_tag_list", None)
    if hook is not None:
        tags = _call_class_hook(hook, workflow, list(args), dict(kwargs))
    else:
        tags = getattr(workflow, "tag_list", None)
    if tags is None:
        return None
    if isinstance(tags, str):
        tags = [tags]
    result: list[str] = []
    for tag in tags:
        expanded = list(current_tags) if tag == INHERIT_TAG_LIST else [tag]
        for item in expanded:
            if not isinstance(item, str):
                raise TypeError(
                    f"tags of {getattr(workflow, '__name__', workflow)} must be strings, "
                    f"got {item!r}"
                )
            if item not in result:
                result.append(item)
    if len(result) > MAX_TAGS:
        raise ValueError(
            f"at most 5 tags per execution (SWF's limit), got {len(result)} for "
            f"{getattr(workflow, '__name__', workflow)}: {result!r}; drop some"
        )
    return result or None
