"""The pure swf data layer must import without botocore or boto3 (style guide, layers)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

PURE_MODULES = [
    "swf.models.event",
    "swf.models.history",
    "swf.models.history.builder",
    "swf.models.decision",
    "swf.format",
    "swf.utils",
    "swf.constants",
]

_PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(
    name for name in sys.modules
    if name.split('.')[0] in ('botocore', 'boto3')
)))
"""


@pytest.mark.parametrize("module", PURE_MODULES)
def test_importing_pure_module_does_not_load_boto(module):
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE, module],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO_ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    loaded = json.loads(completed.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing {module} loaded {loaded}"
