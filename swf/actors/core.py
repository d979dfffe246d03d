"""Base of the actors (deciders and activity workers)."""

from __future__ import annotations

from swf.core import ConnectedSWFObject
from swf.exceptions import DoesNotExistError, ResponseError, SWFError, SWFResponseError
from swf.models.domain import Domain

__all__ = ["Actor"]


class Actor(ConnectedSWFObject):
    """A process role that polls one task list of a domain.

    Args:
        domain: the ``Domain``.
        task_list: the task list to poll.

    Raises:
        TypeError: ``domain`` is not a ``Domain``.
    """

    def __init__(self, domain: Domain, task_list: str) -> None:
        # Cooperative: simpleflow's pollers mix Actor with other bases.
        super().__init__()
        self._set_domain(domain)
        self.task_list = task_list

    def _set_domain(self, domain: Domain) -> None:
        if not isinstance(domain, Domain):
            raise TypeError(f"domain must be a swf.models.Domain, not {type(domain).__name__}")
        self.domain = domain

    def start(self) -> None:
        """Start the actor's loop."""
        raise NotImplementedError

    def stop(self) -> None:
        """Stop the actor's loop."""
        raise NotImplementedError


def _translated_error(err: SWFResponseError, context: str) -> SWFError:
    """The library error for a transport error ``err`` of an actor call.

    ``UnknownResourceFault`` means the task or execution is gone (heartbeat loops stop on
    it); any other fault is a ``ResponseError`` (retryable).
    """
    if err.error_code == "UnknownResourceFault":
        return DoesNotExistError(context, err.message)
    return ResponseError(err.message)
