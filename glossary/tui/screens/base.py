"""The base of the app's screens: typed access to the app and its shared state."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

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

    def with_corpus(self, then: Callable[[Corpus], object]) -> None:
        """Call `then` with the full corpus on the UI thread once it has loaded, unless this screen has left."""
        self.glossary.with_corpus(lambda corpus: then(corpus) if self.is_attached else None)

    def refresh_language(self) -> None:
        """Re-render what depends on the display language (called when it changes)."""
