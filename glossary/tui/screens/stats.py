"""Stats: mastery per category as bars, reviews per day and the upcoming due forecast as sparklines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Header, Label, ProgressBar, Sparkline, Static

from glossary.content.corpus import Corpus
from glossary.progress.stats import progress
from glossary.tui.screens.base import GlossaryScreen


class StatsScreen(GlossaryScreen):
    """Progress at a glance."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="stats")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Progress"
        self.with_corpus(self._show)

    def _show(self, corpus: Corpus) -> None:
        figures = progress(corpus, self.glossary.store)  # the store lives on this thread
        accuracy = f"{100 * figures.accuracy:.0f}%" if figures.accuracy is not None else "–"
        widgets: list[Widget] = [
            Static(f"Reviews {figures.reviews} · quiz answers {figures.quiz_answers} · accuracy {accuracy}", classes="section"),
            Static("Mastery per category (terms whose cards are all stable for three weeks)", classes="section"),
        ]
        for row in figures.mastery:
            bar = ProgressBar(total=row.terms, show_eta=False, show_percentage=True)
            bar.progress = row.mastered
            widgets.append(Horizontal(Label(f"{row.category:<16}"), bar, Label(f" {row.mastered}/{row.terms} mastered · {row.seen} seen"), classes="mastery"))
        days = figures.per_day
        widgets += [
            Static(f"Reviews per day · {days[0][0]:%d %b} – today · total {sum(n for _, n in days)}", classes="section"),
            Sparkline([n for _, n in days], summary_function=max, id="per-day"),
            Static("Cards due · " + "  ".join(f"{d:%a} {n}" for d, n in figures.forecast), classes="section"),
            Sparkline([n for _, n in figures.forecast], summary_function=max, id="forecast"),
        ]
        self.query_one("#stats", VerticalScroll).mount_all(widgets)
