"""Each flow of the app, driven by Textual's Pilot."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from textual.widgets import Input, OptionList, Static

from glossary.text.language import Language
from glossary.tui.screens.browse import BrowseScreen
from glossary.tui.screens.entry import EntryScreen
from glossary.tui.screens.help import HelpScreen
from glossary.tui.screens.quiz import QuizScreen, QuizSummaryScreen
from glossary.tui.screens.review import ReviewScreen
from glossary.tui.screens.snippet import SnippetScreen

from .conftest import settle

SIZE = (100, 32)


def static_text(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).render())


async def test_search_open_follow_a_relation_and_go_back(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"t7")
        terms = app.screen.query_one("#terms", OptionList)
        assert terms.get_option_at_index(0).id == "term-00007"
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen) and screen.entry_id == "term-00007"
        relations = screen.query_one("#relations", OptionList)
        target = relations.get_option_at_index(0).id.rsplit(":", 1)[-1]
        await pilot.press("enter")
        assert screen.entry_id == target and target != "term-00007"
        await pilot.press("escape")
        assert screen.entry_id == "term-00007"
        await pilot.press("f")
        assert screen.entry_id == target
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_search_matches_chinese_names_and_typos(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        name_zh = next(row.name_zh for row in app.catalog.index if row.id == "term-00003")
        await pilot.press("slash")
        app.screen.query_one("#search", Input).value = name_zh
        await pilot.pause()
        assert app.screen.query_one("#terms", OptionList).get_option_at_index(0).id == "term-00003"


async def test_run_a_snippet_and_see_its_output(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_entry("term-00004")
        await settle(pilot)
        await pilot.press("x", "y")  # y: the consent asked once for a pack that is not the shipped one
        await pilot.pause()
        assert isinstance(app.screen, SnippetScreen)
        await settle(pilot)
        output = static_text(app.screen, "#output")
        assert "5.0" in output and "passed" in output


async def test_a_hanging_snippet_times_out_and_the_ui_stays_responsive(make_app) -> None:  # type: ignore[no-untyped-def]
    path = make_app.snippets / "term-00002.py"
    path.write_text(path.read_text().replace("    print(scale_2(1.0))", "    while True:\n        pass"))
    app = make_app(snippet_timeout=2)
    async with app.run_test(size=SIZE) as pilot:
        app.open_entry("term-00002")
        await settle(pilot)
        await pilot.press("x", "y")
        screen = app.screen
        assert "Running" in static_text(screen, "#output")
        await pilot.press("question_mark")  # the app answers keys while the snippet runs
        await pilot.press("escape")
        assert app.screen is screen
        await settle(pilot)
        assert "timed out" in static_text(screen, "#output")


async def test_complete_a_quiz_and_see_the_score(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z")
        setup = app.screen
        setup.query_one("#count", Input).value = "3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        quiz = app.screen
        for _ in range(3):
            question = quiz.question
            if question.is_multiple_choice:
                await pilot.press(str(question.correct_index + 1))
            else:
                quiz.query_one("#quiz-answer", Input).value = question.answer
                await pilot.press("enter")
            assert "Correct" in static_text(quiz, "#quiz-feedback")
            await pilot.press("n")
        assert isinstance(app.screen, QuizSummaryScreen)
        assert "Score: 3/3 (100%)" in static_text(app.screen, "#score")
    rows = (
        sqlite3.connect(make_app.home / "progress.sqlite3")
        .execute("SELECT COUNT(*) FROM reviews WHERE source = 'quiz'")
        .fetchone()
    )
    assert rows[0] == 3


async def test_review_a_card_and_find_it_rescheduled(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        key = screen.queue[0]
        assert "Due 0 · New" in static_text(screen, "#review-counts")
        await pilot.press("3")  # rating before revealing does nothing
        assert screen.queue[0] == key
        await pilot.press("space", "4")
        assert "Reviewed 1" in static_text(screen, "#review-counts")
    row = (
        sqlite3.connect(make_app.home / "progress.sqlite3")
        .execute("SELECT due FROM cards WHERE entry_id = ? AND direction = ?", (key.entry_id, key.direction))
        .fetchone()
    )
    assert datetime.fromisoformat(row[0]) > datetime.now(timezone.utc)


async def test_switching_language_relabels_and_persists(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        assert app.language is Language.BOTH
        await pilot.press("l")
        assert app.language is Language.EN
        label = str(app.screen.query_one("#terms", OptionList).get_option_at_index(1).prompt)
        assert "·" not in label
        await pilot.press("l")
        label = str(app.screen.query_one("#terms", OptionList).get_option_at_index(1).prompt)
        assert label.strip().endswith("号")
    async with make_app().run_test(size=SIZE) as pilot:
        assert pilot.app.language is Language.ZH


async def test_stats_and_help_screens_open(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.query("PlotextPlot")
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_tiny_terminal_and_resizing_do_not_crash(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for size in [(40, 12), (160, 48), (20, 6), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        app.open_entry("term-00001")
        await app.workers.wait_for_complete()
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        assert app.is_running


async def test_command_palette_opens_terms_and_screens(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"Feature Margin Step 7")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen) and app.screen.entry_id == "term-00007"
        await pilot.press("ctrl+p", *"Screen: Review")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)


async def test_theme_toggle_persists(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        assert app.theme == "textual-light"
    async with make_app().run_test(size=SIZE) as pilot:
        assert pilot.app.theme == "textual-light"
