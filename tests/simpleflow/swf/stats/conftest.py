from __future__ import annotations

import pytest

from swf.models.history import builder
from tests.simpleflow.swf.stats._histories import Clock


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """Deterministic event timestamps: ``START``, then every 10 s (see ``Clock.at``)."""
    value = Clock()
    monkeypatch.setattr(builder, "new_timestamp_string", value)
    return value
