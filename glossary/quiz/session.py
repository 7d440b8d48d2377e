"""What the command line and the app share to run quizzes and reviews."""

from __future__ import annotations

import random
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from glossary.content.corpus import Corpus
from glossary.content.prerequisites import direct_prerequisites, prerequisites
from glossary.content.schema import Entry
from glossary.progress.scheduler import CardKey
from glossary.quiz.answers import stored_answers
from glossary.quiz.engine import QuizEngine
from glossary.quiz.grading import Grade
from glossary.quiz.model import Question, QuestionType


def engine_for(
    corpus: Corpus, home: Path, option_count: int = 4, confused: Mapping[str, Sequence[str]] | None = None
) -> QuizEngine:
    """A quiz engine whose numeric answers are the stored ones (computing them runs code, so it is never done here),
    offering the learner's past confusions (answer id → chosen ids) as distractors first."""
    return QuizEngine(corpus, stored_answers(corpus, home), option_count, dict(confused or {}))


def confusion(corpus: Corpus, question: Question, response: str) -> tuple[str, str] | None:
    """(answer id, chosen term's id) when `response` picks a wrong option that names a term, else None."""
    if not question.options or not response.strip().isdigit():
        return None
    index = int(response.strip()) - 1
    if not 0 <= index < len(question.options) or index == question.correct_index:
        return None
    answer_id = question.answer_id or question.entry_id
    chosen = corpus.resolve(question.options[index])
    return (answer_id, chosen.id) if chosen is not None and chosen.id != answer_id else None


def pick_entries(corpus: Corpus, category: str | None = None, tag: str | None = None) -> list[Entry]:
    """The entries of a category and/or tag (all when neither is given), sorted by id."""
    return [
        entry
        for entry in sorted(corpus, key=lambda e: e.id)
        if (category is None or entry.category.value == category) and (tag is None or tag in entry.tags)
    ]


def learn_first(corpus: Corpus, entry_id: str) -> list[str]:
    """What to read after a miss: the ids the term directly needs, in learning order."""
    direct = direct_prerequisites(corpus).get(entry_id, set())
    return [need for need in prerequisites(corpus, entry_id) if need in direct]


def card_question(engine: QuizEngine, key: CardKey) -> Question | None:
    """The question a review card shows: the same for the same card, so a learner meets it again."""
    seed = zlib.crc32(f"{key.entry_id}/{key.direction}".encode())
    entry = engine.corpus.entries.get(key.entry_id)
    try:
        kind = QuestionType(key.direction)
    except ValueError:
        return None  # a card of a question type this version does not know
    return engine.question(entry, kind, random.Random(seed)) if entry else None


@dataclass
class QuizTally:
    """Answers given so far in one quiz."""

    results: list[tuple[Question, Grade]] = field(default_factory=list)

    def add(self, question: Question, grade: Grade) -> None:
        self.results.append((question, grade))

    @property
    def correct(self) -> int:
        return sum(grade.correct for _, grade in self.results)

    @property
    def answered(self) -> int:
        return len(self.results)

    def weakest(self, limit: int = 5) -> list[str]:
        """Entry ids answered wrongly, most misses first."""
        misses = Counter(q.entry_id for q, grade in self.results if not grade.correct)
        return [entry_id for entry_id, _ in misses.most_common(limit)]
