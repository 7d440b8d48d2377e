"""An entry's plot inside the entry screen: computed in a worker thread on request, drawn with textual-plotext."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static
from textual.worker import get_current_worker
from textual_plotext import PlotextPlot

from glossary.content.corpus import Corpus
from glossary.content.schema import Entry, Plot
from glossary.snippets.plots import plot_series
from glossary.text.chart import draw_series
from glossary.tui.screens.consent import with_consent

if TYPE_CHECKING:
    from glossary.snippets.plots import Series

#: Line colours (Okabe-Ito) that read on the light and the dark theme's surface alike.
COLOURS = [
    (0, 114, 178),
    (213, 94, 0),
    (0, 158, 115),
    (148, 103, 189),
    (204, 121, 167),
    (230, 159, 0),
    (86, 180, 233),
    (127, 127, 127),
]


class PlotView(Vertical):
    """A status line and the chart; hidden until the user asks for the plot of the entry shown."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series: Series | None = None
        self.entry_id: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="plot-status", markup=False)
        yield PlotextPlot(id="plot-chart")

    def on_mount(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Hide the plot (another entry is shown); a computation still running is ignored when it ends."""
        self.display = False
        self.series = None
        self.entry_id = None

    def request(self, entry: Entry, corpus: Corpus, cache_dir: Path) -> None:
        """Show `entry`'s plot: after consent for code that is not shipped, computed off the UI thread."""
        path = corpus.snippet_path(entry)
        if entry.plot is None or not isinstance(path, Path):
            self.notify(f"{entry.name} has no plot.", severity="warning")
            return
        with_consent(self.app, corpus.snippets_dir, lambda: self._start(entry, path, cache_dir))

    def _start(self, entry: Entry, path: Path, cache_dir: Path) -> None:
        self.entry_id = entry.id
        self.display = True
        self.query_one("#plot-chart").display = False
        self.query_one("#plot-status", Static).update(f"Computing the plot of {entry.name}…")
        self._compute(entry, path, cache_dir)

    @work(thread=True, exclusive=True, group="plot")
    def _compute(self, entry: Entry, path: Path, cache_dir: Path) -> None:
        assert entry.plot is not None
        series = plot_series(path, entry.plot.function, cache_dir)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, entry, series)

    def _show(self, entry: Entry, series: Series | str) -> None:
        if not self.is_attached or self.entry_id != entry.id or entry.plot is None:
            return  # the screen was left, or another entry is shown
        status = self.query_one("#plot-status", Static)
        if isinstance(series, str):
            status.update(f"No plot: {series}")
            return
        self.series = series
        status.update(f"Plot · computed by snippets/{entry.snippet}")
        chart = self.query_one("#plot-chart", PlotextPlot)
        draw(chart, series, entry.plot, entry.name)
        chart.display = True
        self.call_after_refresh(self.scroll_visible, animate=False)


def draw(chart: PlotextPlot, series: Series, plot: Plot, name: str) -> None:
    """Draw the series on the chart; its background and text follow the app theme (light or dark)."""
    draw_series(chart.plt, series, plot, name, COLOURS)
    chart.refresh()
