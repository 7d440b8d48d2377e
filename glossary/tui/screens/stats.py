"""Stats: reviews per day, retention over time and the due forecast as charts; the desired retention with its
workload; mastery per category as bars."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Header, Label, ProgressBar, Static
from textual_plotext import PlotextPlot

from glossary.content.corpus import Corpus
from glossary.progress.stats import Progress, progress
from glossary.tui.screens.base import GlossaryScreen


class StatsScreen(GlossaryScreen):
    """Progress at a glance; `now` fixes the moment the figures are taken at (for tests)."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, now: datetime | None = None) -> None:
        super().__init__()
        self.now = now
        self.figures: Progress | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="stats")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Progress"
        self.app.theme_changed_signal.subscribe(self, lambda _: self._draw())
        self.with_corpus(self._show)

    def _show(self, corpus: Corpus) -> None:
        figures = self.figures = progress(corpus, self.glossary.store, self.now)  # the store lives on this thread
        accuracy = f"{100 * figures.accuracy:.0f}%" if figures.accuracy is not None else "–"
        tuned = "your fitted parameters" if figures.fitted else "default parameters"
        widgets: list[Widget] = [
            Static(
                f"Reviews {figures.reviews} · quiz answers {figures.quiz_answers} · accuracy {accuracy}",
                classes="section",
            ),
            Static(
                f"Desired retention {figures.desired_retention:.2f} · {tuned} · about "
                f"{figures.workload:.1f} reviews/day ahead",
                id="workload",
            ),
            PlotextPlot(id="per-day", classes="chart"),
            PlotextPlot(id="retention", classes="chart"),
            PlotextPlot(id="forecast", classes="chart"),
            Static("Mastery per category (terms whose cards are all stable for three weeks)", classes="section"),
        ]
        for row in figures.mastery:
            bar = ProgressBar(total=row.terms, show_eta=False, show_percentage=True)
            bar.progress = row.mastered
            widgets.append(
                Horizontal(
                    Label(f"{row.category:<16}"),
                    bar,
                    Label(f" {row.mastered}/{row.terms} mastered · {row.seen} seen"),
                    classes="mastery",
                )
            )
        self.query_one("#stats", VerticalScroll).mount_all(widgets)
        self._draw()

    def _draw(self) -> None:
        """Draw the three charts in the theme's colours (again when the theme changes)."""
        if self.figures is None or not self.query("#per-day"):
            return
        figures, colours = self.figures, self.app.theme_variables
        bar = Color.parse(colours.get("primary", "blue")).rgb
        line = Color.parse(colours.get("accent", colours.get("primary", "blue"))).rgb
        days = len(figures.per_day)
        reviews = self.query_one("#per-day", PlotextPlot).plt
        reviews.clear_figure()
        reviews.bar(list(range(1 - days, 1)), [n for _, n in figures.per_day], color=bar, width=0.6)
        reviews.title(f"Reviews per day · last {days} days · total {sum(n for _, n in figures.per_day)}")
        reviews.xlabel("days ago (0 = today)")
        reviews.xticks([float(x) for x in range(0, -days, -5)])  # fixed ticks: plotext's own vary between runs
        reviews.yticks(*_counts([n for _, n in figures.per_day]))
        retention = self.query_one("#retention", PlotextPlot).plt
        retention.clear_figure()
        points = [(x, 100 * r) for x, (_, r) in zip(range(1 - days, 1), figures.retention) if r is not None]
        if points:
            retention.plot([x for x, _ in points], [y for _, y in points], color=line, marker="braille")
        retention.xlim(1 - days, 0)
        retention.ylim(0, 100)
        retention.yticks([0, 25, 50, 75, 100])
        retention.title("Retention · % of answers right per day")
        retention.xlabel("days ago (0 = today)")
        retention.xticks([float(x) for x in range(0, -days, -5)])
        forecast = self.query_one("#forecast", PlotextPlot).plt
        forecast.clear_figure()
        forecast.bar(list(range(len(figures.forecast))), [n for _, n in figures.forecast], color=bar, width=0.6)
        forecast.title(f"Cards due · next {len(figures.forecast)} days (0 = today, with overdue)")
        forecast.xlabel("days from today")
        forecast.xticks([float(x) for x in range(0, len(figures.forecast), 5)])
        forecast.yticks(*_counts([n for _, n in figures.forecast]))
        for widget in self.query(PlotextPlot):
            widget.refresh()


def _counts(values: list[int]) -> tuple[list[float], list[str]]:
    """Whole-number ticks from 0 to the largest value, about four of them, and their labels."""
    step = max(1, -(-max(values, default=0) // 4))
    ticks = range(0, max(values, default=0) + step, step)
    return [float(tick) for tick in ticks], [str(tick) for tick in ticks]
