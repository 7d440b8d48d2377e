"""Command palette: every term (in both languages) and every screen."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

SCREENS = [
    ("Quiz", "quiz", "Take a quiz: pick a category, a count and question types"),
    ("Review", "review", "Review the cards that are due today"),
    ("Stats", "stats", "Mastery per category, reviews per day, due forecast"),
]


class GlossaryCommands(Provider):
    """Open a term or a screen from the palette (ctrl+p)."""

    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        commands: list[tuple[str, object, str]] = [
            (f"Screen: {label}", partial(app.open_screen, name), help_text) for label, name, help_text in SCREENS  # type: ignore[attr-defined]
        ]
        commands.append(("Screen: Help (keys)", app.action_help, "Every key binding"))  # type: ignore[attr-defined]
        commands.append(("Switch language (EN / 中文 / both)", app.action_toggle_language, "Persists"))  # type: ignore[attr-defined]
        for row in app.catalog.index:  # type: ignore[attr-defined]
            label = f"Term: {row.name} · {row.name_zh}" if row.name_zh != row.name else f"Term: {row.name}"
            commands.append((label, partial(app.open_entry, row.id), row.summary))  # type: ignore[attr-defined]
        return commands

    async def discover(self) -> Hits:
        for label, command, help_text in self._commands()[:12]:
            yield DiscoveryHit(label, command, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, command, help_text in self._commands():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command, help=help_text)  # type: ignore[arg-type]
