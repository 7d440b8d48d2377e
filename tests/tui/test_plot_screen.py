"""The entry screen's plot: `p` computes it in a worker and draws it; code that is not shipped asks first."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual_plotext import PlotextPlot

from glossary.content.catalog import Catalog
from glossary.paths import content_dir, snippets_dir
from glossary.snippets.module import load_snippet_module
from glossary.tui.app import GlossaryApp, build_app
from glossary.tui.screens.browse import BrowseScreen
from glossary.tui.screens.consent import ConsentScreen
from glossary.tui.screens.plot_view import PlotView

from .conftest import settle

CURVE = '''

def scale_curve() -> dict[str, tuple[list[float], list[float]]]:
    """The scaling on [0, 4]."""
    x = [0.0, 1.0, 2.0, 3.0, 4.0]
    return {"scaled": (x, [scale_0(v) for v in x]), "squared": (x, [scale_0(v) ** 2 for v in x])}
'''


def add_plot(content: Path, snippets: Path) -> None:
    """Give synthetic term 0 a plot of its own snippet's function."""
    (snippets / "term-00000.py").write_text((snippets / "term-00000.py").read_text() + CURVE, encoding="utf-8")
    entry = content / "term-00000.yaml"
    entry.write_text(entry.read_text() + "plot:\n  function: scale_curve\n  x_label: value\n  y_label: scaled value\n")


def plot_app(make_app) -> GlossaryApp:  # type: ignore[no-untyped-def]
    add_plot(make_app.snippets.parent / "content", make_app.snippets)
    return make_app()  # type: ignore[no-any-return]


def shipped_app(home: Path) -> GlossaryApp:
    catalog, problems = Catalog.open(content_dir(), snippets_dir(), home / "cache")
    assert not problems
    return build_app(catalog, home)


def view_of(app: GlossaryApp) -> PlotView:
    return app.screen.query_one(PlotView)


async def test_p_draws_the_shipped_sigmoid_without_asking(tmp_path: Path) -> None:
    app = shipped_app(tmp_path / "home")
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_entry("sigmoid")
        await settle(pilot)
        assert not view_of(app).display, "no plot is computed before it is asked for"
        await pilot.press("p")
        assert not isinstance(app.screen, ConsentScreen), "the shipped snippets run without asking"
        await settle(pilot)
        view = view_of(app)
        assert view.display and view.query_one(PlotextPlot).display
        assert view.series is not None and set(view.series) == {"sigmoid", "derivative"}
        x, y = view.series["sigmoid"]
        module = load_snippet_module(snippets_dir() / "sigmoid.py")
        assert (y == module.sigmoid(x)).all()
        assert (tmp_path / "home" / "cache" / "plots.json").is_file()


async def test_an_entry_without_a_plot_says_so(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_entry("term-00003")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert not isinstance(app.screen, ConsentScreen) and not view_of(app).display
        assert not (make_app.home / "cache" / "plots.json").exists()


async def test_code_not_shipped_asks_once_and_no_cancels(make_app) -> None:  # type: ignore[no-untyped-def]
    app = plot_app(make_app)
    cache = make_app.home / "cache" / "plots.json"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_entry("term-00000")
        await settle(pilot)
        await pilot.press("p")
        assert isinstance(app.screen, ConsentScreen)
        assert str(make_app.snippets) in str(app.screen.query_one("#consent-question").render())
        await pilot.press("n")
        await settle(pilot)
        assert not isinstance(app.screen, ConsentScreen)
        assert not view_of(app).display and not cache.exists(), "cancelled: nothing ran"
        await pilot.press("p")
        assert isinstance(app.screen, ConsentScreen), "a no is not remembered"
        await pilot.press("y")
        await settle(pilot)
        view = view_of(app)
        assert view.series is not None and view.series["scaled"][1].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
        assert cache.is_file()
        await pilot.press("x")  # the yes holds for the session: the Run key no longer asks
        await pilot.pause()
        assert not isinstance(app.screen, ConsentScreen)
        await settle(pilot)
        assert "passed" in str(app.screen.query_one("#output").render())


async def test_the_run_key_asks_first_and_no_runs_nothing(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_entry("term-00004")
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConsentScreen)
        await pilot.press("n")
        await settle(pilot)
        assert "Press r to run." in str(app.screen.query_one("#output").render())


async def test_leaving_the_entry_while_the_plot_computes_is_safe(make_app) -> None:  # type: ignore[no-untyped-def]
    app = plot_app(make_app)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_entry("term-00000")
        await settle(pilot)
        await pilot.press("p", "y", "escape")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)  # no error from the worker that ended after the screen left


def test_snapshot_of_an_entry_with_its_plot(make_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def show_plot(pilot: Pilot) -> None:
        pilot.app.open_entry("term-00000")  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("p", "y")
        await settle(pilot)

    assert snap_compare(plot_app(make_app), run_before=show_plot, terminal_size=(80, 24))
