"""A plain attribute bag returned by actors."""

from __future__ import annotations

from typing import Any

__all__ = ["Response"]


class Response:
    """Every keyword argument becomes an attribute.

    The decider returns ``Response(token=..., history=..., execution=...)``.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.__dict__.update(kwargs)

    def __repr__(self) -> str:
        fields = ", ".join(f"{key}={value!r}" for key, value in self.__dict__.items())
        return f"{type(self).__name__}({fields})"
