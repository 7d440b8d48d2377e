"""Progress backups: every card, review and setting as one versioned JSON document, and merging one back.

Merge semantics on import: reviews are a union (a review equal in every field to one already kept is not added
twice); a card present on both sides takes the state whose last review is newer (the store's on a tie), and
keeps the earlier first-seen time; settings in the backup replace the store's, since importing is restoring.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from fsrs import Card

from glossary.progress.store import ProgressStore, ReviewRow, StoredCard

FORMAT = "glossary-progress"
VERSION = 1


class BackupError(ValueError):
    """The file is not a backup this version can read; the message says why."""


@dataclass(frozen=True)
class Merged:
    cards: int  # cards added or replaced by newer ones
    reviews: int  # reviews added
    settings: int  # settings written


def backup(store: ProgressStore, now: datetime | None = None) -> dict[str, Any]:
    """The whole progress as JSON-ready data."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported": (now or datetime.now(timezone.utc)).isoformat(),
        "cards": [
            {
                "entry_id": c.entry_id,
                "direction": c.direction,
                "card": json.loads(c.card_json),
                "due": c.due.isoformat(),
                "introduced": c.introduced.isoformat(),
            }
            for c in store.cards()
        ],
        "reviews": [
            {
                "entry_id": r.entry_id,
                "direction": r.direction,
                "rating": r.rating,
                "correct": r.correct,
                "source": r.source,
                "reviewed": r.reviewed.isoformat(),
            }
            for r in store.reviews()
        ],
        "settings": store.all_settings(),
    }


def parse(text: str) -> tuple[list[StoredCard], list[ReviewRow], dict[str, str]]:
    """The cards, reviews and settings of a backup document, or a BackupError."""
    try:
        document = json.loads(text)
    except ValueError as error:
        raise BackupError(f"is not JSON ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError("is not a glossary progress backup")
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        raise BackupError(f"has no valid backup format version ({version!r})")
    if version > VERSION:
        raise BackupError(
            f"has backup format {version}, newer than this glossary's {VERSION}: upgrade glossary to import it"
        )
    try:
        cards = [_card(item) for item in document["cards"]]
        reviews = [_review(item) for item in document["reviews"]]
        settings = {str(k): _text(v) for k, v in document["settings"].items()}
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise BackupError(f"is damaged ({type(error).__name__}: {error})") from None
    return cards, reviews, settings


def merge(store: ProgressStore, cards: list[StoredCard], reviews: list[ReviewRow], settings: dict[str, str]) -> Merged:
    """Import a parsed backup into `store` (empty or not) in one transaction, by the module's merge rules."""
    kept = set(store.reviews())
    new_reviews = [r for r in dict.fromkeys(reviews) if r not in kept]
    new_cards = []
    for card in cards:
        current = store.card(card.entry_id, card.direction)
        if current is None:
            new_cards.append(card)
        elif _last_review(card) > _last_review(current):
            new_cards.append(
                StoredCard(
                    card.entry_id, card.direction, card.card_json, card.due, min(card.introduced, current.introduced)
                )
            )
    store.write_all(new_cards, new_reviews, settings)
    return Merged(len(new_cards), len(new_reviews), len(settings))


def _last_review(card: StoredCard) -> datetime:
    last = Card.from_json(card.card_json).last_review
    return last if last is not None else datetime.min.replace(tzinfo=timezone.utc)


def _moment(text: object) -> datetime:
    moment = datetime.fromisoformat(_text(text))
    if moment.tzinfo is None:
        raise ValueError(f"time {text!r} has no time zone")
    return moment


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {value!r}")
    return value


def _card(item: dict[str, Any]) -> StoredCard:
    card = Card.from_dict(item["card"])
    return StoredCard(
        _text(item["entry_id"]),
        _text(item["direction"]),
        card.to_json(),
        _moment(item["due"]),
        _moment(item["introduced"]),
    )


def _review(item: dict[str, Any]) -> ReviewRow:
    rating, correct = item["rating"], item["correct"]
    if rating not in (1, 2, 3, 4) or isinstance(rating, bool) or correct not in (None, True, False):
        raise ValueError(f"review rating {rating!r} / correct {correct!r}")
    return ReviewRow(
        _text(item["entry_id"]),
        _text(item["direction"]),
        rating,
        correct,
        _text(item["source"]),
        _moment(item["reviewed"]),
    )
