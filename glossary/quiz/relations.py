"""Relation questions: "{A} is a kind of which of these?", or asked from the target ("Which of these addresses …?")."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from glossary.content.schema import Entry
from glossary.content.vocabulary import RelationType
from glossary.quiz.masking import leaks
from glossary.quiz.model import Question, QuestionType

if TYPE_CHECKING:
    from glossary.quiz.engine import QuizEngine

#: How a relation reads as a question about its source ("{A} is a kind of which of these?").
RELATION_PROMPTS: dict[RelationType, str] = {
    RelationType.IS_A: "{source} is a kind of which of these?",
    RelationType.PART_OF: "{source} is a part of which of these?",
    RelationType.VARIANT_OF: "{source} is a variant of which of these?",
    RelationType.USES: "{source} uses which of these?",
    RelationType.CONTRASTS_WITH: "{source} is usually contrasted with which of these?",
}
#: Relations asked from their target instead ("Which of these addresses {B}?").
REVERSE_RELATION_PROMPTS: dict[RelationType, str] = {
    RelationType.ADDRESSES: "Which of these addresses the {target}?",
}


def relation_question(engine: QuizEngine, entry: Entry, rng: random.Random) -> Question | None:
    """A question about one of the entry's typed relations (None when none can be asked without a giveaway)."""
    edges = [(r, engine.corpus.canonical_id(t)) for r, t in entry.targets()]
    for relation, target_id in rng.sample(edges, len(edges)):
        target = engine.corpus.entries.get(target_id)
        if target is None:
            continue
        if relation in RELATION_PROMPTS:
            question = _forward_relation(engine, entry, relation, target, rng)
        elif relation in REVERSE_RELATION_PROMPTS:
            question = _reverse_relation(engine, entry, relation, target, rng)
        else:
            continue
        if question is not None:
            return question
    return None


def _forward_relation(
    engine: QuizEngine, source: Entry, relation: RelationType, target: Entry, rng: random.Random
) -> Question | None:
    prompt = RELATION_PROMPTS[relation].format(source=source.name)
    if leaks(prompt, target):
        return None
    linked = {engine.corpus.canonical_id(t) for t in source.relations.get(relation, [])}
    options = engine.choices(
        target, target.name, rng, lambda e: e.name, allowed=lambda e: e.id not in linked and e.id != source.id
    )
    if options is None:
        return None
    explanation = f"{source.name} {relation.value} {target.name}. {source.summary}"
    return Question(QuestionType.RELATION, source.id, prompt, target.name, explanation, options, answer_id=target.id)


def _reverse_relation(
    engine: QuizEngine, source: Entry, relation: RelationType, target: Entry, rng: random.Random
) -> Question | None:
    prompt = REVERSE_RELATION_PROMPTS[relation].format(target=target.name)
    if leaks(prompt, source):
        return None
    options = engine.choices(
        source,
        source.name,
        rng,
        lambda e: e.name,
        allowed=lambda e: (
            target.id not in {engine.corpus.canonical_id(t) for t in e.relations.get(relation, [])}
            and e.id != target.id
        ),
    )
    if options is None:
        return None
    explanation = f"{source.name} {relation.value} {target.name}. {source.summary}"
    return Question(QuestionType.RELATION, source.id, prompt, source.name, explanation, options, answer_id=source.id)
