"""The timeline and the web view in a real browser (headless Chromium from the system).

With ``SIMPLEFLOW_SCREENSHOTS=<dir>``, the screenshots of the docs are saved there.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from simpleflow.command import cli
from tests.visual.conftest import SQUARES, RealRun, screenshot_path

pytestmark = pytest.mark.integration

ATTEMPTS = SQUARES + 3
ROWS = SQUARES + 2


def test_timeline_file_renders_one_bar_per_attempt(
    real_run: RealRun, visual_env: str, browser: Any, tmp_path: Path
) -> None:
    output = tmp_path / "timeline.html"
    result = CliRunner().invoke(
        cli,
        [
            "workflow.timeline",
            real_run.workflow_id,
            real_run.run_id,
            "--domain",
            real_run.domain,
            "--output",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.output
    page = browser.new_page()
    try:
        page.goto(output.as_uri())
        bars = page.locator("rect.bar")
        assert bars.count() == ATTEMPTS
        assert page.locator("g.row").count() == ROWS
        assert page.locator("rect.bar.failed").count() == 1
        box = bars.first.bounding_box()
        assert box is not None and box["width"] >= 1 and box["height"] > 0
        assert "decision tasks" in (page.locator("g.decisions").text_content() or "")
        shot = screenshot_path("timeline.png")
        if shot:
            page.set_viewport_size({"width": 1360, "height": 260})
            page.screenshot(path=str(shot))
    finally:
        page.close()


@pytest.fixture
def ui_url(visual_env: str) -> Iterator[str]:
    from simpleflow.ui import make_server

    server = make_server("127.0.0.1", 0, visual_env)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_ui_lists_a_fresh_execution_and_its_page_shows_its_tasks(
    real_run: RealRun, ui_url: str, browser: Any
) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{ui_url}/")  # redirects to the domain's executions
        page.select_option("select[name=status]", "CLOSED")
        page.click("button[type=submit]")
        link = page.locator(f"tr.execution a[href$='/{real_run.run_id}']")
        assert link.count() == 1
        shot = screenshot_path("ui-executions.png")
        if shot:
            page.set_viewport_size({"width": 1360, "height": 300})
            page.screenshot(path=str(shot))
        link.click()
        page.wait_for_selector("table.tasks")
        assert page.locator("tr.task").count() == ROWS
        assert page.locator("rect.bar").count() == ATTEMPTS
        flaky = page.locator("tr.task", has_text="flaky")
        assert "completed" in flaky.inner_text() and "\t2\t" in flaky.inner_text()
        assert real_run.run_id in page.locator("table.summary").inner_text()
        shot = screenshot_path("ui-execution.png")
        if shot:
            page.set_viewport_size({"width": 1360, "height": 760})
            page.screenshot(path=str(shot))
    finally:
        page.close()
