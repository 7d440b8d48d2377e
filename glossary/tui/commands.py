"""Command palette: every term (in both languages) and every screen."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from glossary.tui.app import GlossaryApp

SCREENS = [
    ("Quiz", "quiz", "Take a quiz: pick a category, a count and question types"),
    ("Review", "review", "Review the cards that are due today"),
    ("Stats", "stats", "Mastery per category, reviews per day, due forecast"),
]


class GlossaryCommands(Provider):
    """Open a term or a screen from the palette (ctrl+p)."""

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        app = cast("GlossaryApp", self.app)
        commands: list[tuple[str, Callable[[], object], str]] = [
            (f"Screen: {label}", partial(app.open_screen, name), help_text) for label, name, help_text in SCREENS
        ]
        commands.append(("Screen: Help (keys)", app.action_help, "Every key binding"))
        commands.append(("Switch language (EN / 中文 / both)", app.action_toggle_language, "Persists"))
        for row in app.catalog.index:
            label = f"Term: {row.name} · {row.name_zh}" if row.name_zh != row.name else f"Term: {row.name}"
            commands.append((label, partial(app.open_entry, row.id), row.summary))
        return commands

    async def discover(self) -> Hits:
        for label, command, help_text in self._commands()[:12]:
            yield DiscoveryHit(label, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, command, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command, help=help_text)
