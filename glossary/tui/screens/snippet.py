"""A snippet's code with syntax highlighting, and a Run action that never blocks the UI."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, LoadingIndicator, Static
from textual.worker import get_current_worker

from glossary.content.corpus import Corpus
from glossary.content.schema import Entry
from glossary.snippets.runner import RunResult, run_snippet
from glossary.tui.screens.base import GlossaryScreen
from glossary.tui.screens.consent import with_consent


class SnippetScreen(GlossaryScreen):
    """Shows the code; `r` runs it in a worker thread through the shared snippet runner."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("r", "run", "Run"),
    ]

    def __init__(self, entry: Entry, corpus: Corpus, run_now: bool = False) -> None:
        super().__init__()
        self.entry = entry
        self.path = corpus.snippet_path(entry) or "is not given"
        self.folder = corpus.snippets_dir
        self.run_now = run_now

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="snippet"):
            yield Static(id="code")
            yield Static("Output", classes="section")
            yield LoadingIndicator(id="running")
            yield Static("Press r to run.", id="output", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.entry.name} · snippets/{self.entry.snippet}"
        self.query_one("#running").display = False
        if isinstance(self.path, str):
            self.query_one("#code", Static).update(f"The snippet path {self.path}")
            return
        code = self.path.read_text(encoding="utf-8")
        self.query_one("#code", Static).update(Syntax(code, "python", line_numbers=True, word_wrap=True))
        if self.run_now:
            self.action_run()

    def action_run(self) -> None:
        if not isinstance(self.path, str):
            with_consent(self.app, self.folder, self._start_run)

    def _start_run(self) -> None:
        assert not isinstance(self.path, str)
        self.query_one("#running").display = True
        self.query_one("#output", Static).update(f"Running {self.path.name}…")
        self._run()

    @work(thread=True, exclusive=True, group="snippet")
    def _run(self) -> None:
        assert not isinstance(self.path, str)
        result = run_snippet(self.path, timeout=self.glossary.snippet_timeout)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_result, result)

    def _show_result(self, result: RunResult) -> None:
        self.query_one("#running").display = False
        text = Text(result.stdout)
        if result.stderr.strip():
            text.append(result.stderr, style="red")
        text.append(f"\n{result.summary()}", style="bold green" if result.ok else "bold red")
        self.query_one("#output", Static).update(text)
        self.query_one("#snippet", VerticalScroll).scroll_end(animate=False)
