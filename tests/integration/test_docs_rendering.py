"""The built HTML docs in a real headless browser: no code line runs past its block.

Needs the docs built (``./script/doc``, which ``./script/test`` runs first) and Chromium;
skipped otherwise.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.data.cli_runner import REPO

pytestmark = pytest.mark.integration

HTML = REPO / "docs" / "_build" / "html"
PROBE = Path(__file__).resolve().parents[1] / "data" / "docs_overflow_probe.js"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = ["quickstart.html", "composing.html", "cli.html"]


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium to render the docs")
@pytest.mark.parametrize("page", PAGES)
def test_long_code_lines_are_not_cut_off(page: str, tmp_path: Path) -> None:
    source = HTML / page
    if not source.exists():
        pytest.skip("docs not built (run ./script/doc)")
    html = source.read_text(encoding="utf-8")
    html = html.replace('href="_static/', f'href="{(HTML / "_static").as_uri()}/')
    html = html.replace("</body>", f"<script>{PROBE.read_text(encoding='utf-8')}</script></body>")
    copy = tmp_path / page
    copy.write_text(html, encoding="utf-8")

    dom = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1000,800",
            "--virtual-time-budget=3000",
            "--dump-dom",
            copy.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout

    match = re.search(r'<pre id="probe-result">(.*?)</pre>', dom, re.DOTALL)
    assert match, "the probe did not run"
    assert "div.highlight" in PROBE.read_text(encoding="utf-8")
    assert html.count('class="highlight') > 2  # the page has code blocks to check
    assert json.loads(match.group(1)) == []  # blocks whose text is wider than the block
