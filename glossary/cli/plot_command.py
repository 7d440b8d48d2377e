"""`glossary plot ID`: draw an entry's plot in the terminal with plotext (computing it runs the entry's snippet)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from typing import TYPE_CHECKING

from glossary.cli.common import UserError, cache_dir, load_content, resolve_entry

if TYPE_CHECKING:
    from glossary.content.schema import Plot
    from glossary.snippets.plots import Series

#: Line colours that read on light and dark terminal backgrounds alike (the terminal's own shades of them).
COLOURS = ("blue", "red", "green", "magenta", "cyan", "orange", "gray", "violet")
MIN_WIDTH, MIN_HEIGHT = 30, 8


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `plot` command to the parser."""
    plot = subcommands.add_parser("plot", help="draw a term's plot in the terminal (runs its snippet; then cached)")
    plot.add_argument("term", help="an id, alias or name")
    plot.add_argument("--width", type=_size(MIN_WIDTH), metavar="W", help="columns (default: the terminal's width)")
    plot.add_argument("--height", type=_size(MIN_HEIGHT), metavar="H", help="lines (default: fits the terminal)")
    plot.set_defaults(handler=plot_command)


def _size(minimum: int) -> argparse._ActionType:
    def parse(text: str) -> int:
        if not text.isdigit() or int(text) < minimum:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least {minimum}")
        return int(text)

    return parse


def plot_command(args: argparse.Namespace) -> int:
    """Compute (or read from the cache) the entry's series and print the chart."""
    from glossary.snippets.plots import plot_series

    corpus = load_content(args)
    entry = resolve_entry(corpus, args.term)
    path = corpus.snippet_path(entry)
    if entry.plot is None or path is None:
        raise UserError(f"{entry.id} has no plot")
    assert not isinstance(path, str)  # load_content has refused unsafe paths
    series = plot_series(path, entry.plot.function, cache_dir(args))
    if isinstance(series, str):
        raise UserError(f"the plot of {entry.id} could not be computed: {series}")
    columns, lines = shutil.get_terminal_size((80, 24))
    width = args.width or max(MIN_WIDTH, columns)
    height = args.height or max(MIN_HEIGHT, min(lines - 2, 30))
    coloured = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    print(chart(series, entry.plot, entry.name, width, height, coloured))
    return 0


def chart(series: Series, plot: Plot, name: str, width: int, height: int, coloured: bool) -> str:
    """The chart as text: no background fill, so it reads in light and dark terminals; no colour codes unless asked."""
    import plotext as plt

    from glossary.text.chart import draw_series

    draw_series(plt, series, plot, name, COLOURS if coloured else [None] * len(series))
    plt.theme("pro" if coloured else "clear")
    plt.plotsize(width, height)
    text: str = plt.build()
    return text if coloured else str(plt.uncolorize(text))
