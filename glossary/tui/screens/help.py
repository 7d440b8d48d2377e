"""The keys, at a glance."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    (
        "Everywhere",
        [
            ("ctrl+p", "command palette: every term and screen"),
            ("l", "language: EN → 中文 → both"),
            ("d", "dark / light theme"),
            ("?", "this help"),
            ("ctrl+q", "quit"),
        ],
    ),
    (
        "Browse",
        [
            ("/", "search (English or 中文, fuzzy)"),
            ("↑ ↓ Enter", "move and open a term"),
            ("esc", "clear the search"),
            ("o", "terms by category / in learning order"),
            ("z", "quiz"),
            ("r", "review"),
            ("s", "stats"),
            ("q", "quit"),
        ],
    ),
    (
        "Entry",
        [
            ("Enter", "follow the highlighted relation"),
            ("esc / backspace", "back"),
            ("f", "forward"),
            ("x", "run the snippet"),
            ("c", "read the snippet"),
            ("Learn first", "prerequisites, ✓ known; Enter follows"),
        ],
    ),
    ("Snippet", [("r", "run (in the background; the app stays responsive)"), ("esc", "back")]),
    (
        "Quiz",
        [
            ("1-9", "choose an option"),
            ("Enter", "submit a typed answer / next question"),
            ("n", "next"),
            ("e", "read the entry (after an answer)"),
            ("esc", "leave"),
        ],
    ),
    ("Review", [("space", "reveal"), ("1 2 3 4", "Again, Hard, Good, Easy"), ("esc", "back")]),
]


class HelpScreen(ModalScreen[None]):
    """A modal list of every key."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Close"),
        Binding("question_mark", "app.pop_screen", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        table = Table(title="Keys", show_header=False, box=None, padding=(0, 2))
        for section, keys in KEYS:
            table.add_row(f"[bold]{section}[/]", "")
            for key, meaning in keys:
                table.add_row(f"  [reverse] {key} [/]", meaning)
            table.add_row("", "")
        with VerticalScroll(id="help"):
            yield Static(table)
