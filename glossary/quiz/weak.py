"""What the learner knows and where they are weakest, from the progress store.

Known: a term is known when at least one of its cards was last answered right (a review rated Hard, Good or
Easy, or a quiz answer graded right); a card never answered, or last failed, does not count.

Weakness of a card (higher is weaker): ``(1 - R) + LAPSE_WEIGHT * lapses + WRONG_WEIGHT * recent_wrong`` where R
is its FSRS retrievability now (0..1), `lapses` the answers ever rated Again, and `recent_wrong` how many of its
last `RECENT` answers were wrong. So a card failed again and again outranks one merely overdue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from fsrs import Card

from glossary.content.corpus import Corpus
from glossary.progress.scheduler import CardKey, Reviewer
from glossary.progress.store import ProgressStore, ReviewRow
from glossary.quiz.engine import QuizEngine
from glossary.quiz.model import Question, QuestionType
from glossary.quiz.session import card_question

LAPSE_WEIGHT = 0.5
WRONG_WEIGHT = 1.0
RECENT = 3


def _failed(review: ReviewRow) -> bool:
    return review.rating == 1 or review.correct is False


def _history(store: ProgressStore) -> dict[tuple[str, str], list[ReviewRow]]:
    """Each card's answers, oldest first."""
    history: dict[tuple[str, str], list[ReviewRow]] = defaultdict(list)
    for review in store.reviews():
        history[(review.entry_id, review.direction)].append(review)
    return history


def known_entries(store: ProgressStore) -> set[str]:
    """The ids of the terms with a card whose last answer was right."""
    return {entry_id for (entry_id, _), answers in _history(store).items() if not _failed(answers[-1])}


@dataclass(frozen=True)
class Weakness:
    """One card's weakness and what it is made of."""

    key: CardKey
    retrievability: float
    lapses: int
    recent_wrong: int

    @property
    def score(self) -> float:
        return (1 - self.retrievability) + LAPSE_WEIGHT * self.lapses + WRONG_WEIGHT * self.recent_wrong


def weakest_cards(reviewer: Reviewer, corpus: Corpus, limit: int, now: datetime | None = None) -> list[Weakness]:
    """Up to `limit` of the learner's cards (of terms that still exist), weakest first, ties by entry id."""
    now = now or datetime.now(timezone.utc)
    history = _history(reviewer.store)
    found = []
    for stored in reviewer.store.cards():
        if stored.entry_id not in corpus.entries:
            continue
        answers = history.get((stored.entry_id, stored.direction), [])
        found.append(
            Weakness(
                CardKey(stored.entry_id, stored.direction),
                reviewer.scheduler.get_card_retrievability(Card.from_json(stored.card_json), now),
                sum(a.rating == 1 for a in answers),
                sum(_failed(a) for a in answers[-RECENT:]),
            )
        )
    found.sort(key=lambda w: (-w.score, w.key.entry_id, w.key.direction))
    return found[:limit]


def weak_questions(
    engine: QuizEngine,
    reviewer: Reviewer,
    count: int,
    allowed: Collection[str] | None = None,
    types: Iterable[QuestionType] | None = None,
    now: datetime | None = None,
) -> list[Question]:
    """The questions of the `count` weakest cards that can still be asked (of `allowed` terms and `types`)."""
    ranked = [w.key for w in weakest_cards(reviewer, engine.corpus, len(reviewer.store.cards()), now)]
    return card_questions(engine, ranked, count, allowed, types)


def card_questions(
    engine: QuizEngine,
    keys: Iterable[CardKey],
    count: int,
    allowed: Collection[str] | None = None,
    types: Iterable[QuestionType] | None = None,
) -> list[Question]:
    """The questions of the first `count` of `keys` that can be asked (of `allowed` terms and `types`)."""
    kinds = {kind.value for kind in types} if types else None
    questions: list[Question] = []
    for key in keys:
        if len(questions) == count:
            break
        if (allowed is not None and key.entry_id not in allowed) or (kinds is not None and key.direction not in kinds):
            continue
        if (question := card_question(engine, key)) is not None:
            questions.append(question)
    return questions
