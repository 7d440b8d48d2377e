"""Progress figures: reviews per day, accuracy, mastery per category and the upcoming due forecast."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from glossary.content.corpus import Corpus
from glossary.progress.scheduler import MASTERED_STABILITY_DAYS, stability_days
from glossary.progress.store import ProgressStore


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
    forecast: list[tuple[date, int]]  # cards falling due per day, today first (today includes overdue)
    mastery: list[CategoryMastery]

    @property
    def accuracy(self) -> float | None:
        return self.quiz_correct / self.quiz_answers if self.quiz_answers else None


def progress(corpus: Corpus, store: ProgressStore, now: datetime | None = None, days: int = 14) -> Progress:
    """Everything the stats views show, computed from the store."""
    now = now or datetime.now(timezone.utc)
    today = now.astimezone().date()
    reviews = store.reviews()
    daily = Counter(r.reviewed.astimezone().date() for r in reviews)
    per_day = [(today - timedelta(days=n), daily.get(today - timedelta(days=n), 0)) for n in range(days - 1, -1, -1)]
    cards = [c for c in store.cards() if c.entry_id in corpus.entries]
    due_days = Counter(max(c.due.astimezone().date(), today) for c in cards)
    forecast = [(today + timedelta(days=n), due_days.get(today + timedelta(days=n), 0)) for n in range(7)]
    by_entry: dict[str, list[float]] = defaultdict(list)
    for card in cards:
        by_entry[card.entry_id].append(stability_days(card))
    mastery = []
    for category, entries in corpus.by_category().items():
        seen = [e for e in entries if e.id in by_entry]
        mastered = [e for e in seen if min(by_entry[e.id]) >= MASTERED_STABILITY_DAYS]
        mastery.append(CategoryMastery(category.value, len(entries), len(seen), len(mastered)))
    quiz = [r for r in reviews if r.correct is not None]
    return Progress(len(reviews), len(quiz), sum(bool(r.correct) for r in quiz), per_day, forecast, mastery)
