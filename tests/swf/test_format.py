from __future__ import annotations

import logging

import pytest

from swf import constants, format


def test_constants_have_the_swf_values():
    assert constants.REGISTERED == "REGISTERED"
    assert constants.DEPRECATED == "DEPRECATED"
    assert constants.MAX_REASON_LENGTH == 256
    assert constants.MAX_DETAILS_LENGTH == 32768
    assert constants.MAX_INPUT_LENGTH == 32000
    assert constants.MAX_RESULT_LENGTH == 32000


@pytest.mark.parametrize("message", [None, ""])
def test_wrap_returns_falsy_messages_unchanged(message):
    assert format.wrap(message, 3) is message


def test_wrap_keeps_short_messages(caplog):
    with caplog.at_level(logging.WARNING, logger="swf.format"):
        assert format.wrap("abc", 3) == "abc"
    assert caplog.records == []


def test_wrap_truncates_and_logs_a_bounded_preview(caplog):
    message = "x" * 5000
    with caplog.at_level(logging.WARNING, logger="swf.format"):
        assert format.wrap(message, 10) == "x" * 10
    (record,) = caplog.records
    assert record.name == "swf.format"
    text = record.getMessage()
    assert "5000" in text
    assert "10" in text
    assert len(text) < 400


@pytest.mark.parametrize(
    ("function", "limit"),
    [
        (format.reason, constants.MAX_REASON_LENGTH),
        (format.details, constants.MAX_DETAILS_LENGTH),
        (format.input, constants.MAX_INPUT_LENGTH),
        (format.result, constants.MAX_RESULT_LENGTH),
    ],
)
def test_helpers_truncate_to_their_swf_limit(function, limit, caplog):
    assert function("é" * limit) == "é" * limit  # characters, not bytes
    with caplog.at_level(logging.WARNING, logger="swf.format"):
        assert function("y" * (limit + 1)) == "y" * limit
    assert len(caplog.records) == 1
    assert function(None) is None
