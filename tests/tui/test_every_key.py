"""Every binding of every screen, pressed before the screen's data has loaded and again after: no crash."""

from __future__ import annotations

import threading
from collections.abc import Callable

from textual.binding import Binding
from textual.screen import Screen

from glossary.tui.app import GlossaryApp
from glossary.tui.screens.browse import BrowseScreen
from glossary.tui.screens.entry import EntryScreen
from glossary.tui.screens.help import HelpScreen
from glossary.tui.screens.quiz import QuizSetupScreen
from glossary.tui.screens.review import ReviewScreen
from glossary.tui.screens.stats import StatsScreen

from .conftest import settle

SCREENS: dict[str, Callable[[], Screen[None]]] = {
    "browse": BrowseScreen,
    "entry": lambda: EntryScreen("term-00004"),
    "quiz setup": QuizSetupScreen,
    "review": ReviewScreen,
    "stats": StatsScreen,
    "help": HelpScreen,
}
LEAVING = {"q", "ctrl+q"}  # keys that quit the app: pressing them would end the test


def keys_of(screen: Screen[None]) -> list[str]:
    """Every key bound by the screen and by the app, except those that quit."""
    bindings = [*screen.BINDINGS, *GlossaryApp.BINDINGS]
    keys = [key.strip() for b in bindings if isinstance(b, Binding) for key in b.key.split(",")]
    return [key for key in dict.fromkeys(keys) if key not in LEAVING]


async def press_everything(app: GlossaryApp, pilot, make: Callable[[], Screen[None]]) -> int:  # type: ignore[no-untyped-def]
    """Push the screen, then press each of its keys at once, pushing it again whenever a key left it."""
    pressed = 0
    for key in keys_of(make()):
        screen = make()
        await app.push_screen(screen)
        await pilot.press(key)
        pressed += 1
        while app.screen is not app.screen_stack[0]:
            app.pop_screen()
        await pilot.pause()
    return pressed


async def test_every_key_of_every_screen_is_safe_before_and_after_loading(make_app) -> None:  # type: ignore[no-untyped-def]
    gate = threading.Event()
    app = make_app(gate=gate, quiz_seed=1)
    assert app.catalog.loaded is None, "the app starts from the cached index, as a real start does"
    async with app.run_test(size=(100, 32)) as pilot:
        before = {name: await press_everything(app, pilot, make) for name, make in SCREENS.items()}
        assert app.catalog.loaded is None, "the keys were pressed while the content was still loading"
        gate.set()
        await settle(pilot)
        assert app.catalog.loaded is not None
        after = {name: await press_everything(app, pilot, make) for name, make in SCREENS.items()}
    assert before == after and all(count >= 1 for count in before.values())
    assert sum(before.values()) >= 30
