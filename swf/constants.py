"""SWF registration statuses and payload size limits (in characters)."""

from __future__ import annotations

REGISTERED = "REGISTERED"
DEPRECATED = "DEPRECATED"

# SWF limits on the free-text fields of decisions and responses.
MAX_REASON_LENGTH = 256
MAX_DETAILS_LENGTH = 32768
MAX_INPUT_LENGTH = 32000
MAX_RESULT_LENGTH = 32000
