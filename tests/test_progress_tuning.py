"""The scheduler tuned to the learner: desired retention and FSRS parameters fitted to the review log."""

from __future__ import annotations

import importlib.util
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

from glossary.cli import main
from glossary.progress.optimizer import log_loss, log_size, review_logs
from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.progress.store import ProgressStore, ReviewRow
from glossary.progress.tuning import DEFAULT_RETENTION, desired_retention, fitted_parameters

START = datetime(2025, 1, 1, 9, 0, tzinfo=timezone.utc)
OPTIMIZER = all(importlib.util.find_spec(name) for name in ("torch", "pandas", "tqdm"))
#: A learner whose memories last three times as long at first, and forget faster later, than FSRS assumes.
TRUE_PARAMETERS = (*[3 * w for w in DEFAULT_PARAMETERS[:4]], *DEFAULT_PARAMETERS[4:8], 1.0, *DEFAULT_PARAMETERS[9:])


def synthetic_log(cards: int = 70, seed: int = 11) -> list[ReviewRow]:
    """Reviews of `cards` cards by a learner who remembers as FSRS with TRUE_PARAMETERS predicts: each review comes
    at a jittered interval, and is recalled with the true recall probability (a seeded draw)."""
    rng = random.Random(seed)
    truth = Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
    rows = []
    for number in range(cards):
        card, moment = Card(card_id=number + 1), START + timedelta(hours=rng.randrange(24 * 20))
        rating = rng.choices([Rating.Again, Rating.Good, Rating.Easy], [2, 6, 2])[0]
        for _ in range(14):
            rows.append(ReviewRow(f"term-{number}", "cloze", int(rating), None, "review", moment))
            card, _ = truth.review_card(card, rating, review_datetime=moment)
            moment += (card.due - moment) * rng.uniform(0.5, 2.0)
            recalled = rng.random() < truth.get_card_retrievability(card, moment)
            rating = rng.choices([Rating.Hard, Rating.Good, Rating.Easy], [1, 6, 1])[0] if recalled else Rating.Again
    return rows


def test_desired_retention_is_validated_stored_and_used(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["progress", "retention"]) == 0 and "0.90" in capsys.readouterr().out
    for wrong in ("0.5", "1", "nan"):
        assert main(["progress", "retention", wrong]) == 1
        assert "between 0.70 and 0.99" in capsys.readouterr().err
    assert main(["progress", "retention", "0.8"]) == 0 and "0.80" in capsys.readouterr().out
    store = ProgressStore(isolated_home)
    assert desired_retention(store) == 0.8 and Reviewer(store).scheduler.desired_retention == 0.8
    key, now = CardKey("a", "cloze"), START
    for _ in range(3):  # a card in review, then compare the interval at two retentions
        now = Reviewer(store, fuzz=False).answer(key, Score.GOOD, now=now)
    low = Reviewer(store, fuzz=False).answer(key, Score.GOOD, now=now) - now
    store.set_setting("desired_retention", "0.95")
    other = CardKey("b", "cloze")
    later = START
    for _ in range(3):
        later = Reviewer(store, fuzz=False).answer(other, Score.GOOD, now=later)
    high = Reviewer(store, fuzz=False).answer(other, Score.GOOD, now=later) - later
    assert low > high  # remembering more of the cards means seeing them sooner


def test_optimize_refuses_a_short_log_with_the_counts(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ProgressStore(isolated_home).write_all(reviews=synthetic_log(cards=10))
    assert main(["optimize"]) == 1
    err = capsys.readouterr().err
    assert "not enough reviews" in err and "over 10 card(s)" in err and "512 over 30 cards" in err
    assert fitted_parameters(ProgressStore(isolated_home)) is None


@pytest.mark.skipif(not OPTIMIZER, reason="fsrs's optimizer extra (torch, pandas, tqdm) is not installed")
def test_optimize_fits_the_learners_memory_and_lowers_the_log_loss(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = synthetic_log()
    logs = review_logs(rows)
    assert log_size(logs).enough
    ProgressStore(isolated_home).write_all(reviews=rows)
    assert main(["optimize"]) == 0
    assert "the scheduler uses them from now on" in capsys.readouterr().out
    store = ProgressStore(isolated_home)
    fitted = fitted_parameters(store)
    assert fitted is not None and fitted != tuple(DEFAULT_PARAMETERS)
    assert log_loss(logs, fitted) < log_loss(logs, DEFAULT_PARAMETERS) - 0.005
    assert fitted[0] > DEFAULT_PARAMETERS[0]  # it learned that first memories last longer than the defaults say
    assert Reviewer(store).scheduler.parameters == fitted and desired_retention(store) == DEFAULT_RETENTION
