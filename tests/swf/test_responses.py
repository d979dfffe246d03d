from __future__ import annotations

from swf.responses import Response
from swf.responses.base import Response as BaseResponse


def test_response_sets_each_keyword_as_an_attribute() -> None:
    response = Response(token="tok", history=[1], execution=None)

    assert (response.token, response.history, response.execution) == ("tok", [1], None)
    assert Response(foo="bar").foo == "bar"


def test_response_with_history_only() -> None:
    assert Response(history="h").history == "h"
    assert not hasattr(Response(history="h"), "token")


def test_response_is_reexported_and_has_a_repr() -> None:
    assert Response is BaseResponse
    assert repr(Response(a=1)) == "Response(a=1)"
