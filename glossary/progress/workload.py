"""The expected daily workload at a desired retention, simulated from the learner's current cards."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from glossary.progress.store import StoredCard

WORKLOAD_DAYS = 30
RUNS = 4


def interval_days(parameters: Sequence[float], stability: float, retention: float) -> int:
    """FSRS's interval: the whole days (at least 1) after which recall falls from certain to `retention`."""
    decay = -parameters[20]
    factor = 0.9 ** (1 / decay) - 1
    return max(1, round(float(stability / factor * (retention ** (1 / decay) - 1))))


def expected_workload(
    cards: Sequence[StoredCard],
    parameters: Sequence[float],
    retention: float,
    now: datetime,
    days: int = WORKLOAD_DAYS,
    runs: int = RUNS,
    seed: int = 0,
) -> float:
    """Expected reviews per day over the next `days` days if the current cards are scheduled for `retention`.

    Method (a seeded Monte Carlo simulation with FSRS itself): each card is played `runs` times from its stored
    state. A card in review is next due when its recall probability falls to `retention` (its last review plus
    the FSRS interval for its stability), a card in (re)learning at its stored due, an overdue one now. At each
    review the card is recalled with its predicted retrievability (rated Good) or else forgotten (Again, which
    brings relearning steps), and FSRS reschedules it without fuzz. The reviews before the horizon, averaged over
    the runs and divided by `days`, are the workload. Terms not yet introduced are not counted.
    """
    scheduler = Scheduler(parameters=parameters, desired_retention=retention, enable_fuzzing=False)
    rng = random.Random(seed)
    end = now + timedelta(days=days)
    total = 0
    for stored in cards:
        start = Card.from_json(stored.card_json)
        first = stored.due
        if start.state == State.Review and start.last_review is not None and start.stability:
            first = start.last_review + timedelta(days=interval_days(parameters, start.stability, retention))
        for _ in range(runs):
            card, moment = start, max(first, now)
            while moment < end:
                total += 1
                recalled = rng.random() < scheduler.get_card_retrievability(card, moment)
                card, _ = scheduler.review_card(card, Rating.Good if recalled else Rating.Again, review_datetime=moment)
                moment = max(card.due, moment)
    return total / (runs * days)
