"""The base of the app's screens: typed access to the app and its shared state."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, cast

from textual import work
from textual.screen import Screen

from glossary.text.language import Language

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus
    from glossary.tui.app import GlossaryApp


class GlossaryScreen(Screen[None]):
    """A screen of the glossary app."""

    @property
    def glossary(self) -> GlossaryApp:
        """The running app, with its catalog, store, data folder and settings."""
        return cast("GlossaryApp", self.app)

    @property
    def language(self) -> Language:
        return self.glossary.language

    @work(thread=True, exclusive=True, group="corpus")
    def with_corpus(self, then: Callable[[Corpus], None]) -> None:
        """Load the full corpus off the UI thread (only the first time), then call `then` with it on the UI thread."""
        corpus = self.glossary.catalog.corpus()
        self.app.call_from_thread(then, corpus)

    def refresh_language(self) -> None:
        """Re-render what depends on the display language (called when it changes)."""
