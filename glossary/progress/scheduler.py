"""Spaced repetition with FSRS: cards are (term, direction) pairs; reviews and quiz answers both reschedule them."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import IntEnum

from fsrs import Card, Rating

from glossary.content.corpus import Corpus
from glossary.content.prerequisites import direct_prerequisites, learning_order
from glossary.progress.store import ProgressStore, StoredCard
from glossary.progress.tuning import tuned_scheduler

#: The directions (question types) a new term is introduced with in reviews; a quiz answer can add any other.
REVIEW_DIRECTIONS = ("term-to-definition", "definition-to-term", "zh-to-en")
DEFAULT_NEW_PER_DAY = 20
MASTERED_STABILITY_DAYS = 21.0


class Score(IntEnum):
    """The four answers of a review, as the keys 1-4."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class CardKey:
    """One card: a term asked in one direction (the value of a question type, e.g. "zh-to-en")."""

    entry_id: str
    direction: str


def start_of_day(now: datetime) -> datetime:
    """Local midnight of `now`, in UTC: the daily new-card limit resets then."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)


class Reviewer:
    """Schedules and records reviews for one progress store."""

    def __init__(self, store: ProgressStore, new_per_day: int = DEFAULT_NEW_PER_DAY, fuzz: bool = True) -> None:
        self.store = store
        self.new_per_day = new_per_day
        self.scheduler = tuned_scheduler(store, fuzz)  # the learner's desired retention and fitted parameters

    def answer(
        self,
        key: CardKey,
        score: Score,
        source: str = "review",
        correct: bool | None = None,
        now: datetime | None = None,
    ) -> datetime:
        """Rate a card, save it with its review log in one transaction; returns its next due time."""
        now = now or datetime.now(timezone.utc)
        stored = self.store.card(key.entry_id, key.direction)
        card = Card.from_json(stored.card_json) if stored else Card(card_id=_card_id(key), due=now)
        card, _ = self.scheduler.review_card(card, Rating(int(score)), review_datetime=now)
        self.store.record(key.entry_id, key.direction, card.to_json(), card.due, int(score), source, correct, now)
        return card.due

    def due(self, corpus: Corpus, now: datetime | None = None) -> list[CardKey]:
        """Cards due now whose term still exists, most overdue first."""
        return [key for stored in self.store.due_cards(now) if (key := _key(stored, corpus)) is not None]

    def new_cards(
        self, corpus: Corpus, now: datetime | None = None, can_ask: Callable[[CardKey], bool] = lambda _: True
    ) -> list[CardKey]:
        """Unseen cards allowed today under the daily limit, in learning order (only those `can_ask`).

        A term is introduced only once every prerequisite placed before it has been seen (has a card, or is
        introduced earlier in this list) or has nothing left to ask; prerequisites on a cycle with it cannot all
        come first, so only the earlier ones wait."""
        now = now or datetime.now(timezone.utc)
        allowance = max(0, self.new_per_day - self.store.introduced_since(start_of_day(now)))
        seen = {(c.entry_id, c.direction) for c in self.store.cards()}
        introduced = {entry_id for entry_id, _ in seen}
        needs = direct_prerequisites(corpus)
        placed: set[str] = set()
        fresh: list[CardKey] = []
        for entry_id in learning_order(corpus):
            askable = [
                key
                for direction in REVIEW_DIRECTIONS
                if (entry_id, direction) not in seen and can_ask(key := CardKey(entry_id, direction))
            ]
            ready = needs[entry_id] & placed <= introduced
            placed.add(entry_id)
            if not askable:
                introduced.add(entry_id)  # nothing to introduce: it does not hold back what needs it
            elif ready:
                introduced.add(entry_id)
                fresh += askable[: allowance - len(fresh)]
            if len(fresh) >= allowance:
                break
        return fresh

    def queue(
        self, corpus: Corpus, now: datetime | None = None, can_ask: Callable[[CardKey], bool] = lambda _: True
    ) -> list[CardKey]:
        """Today's session: due cards first, then new ones."""
        return self.due(corpus, now) + self.new_cards(corpus, now, can_ask)


def stability_days(stored: StoredCard) -> float:
    """How many days the card's memory is expected to last (0 for a card still in learning)."""
    return float(Card.from_json(stored.card_json).stability or 0.0)


def _card_id(key: CardKey) -> int:
    return zlib.crc32(f"{key.entry_id}/{key.direction}".encode())


def _key(stored: StoredCard, corpus: Corpus) -> CardKey | None:
    return CardKey(stored.entry_id, stored.direction) if stored.entry_id in corpus.entries else None
