"""Responses returned by the actors."""

from __future__ import annotations

from swf.responses.base import Response

__all__ = ["Response"]
