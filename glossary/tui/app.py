"""The Textual application: built by `build_app` from an injected catalog and data folder."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from glossary.content.catalog import Catalog
from glossary.content.corpus import Corpus
from glossary.progress.store import ProgressStore
from glossary.text.language import Language
from glossary.tui.commands import GlossaryCommands
from glossary.tui.screens.base import GlossaryScreen
from glossary.tui.screens.browse import BrowseScreen

#: Set to make the app exit as soon as its first frame is drawn (used by the start-up benchmark).
EXIT_AFTER_FIRST_FRAME = "GLOSSARY_EXIT_AFTER_FIRST_FRAME"
DARK, LIGHT = "textual-dark", "textual-light"


class GlossaryApp(App[None]):
    """Browse, search, read, run, quiz, review and track progress."""

    CSS_PATH = "glossary.tcss"
    TITLE = "Deep-Learning Glossary · 深度学习术语"
    COMMANDS = App.COMMANDS | {GlossaryCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("l", "toggle_language", "EN/中文"),
        Binding("d", "toggle_dark", "Dark/light", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True, show=False),
    ]

    language: reactive[Language] = reactive(Language.BOTH)

    def __init__(
        self, catalog: Catalog, home: Path, snippet_timeout: float = 10.0, quiz_seed: int | None = None
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.home = Path(home)
        self.snippet_timeout = snippet_timeout
        self.quiz_seed = quiz_seed  # fixed in tests; None draws a fresh quiz each time
        self._waiting_for_corpus: list[Callable[[Corpus], object]] = []
        self.store = ProgressStore(self.home)
        saved = self.store.setting("language", Language.BOTH.value) or Language.BOTH.value
        self.set_reactive(GlossaryApp.language, Language(saved))
        self.theme = self.store.setting("theme", DARK) or DARK

    def with_corpus(self, then: Callable[[Corpus], object]) -> None:
        """Call `then` with the full corpus on the UI thread: at once when it has loaded, else when the one
        worker that loads it (started by the first caller) is done. No caller ever blocks the UI."""
        corpus = self.catalog.loaded
        if corpus is not None:
            then(corpus)
            return
        self._waiting_for_corpus.append(then)
        if len(self._waiting_for_corpus) == 1:
            self.run_worker(self._load_corpus, thread=True, group="corpus")

    def _load_corpus(self) -> None:
        corpus = self.catalog.corpus()
        self.call_from_thread(self._corpus_loaded, corpus)

    def _corpus_loaded(self, corpus: Corpus) -> None:
        waiting, self._waiting_for_corpus = self._waiting_for_corpus, []
        for then in waiting:
            then(corpus)

    def on_mount(self) -> None:
        self.push_screen(BrowseScreen())
        if self.store.notice:
            self.notify(self.store.notice, title="Progress database repaired", severity="warning", timeout=15)
        if os.environ.get(EXIT_AFTER_FIRST_FRAME):
            self.call_after_refresh(self.exit)

    def on_unmount(self) -> None:
        self.store.close()

    def watch_language(self, language: Language) -> None:
        self.store.set_setting("language", language.value)
        for screen in self.screen_stack:
            if isinstance(screen, GlossaryScreen):
                screen.refresh_language()

    def action_toggle_language(self) -> None:
        self.language = self.language.next()
        self.notify(f"Language: {self.language.label}", timeout=2)

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK
        self.store.set_setting("theme", self.theme)

    def action_help(self) -> None:
        from glossary.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def open_entry(self, entry_id: str) -> None:
        """Show an entry (the full corpus is loaded in a worker on first use)."""
        from glossary.tui.screens.entry import EntryScreen

        self.push_screen(EntryScreen(entry_id))

    def open_screen(self, name: str) -> None:
        """Open one of the learning screens by name: quiz, review or stats."""
        from glossary.tui.screens.quiz import QuizSetupScreen
        from glossary.tui.screens.review import ReviewScreen
        from glossary.tui.screens.stats import StatsScreen

        screens = {"quiz": QuizSetupScreen, "review": ReviewScreen, "stats": StatsScreen}
        self.push_screen(screens[name]())


def build_app(catalog: Catalog, home: Path, snippet_timeout: float = 10.0, quiz_seed: int | None = None) -> GlossaryApp:
    """The app over injected content and data folder: what the command line and the tests both use."""
    return GlossaryApp(catalog, home, snippet_timeout, quiz_seed)
