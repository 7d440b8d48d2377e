"""`glossary serve` in headless Chromium: the page loads, the app draws its first screen, keys reach it, it stops."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The terminal draws on a canvas, so its text is read where it arrives: every message of the page's websockets.
RECORD_SCREEN = """
window.screenText = "";
const NativeWebSocket = window.WebSocket;
window.WebSocket = class extends NativeWebSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (event) => {
      const data = event.data;
      if (typeof data === "string") window.screenText += data;
      else if (data instanceof ArrayBuffer) window.screenText += new TextDecoder().decode(data);
      else if (data instanceof Blob) data.text().then((text) => { window.screenText += text; });
    });
  }
};
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_line(process: subprocess.Popen[str], needle: str, seconds: float) -> str:
    """The server's output up to the first line holding `needle` (fails when it exits or time runs out)."""
    assert process.stdout is not None
    seen, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if not select.select([process.stdout], [], [], left)[0]:
            break
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            return "".join(seen)
    pytest.fail(f"the server never said {needle!r}:\n{''.join(seen)}")


@pytest.fixture
def server(isolated_home: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """`glossary serve` on a free port with the test's own data folder; killed if a test leaves it running."""
    port = _free_port()
    env = {**os.environ, "GLOSSARY_HOME": str(isolated_home), "PYTHONUNBUFFERED": "1", "COLUMNS": "200"}
    process = subprocess.Popen(
        [sys.executable, "-m", "glossary", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_for_line(process, "Serving", 30)
        yield process, f"http://127.0.0.1:{port}/"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_the_app_runs_in_the_browser_and_the_server_stops_cleanly(browser: Any, server: tuple[Any, str]) -> None:
    process, url = server
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(30_000)
    context.route("**/fonts.googleapis.com/**", lambda route: route.abort())  # textual-serve's page asks for a font
    context.add_init_script(RECORD_SCREEN)
    page = context.new_page()
    for attempt in range(5):  # the port opens just after the server says so
        try:
            page.goto(url)
            break
        except Exception:  # noqa: BLE001 - connection refused, once or twice
            if attempt == 4:
                raise
    page.wait_for_selector("body.-first-byte")  # textual-serve's page: the app's first output arrived
    page.wait_for_function("window.screenText.includes('Deep-Learning Glossary')")  # the browse screen's title
    page.wait_for_function("window.screenText.includes('Activation Function')")  # and its list of terms
    assert "momentum average" not in page.evaluate("window.screenText")
    page.locator("#terminal").click()
    drawn = page.evaluate("window.screenText.length")
    page.keyboard.press("/")
    page.wait_for_function(f"window.screenText.length > {drawn}")  # the search box took the focus
    page.keyboard.type("adam", delay=80)
    page.wait_for_function("window.screenText.includes('momentum average')")  # Adam's summary, in the preview
    context.close()
    process.send_signal(signal.SIGINT)  # Ctrl+C
    assert process.wait(timeout=20) == 0
