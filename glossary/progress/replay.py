"""Rebuilding a card's FSRS state from its review log, for reviews that arrive from elsewhere."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from fsrs import Card, Rating, Scheduler

from glossary.progress.scheduler import CardKey, _card_id
from glossary.progress.store import ProgressStore, ReviewRow, StoredCard


def replayed_card(
    scheduler: Scheduler, key: CardKey, reviews: Sequence[ReviewRow], introduced: StoredCard | None = None
) -> StoredCard:
    """The card as `scheduler` leaves it after `reviews` (any order; all of this card), answered in time order.
    The card keeps its id and its first-seen time (`introduced`'s, or the first review's if earlier)."""
    ordered = sorted(reviews, key=lambda r: r.reviewed)
    card_id = Card.from_json(introduced.card_json).card_id if introduced else _card_id(key)
    card = Card(card_id=card_id, due=ordered[0].reviewed)
    for review in ordered:
        card, _ = scheduler.review_card(card, Rating(review.rating), review_datetime=review.reviewed)
    first = min(introduced.introduced, ordered[0].reviewed) if introduced else ordered[0].reviewed
    return StoredCard(key.entry_id, key.direction, card.to_json(), card.due, first)


def with_reviews(store: ProgressStore, scheduler: Scheduler, added: Iterable[ReviewRow]) -> list[StoredCard]:
    """The cards touched by `added` reviews, replayed over their whole log (the store's reviews and the added)."""
    logs: dict[CardKey, list[ReviewRow]] = defaultdict(list)
    new = list(added)
    touched = {CardKey(r.entry_id, r.direction) for r in new}
    for review in [*store.reviews(), *new]:
        key = CardKey(review.entry_id, review.direction)
        if key in touched:
            logs[key].append(review)
    return [replayed_card(scheduler, key, log, store.card(key.entry_id, key.direction)) for key, log in logs.items()]
