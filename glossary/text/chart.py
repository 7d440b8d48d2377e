"""Drawing an entry's plot series with plotext: shared by `glossary plot` and the entry screen's chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from glossary.snippets.plots import log_ticks

if TYPE_CHECKING:
    from glossary.content.schema import Plot
    from glossary.snippets.plots import Series


def draw_series(plt: Any, series: Series, plot: Plot, name: str, colours: Sequence[Any | None]) -> None:
    """Draw every series on plotext's module or a PlotextPlot's `plt`, with the entry's title, labels and axes."""
    plt.clear_figure()
    for (label, (x, y)), colour in zip(series.items(), colours):
        plt.plot(x.tolist(), y.tolist(), label=label, color=colour, marker="braille")
    plt.title(plot.title or name)
    plt.xlabel(plot.x_label)
    plt.ylabel(plot.y_label)
    plt.xscale("log" if plot.log_x else "linear")
    plt.yscale("log" if plot.log_y else "linear")
    if plot.log_x:
        plt.xticks(*log_ticks(x for x, _ in series.values()))
    if plot.log_y:
        plt.yticks(*log_ticks(y for _, y in series.values()))
