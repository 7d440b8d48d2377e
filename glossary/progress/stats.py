"""Progress figures: reviews and retention per day, accuracy, mastery per category, the due forecast and the
expected workload at the learner's desired retention."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from glossary.content.corpus import Corpus
from glossary.progress.history import due_forecast, local_day, retention_per_day, reviews_per_day
from glossary.progress.scheduler import MASTERED_STABILITY_DAYS, stability_days
from glossary.progress.store import ProgressStore
from glossary.progress.tuning import desired_retention, fitted_parameters, tuned_scheduler
from glossary.progress.workload import expected_workload


@dataclass(frozen=True)
class CategoryMastery:
    category: str
    terms: int
    seen: int  # terms with at least one card
    mastered: int  # terms all of whose cards are stable for MASTERED_STABILITY_DAYS or more

    @property
    def fraction(self) -> float:
        return self.mastered / self.terms if self.terms else 0.0


@dataclass(frozen=True)
class Progress:
    reviews: int
    quiz_answers: int
    quiz_correct: int
    per_day: list[tuple[date, int]]  # reviews per day, oldest first
    retention: list[tuple[date, float | None]]  # share answered right per day, oldest first (None: no reviews)
    forecast: list[tuple[date, int]]  # cards falling due per day, today first (today includes overdue)
    mastery: list[CategoryMastery]
    desired_retention: float
    workload: float  # expected reviews per day over the next 30 days at the desired retention
    fitted: bool  # whether the scheduler uses parameters fitted by `glossary optimize`

    @property
    def accuracy(self) -> float | None:
        return self.quiz_correct / self.quiz_answers if self.quiz_answers else None

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready data (dates as ISO strings)."""
        return {
            "reviews": self.reviews,
            "quiz_answers": self.quiz_answers,
            "quiz_correct": self.quiz_correct,
            "accuracy": self.accuracy,
            "desired_retention": self.desired_retention,
            "expected_reviews_per_day": round(self.workload, 2),
            "fitted_parameters": self.fitted,
            "reviews_per_day": [{"date": d.isoformat(), "reviews": n} for d, n in self.per_day],
            "retention_per_day": [{"date": d.isoformat(), "retention": r} for d, r in self.retention],
            "due_forecast": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
            "mastery": [
                {"category": m.category, "terms": m.terms, "seen": m.seen, "mastered": m.mastered} for m in self.mastery
            ],
        }


def progress(corpus: Corpus, store: ProgressStore, now: datetime | None = None) -> Progress:
    """Everything the stats views show, computed from the store as of `now` (default: this moment)."""
    now = now or datetime.now(timezone.utc)
    today = local_day(now)
    reviews = [r for r in store.reviews() if r.reviewed <= now]
    cards = [c for c in store.cards() if c.entry_id in corpus.entries]
    by_entry: dict[str, list[float]] = defaultdict(list)
    for card in cards:
        by_entry[card.entry_id].append(stability_days(card))
    mastery = []
    for category, entries in corpus.by_category().items():
        seen = [e for e in entries if e.id in by_entry]
        mastered = [e for e in seen if min(by_entry[e.id]) >= MASTERED_STABILITY_DAYS]
        mastery.append(CategoryMastery(category.value, len(entries), len(seen), len(mastered)))
    quiz = [r for r in reviews if r.correct is not None]
    retention = desired_retention(store)
    workload = expected_workload(cards, tuned_scheduler(store).parameters, retention, now)
    return Progress(
        len(reviews),
        len(quiz),
        sum(bool(r.correct) for r in quiz),
        reviews_per_day(reviews, today),
        retention_per_day(reviews, today),
        due_forecast(cards, today),
        mastery,
        retention,
        workload,
        fitted_parameters(store) is not None,
    )
