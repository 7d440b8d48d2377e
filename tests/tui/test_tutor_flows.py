"""The tutor in the app: Learn first on an entry, browsing in learning order, weak practice and its feedback."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from textual.widgets import Checkbox, Input, OptionList, Static

from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.progress.store import ProgressStore
from glossary.tui.screens.browse import BrowseScreen
from glossary.tui.screens.entry import EntryScreen
from glossary.tui.screens.quiz import QuizScreen

from .conftest import settle

SIZE = (100, 32)
NOW = datetime.now(timezone.utc)


def plant(home, known: list[str], failed: CardKey | None = None) -> None:  # type: ignore[no-untyped-def]
    """Cards of `known` answered right; `failed` missed again and again."""
    store = ProgressStore(home)
    reviewer = Reviewer(store, fuzz=False)
    for day in range(5):
        moment = NOW - timedelta(days=5 - day)
        for entry_id in known:
            reviewer.answer(CardKey(entry_id, "definition-to-term"), Score.GOOD, now=moment)
        if failed is not None:
            reviewer.answer(failed, Score.AGAIN, "quiz", False, now=moment)
    store.close()


async def test_learn_first_lists_prerequisites_ticks_known_and_follows(make_app) -> None:  # type: ignore[no-untyped-def]
    plant(make_app.home, ["term-00000"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_entry("term-00002")  # term-00002 is-a term-00001, which is-a term-00000
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        first = screen.query_one("#learn-first", OptionList)
        labels = [str(first.get_option_at_index(i).prompt) for i in range(first.option_count)]
        ids = [first.get_option_at_index(i).id for i in range(first.option_count)]
        assert ids == ["first:term-00000", "first:term-00001"]
        assert labels[0].startswith("✓") and not labels[1].startswith("✓")
        first.focus()
        first.highlighted = 1
        await pilot.press("enter")
        assert screen.entry_id == "term-00001"
        app.open_entry("term-00000")
        await settle(pilot)
        assert not app.screen.query_one("#learn-first", OptionList).display  # nothing to learn first


async def test_browse_toggles_learning_order(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        terms = app.screen.query_one("#terms", OptionList)
        ids = [terms.get_option_at_index(i).id for i in range(terms.option_count)]
        assert ids[0] is None and "LEARNING ORDER" in str(terms.get_option_at_index(0).prompt)
        order = ids[1:]
        assert len(order) == 12 and order.index("term-00000") < order.index("term-00001") < order.index("term-00002")
        assert order.index("term-00003") < order.index("term-00007")
        await pilot.press("o")
        assert "LEARNING ORDER" not in str(terms.get_option_at_index(0).prompt)


async def test_weak_quiz_asks_the_failed_card_and_offers_its_entry(make_app) -> None:  # type: ignore[no-untyped-def]
    weak = CardKey("term-00003", "definition-to-term")
    plant(make_app.home, ["term-00000", "term-00001", "term-00005"], weak)
    app = make_app(quiz_seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("z")
        setup = app.screen
        setup.query_one("#count", Input).value = "1"
        setup.query_one("#weak", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        quiz = app.screen
        assert isinstance(quiz, QuizScreen) and len(quiz.questions) == 1
        question = quiz.question
        assert (question.entry_id, question.type.value) == ("term-00003", "definition-to-term")
        wrong = next(i for i in range(len(question.options)) if i != question.correct_index)
        await pilot.press(str(wrong + 1))
        feedback = str(quiz.query_one("#quiz-feedback", Static).render())
        assert "Not quite" in feedback and "Learn first: Prior State Scale 1" in feedback
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EntryScreen) and app.screen.entry_id == "term-00003"
    chosen = app.catalog.index
    store = ProgressStore(make_app.home)
    confusions = store.confusions()
    store.close()
    names = {row.name: row.id for row in chosen}
    assert confusions == {"term-00003": [names[question.options[wrong]]]}
