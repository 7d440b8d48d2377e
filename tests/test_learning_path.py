"""The learning path: `glossary path`, and reviews introducing new terms prerequisites first."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.content.corpus import Corpus
from glossary.content.prerequisites import direct_prerequisites, learning_order, prerequisites
from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.progress.store import ProgressStore
from glossary.quiz.weak import known_entries

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_path_lists_prerequisites_in_order_then_the_term(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], shipped: Corpus
) -> None:
    assert main(["path", "transformer"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line[:4].strip().rstrip(".").isdigit()]
    ids = [line.rsplit("(", 1)[1].split(")")[0] for line in lines]
    assert ids == [*prerequisites(shipped, "transformer"), "transformer"]
    assert ids.index("softmax") < ids.index("attention-mechanism") < ids.index("transformer")
    assert not any("✓" in line for line in lines)


def test_path_marks_known_terms(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = ProgressStore(isolated_home)
    reviewer = Reviewer(store, fuzz=False)
    reviewer.answer(CardKey("softmax", "term-to-definition"), Score.GOOD, now=START)
    reviewer.answer(CardKey("attention-mechanism", "zh-to-en"), Score.AGAIN, now=START)  # last answer wrong
    assert known_entries(store) == {"softmax"}
    store.close()
    assert main(["path", "Transformer"]) == 0
    out = capsys.readouterr().out
    marked = [line for line in out.splitlines() if "✓" in line]
    assert len(marked) == 1 and "(softmax)" in marked[0]
    assert "1/" in out.splitlines()[-1]


def test_reviews_introduce_terms_after_their_prerequisites(tmp_path: Path, shipped: Corpus) -> None:
    """Day after day of new cards over the whole shipped content: no term comes before what it needs."""
    store = ProgressStore(tmp_path)
    reviewer = Reviewer(store, new_per_day=40, fuzz=False)
    position = {entry_id: rank for rank, entry_id in enumerate(learning_order(shipped))}
    needs = direct_prerequisites(shipped)
    introduced: list[str] = []
    for day in range(60):
        now = START + timedelta(days=day)
        fresh = reviewer.new_cards(shipped, now)
        if not fresh:
            break
        for key in fresh:
            earlier = {need for need in needs[key.entry_id] if position[need] < position[key.entry_id]}
            assert earlier <= set(introduced), (key, earlier - set(introduced))
            reviewer.answer(key, Score.GOOD, now=now)
            if key.entry_id not in introduced:
                introduced.append(key.entry_id)
    assert sorted(introduced) == sorted(shipped.entries)
    assert introduced.index("softmax") < introduced.index("attention-mechanism") < introduced.index("transformer")
    store.close()


def test_new_cards_keep_the_daily_limit_and_skip_terms_that_cannot_be_asked(tmp_path: Path, shipped: Corpus) -> None:
    store = ProgressStore(tmp_path)
    first = learning_order(shipped)[0]
    reviewer = Reviewer(store, new_per_day=2, fuzz=False)
    fresh = reviewer.new_cards(shipped, START)
    assert [key.entry_id for key in fresh] == [first, first]
    # a term with nothing to ask does not hold back the terms that need it
    blocked = Reviewer(store, new_per_day=10, fuzz=False).new_cards(
        shipped, START, can_ask=lambda key: key.entry_id != first
    )
    assert first not in {key.entry_id for key in blocked} and blocked
    store.close()
