"""Stats figures: reviews and retention per day, the due forecast, the expected workload and `stats --json`."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.content.loader import load_corpus
from glossary.progress.history import due_forecast, retention_per_day, reviews_per_day
from glossary.progress.scheduler import REVIEW_DIRECTIONS, CardKey, Reviewer, Score
from glossary.progress.stats import progress
from glossary.progress.store import ProgressStore, ReviewRow
from glossary.progress.tuning import DEFAULT_RETENTION
from glossary.progress.workload import expected_workload

NOW = datetime(2026, 3, 31, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def utc_days(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Days are the learner's local days: fix the zone so that the day boundaries are the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def fill_history(
    store: ProgressStore, entry_ids: list[str], now: datetime = NOW, days: int = 40, seed: int = 7
) -> None:
    """A fixed synthetic history: on each of `days` days before `now`, a seeded few reviews and quiz answers."""
    rng = random.Random(seed)
    reviewer = Reviewer(store, fuzz=False)
    keys = [CardKey(entry_id, direction) for entry_id in entry_ids for direction in REVIEW_DIRECTIONS]
    for day in range(days, 0, -1):
        for slot in range(rng.randint(0, 9)):
            when = now - timedelta(days=day) + timedelta(minutes=5 * slot)
            key = rng.choice(keys)
            if rng.random() < 0.25:
                correct = rng.random() < 0.7
                reviewer.answer(key, Score.GOOD if correct else Score.AGAIN, "quiz", correct, now=when)
            else:
                reviewer.answer(key, Score(rng.choices([1, 2, 3, 4], [2, 1, 6, 1])[0]), now=when)


def row(rating: int, when: datetime, correct: bool | None = None) -> ReviewRow:
    return ReviewRow("t", "cloze", rating, correct, "review" if correct is None else "quiz", when)


def test_reviews_and_retention_per_day_count_right_answers_by_source() -> None:
    today, yesterday = NOW, NOW - timedelta(days=1)
    reviews = [row(1, yesterday), row(2, yesterday), row(3, today), row(4, today, correct=False), row(1, today, True)]
    per_day = reviews_per_day(reviews, NOW.date(), days=3)
    assert per_day == [(NOW.date() - timedelta(days=2), 0), (yesterday.date(), 2), (NOW.date(), 3)]
    retention = retention_per_day(reviews, NOW.date(), days=3)
    # a review is right when rated Hard or better, a quiz answer when graded correct, whatever its rating
    assert retention == [(NOW.date() - timedelta(days=2), None), (yesterday.date(), 0.5), (NOW.date(), 2 / 3)]


def test_the_forecast_counts_overdue_cards_today(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    reviewer = Reviewer(store, fuzz=False)
    reviewer.answer(CardKey("a", "cloze"), Score.EASY, now=NOW - timedelta(days=60))  # long overdue
    due = reviewer.answer(CardKey("b", "cloze"), Score.EASY, now=NOW)
    forecast = due_forecast(store.cards(), NOW.date(), days=30)
    assert len(forecast) == 30 and forecast[0] == (NOW.date(), 1)
    assert dict(forecast)[due.date()] == 1 and sum(n for _, n in forecast) == 2


def test_a_higher_retention_costs_more_reviews(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    fill_history(store, [f"term-{n:05d}" for n in range(1, 13)], days=60)
    cards, parameters = store.cards(), Reviewer(store).scheduler.parameters
    loads = [expected_workload(cards, parameters, retention, NOW) for retention in (0.75, 0.85, 0.9, 0.97)]
    assert loads == sorted(loads) and loads[0] > 0 and loads[-1] > 1.5 * loads[0]
    assert expected_workload(cards, parameters, 0.9, NOW) == loads[2]  # seeded: the same figure every time
    assert expected_workload([], parameters, 0.9, NOW) == 0


def test_stats_json_prints_the_same_figures(
    mini: tuple[Path, Path], isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = load_corpus(*mini)[0]
    now = datetime.now(timezone.utc)
    store = ProgressStore(isolated_home)
    fill_history(store, list(corpus.entries), now=now)
    expected = progress(corpus, store, now).to_dict()
    store.close()
    content, snippets = mini
    assert main(["--content", str(content), "--snippets", str(snippets), "stats", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    for key in ("reviews", "quiz_answers", "reviews_per_day", "retention_per_day", "due_forecast", "mastery"):
        assert printed[key] == expected[key], key
    assert printed["desired_retention"] == DEFAULT_RETENTION and printed["expected_reviews_per_day"] > 0
    assert len(printed["reviews_per_day"]) == len(printed["due_forecast"]) == 30
    assert sum(day["reviews"] for day in printed["reviews_per_day"]) == sum(
        1 for r in ProgressStore(isolated_home).reviews() if r.reviewed.date() > now.date() - timedelta(days=30)
    )
