"""Day-by-day figures for the stats charts: reviews per day, retention per day and the due forecast."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from glossary.progress.store import ReviewRow, StoredCard

HISTORY_DAYS = 30
FORECAST_DAYS = 30


def local_day(moment: datetime) -> date:
    """The learner's calendar day of `moment` (in the local time zone)."""
    return moment.astimezone().date()


def is_right(review: ReviewRow) -> bool:
    """A quiz answer is right when it was graded correct; a review (ours or Anki's) when rated Hard or better."""
    return review.correct if review.correct is not None else review.rating >= 2


def past_days(today: date, days: int) -> list[date]:
    """The last `days` days, oldest first, ending with `today`."""
    return [today - timedelta(days=n) for n in range(days - 1, -1, -1)]


def reviews_per_day(reviews: Sequence[ReviewRow], today: date, days: int = HISTORY_DAYS) -> list[tuple[date, int]]:
    """How many reviews and quiz answers were recorded on each of the last `days` days."""
    daily = Counter(local_day(r.reviewed) for r in reviews)
    return [(day, daily.get(day, 0)) for day in past_days(today, days)]


def retention_per_day(
    reviews: Sequence[ReviewRow], today: date, days: int = HISTORY_DAYS
) -> list[tuple[date, float | None]]:
    """The share of reviews answered right on each of the last `days` days (None on a day without reviews)."""
    answered, right = Counter[date](), Counter[date]()
    for review in reviews:
        day = local_day(review.reviewed)
        answered[day] += 1
        right[day] += is_right(review)
    return [(day, right[day] / answered[day] if answered[day] else None) for day in past_days(today, days)]


def due_forecast(cards: Sequence[StoredCard], today: date, days: int = FORECAST_DAYS) -> list[tuple[date, int]]:
    """Cards falling due on each of the next `days` days, today first (today includes the overdue ones)."""
    due_days = Counter(max(local_day(c.due), today) for c in cards)
    return [(today + timedelta(days=n), due_days.get(today + timedelta(days=n), 0)) for n in range(days)]
