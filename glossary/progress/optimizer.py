"""Fitting the FSRS parameters to the learner's own review log with fsrs's optimizer (the `[optimizer]` extra).

Only spaced reviews teach the optimizer anything: answers a whole day or more after the card's previous one.
fsrs returns its defaults below one mini-batch of them (512), so that and 30 different cards are the threshold.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fsrs import Card, Rating, ReviewLog, Scheduler

from glossary.progress.store import ReviewRow

MIN_SPACED_REVIEWS = 512
MIN_CARDS = 30
INSTALL_HINT = (
    "the optimizer needs PyTorch and pandas: pip install 'glossary[optimizer]' (or pip install 'fsrs[optimizer]')"
)


class OptimizerMissing(Exception):
    """fsrs's optimizer cannot be imported (its extra dependencies are not installed)."""


@dataclass(frozen=True)
class LogSize:
    reviews: int
    spaced: int  # reviews a day or more after the card's previous review
    cards: int

    @property
    def enough(self) -> bool:
        return self.spaced >= MIN_SPACED_REVIEWS and self.cards >= MIN_CARDS


def review_logs(reviews: Sequence[ReviewRow]) -> list[ReviewLog]:
    """The store's reviews as fsrs review logs, one card id per (term, direction)."""
    ids: dict[tuple[str, str], int] = {}
    return [
        ReviewLog(ids.setdefault((r.entry_id, r.direction), len(ids) + 1), Rating(r.rating), r.reviewed, None)
        for r in reviews
    ]


def _histories(logs: Sequence[ReviewLog]) -> list[list[ReviewLog]]:
    """Each card's reviews in time order."""
    by_card: dict[int, list[ReviewLog]] = {}
    for log in logs:
        by_card.setdefault(log.card_id, []).append(log)
    return [sorted(history, key=lambda log: log.review_datetime) for history in by_card.values()]


def log_size(logs: Sequence[ReviewLog]) -> LogSize:
    histories = _histories(logs)
    spaced = sum((b.review_datetime - a.review_datetime).days > 0 for h in histories for a, b in zip(h, h[1:]))
    return LogSize(len(logs), spaced, len(histories))


def log_loss(logs: Sequence[ReviewLog], parameters: Sequence[float]) -> float:
    """The mean binary cross-entropy of FSRS's predicted recall (with `parameters`) against what happened
    (recalled unless rated Again), over the spaced reviews, each card replayed through its own history."""
    scheduler = Scheduler(parameters=parameters, enable_fuzzing=False)
    total, count = 0.0, 0
    for history in _histories(logs):
        card = Card(card_id=history[0].card_id, due=history[0].review_datetime)
        for log in history:
            if card.last_review is not None and (log.review_datetime - card.last_review).days > 0:
                p = min(max(scheduler.get_card_retrievability(card, log.review_datetime), 1e-9), 1 - 1e-9)
                total -= math.log(p) if log.rating != Rating.Again else math.log(1 - p)
                count += 1
            card, _ = scheduler.review_card(card, log.rating, review_datetime=log.review_datetime)
    return total / count if count else math.nan


def fit(logs: Sequence[ReviewLog]) -> list[float]:
    """The FSRS parameters that best predict `logs`, by fsrs's optimizer; OptimizerMissing without its extra."""
    from fsrs import Optimizer

    try:
        optimizer = Optimizer(list(logs))
    except ImportError:
        raise OptimizerMissing(INSTALL_HINT) from None
    return [float(p) for p in optimizer.compute_optimal_parameters()]
