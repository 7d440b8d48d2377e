"""The stats screen's charts over a fixed synthetic review history at a fixed moment (SVG snapshots)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from textual.pilot import Pilot
from textual_plotext import PlotextPlot

from glossary.progress.store import ProgressStore
from glossary.tui.screens.stats import StatsScreen

from ..test_progress_stats import NOW, fill_history, utc_days  # noqa: F401 (utc_days is a fixture)
from .conftest import AppFactory, settle


@pytest.fixture
def history(make_app: AppFactory) -> Iterator[AppFactory]:
    """The app's data folder holds the same 40 days of reviews every run, ending a day before NOW."""
    store = ProgressStore(make_app.home)  # type: ignore[attr-defined]
    fill_history(store, [f"term-{n:05d}" for n in range(1, 13)])
    store.close()
    yield make_app


async def open_stats(pilot: Pilot) -> None:
    pilot.app.push_screen(StatsScreen(now=NOW))
    await settle(pilot)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_stats_charts_at_80_by_24(history: AppFactory, snap_compare, theme: str) -> None:  # type: ignore[no-untyped-def]
    async def themed(pilot: Pilot) -> None:
        pilot.app.theme = theme
        await open_stats(pilot)

    assert snap_compare(history(), run_before=themed, terminal_size=(80, 24))


async def test_the_charts_plot_the_figures(history: AppFactory) -> None:
    app = history()
    async with app.run_test(size=(100, 40)) as pilot:
        await open_stats(pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen) and screen.figures is not None
        assert {plot.id for plot in screen.query(PlotextPlot)} == {"per-day", "retention", "forecast"}
        reviews = ProgressStore(history.home).reviews()  # type: ignore[attr-defined]
        in_window = [r for r in reviews if r.reviewed.date() > NOW.date() - timedelta(days=30)]
        assert sum(n for _, n in screen.figures.per_day) == len(in_window) > 0
        assert screen.figures.per_day[-1][0] == NOW.date() and screen.figures.forecast[0][0] == NOW.date()
