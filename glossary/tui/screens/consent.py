"""Asking once per session before running code from content that is not the shipped one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from weakref import WeakSet

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from glossary.paths import snippets_dir as shipped_snippets_dir

#: The running apps whose user said yes this session (an app that ends is forgotten with it).
_CONSENTED: WeakSet[App[None]] = WeakSet()


class ConsentScreen(ModalScreen[bool]):
    """Run code from this folder? `y` runs, `n` or escape cancels."""

    BINDINGS = [
        Binding("y", "dismiss(True)", "Run"),
        Binding("n", "dismiss(False)", "Cancel"),
        Binding("escape", "dismiss(False)", "Cancel", show=False),
    ]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(id="consent"):
            yield Static(f"Run code from {self.folder}?", id="consent-question", markup=False)
            yield Static("Snippets can do anything your user account can.", id="consent-warning")
            yield Static("[reverse] y [/] Run    [reverse] n [/] Cancel", id="consent-keys")


def is_shipped(folder: Path) -> bool:
    """True when `folder` is the snippets folder that ships with the app."""
    return folder.resolve() == shipped_snippets_dir().resolve()


def with_consent(app: App[None], folder: Path, then: Callable[[], None]) -> None:
    """Call `then` now when the snippets are shipped or the user said yes this session; else ask first."""
    if app in _CONSENTED or is_shipped(folder):
        then()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            _CONSENTED.add(app)
            then()

    app.push_screen(ConsentScreen(folder), answered)
