"""Figure 1: the terminal app's time to first frame, as a whole process, against a bare Textual app."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

from glossary.bench.measure import Measured, process_seconds
from glossary.tui.app import EXIT_AFTER_FIRST_FRAME

#: The smallest app started the same way: a header and a footer, gone after its first frame.
BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App[None]):
    def compose(self):
        yield Header()
        yield Footer()

    def on_mount(self):
        self.call_after_refresh(self.exit)

Bare().run()
"""


def first_frame(home: Path, runs: int) -> Measured:
    """`glossary` over the shipped content with a warm cache (run once first), runs interleaved with the bare app."""
    env = {**os.environ, EXIT_AFTER_FIRST_FRAME: "1", "GLOSSARY_HOME": str(home)}
    app = [sys.executable, "-m", "glossary"]
    bare = [sys.executable, "-c", BARE_APP]
    process_seconds(app, env)  # fills the cache
    process_seconds(bare, env)
    app_seconds, bare_seconds = [], []
    for _ in range(runs):
        bare_seconds.append(process_seconds(bare, env))
        app_seconds.append(process_seconds(app, env))
    return Measured(
        statistics.median(app_seconds), "bare Textual app (Header, Footer)", statistics.median(bare_seconds)
    )
