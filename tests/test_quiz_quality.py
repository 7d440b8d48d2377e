"""The quiz guarantees, checked over the full shipped content and many seeds."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter

import pytest

from glossary.content.corpus import normalise
from glossary.content.loader import load_corpus
from glossary.paths import content_dir, snippets_dir
from glossary.quiz.answers import stored_answers
from glossary.quiz.engine import QuizEngine
from glossary.quiz.grading import grade
from glossary.quiz.model import Question, QuestionType

SEEDS = range(20)


@pytest.fixture(scope="module")
def engine() -> QuizEngine:
    corpus, _ = load_corpus(content_dir(), snippets_dir())
    return QuizEngine(corpus, stored_answers(corpus))


@pytest.fixture(scope="module")
def questions(engine: QuizEngine) -> list:  # type: ignore[type-arg]
    return [q for seed in SEEDS for q in engine.generate(60, seed)]


def test_multiple_choice_has_k_distinct_options_and_one_answer(questions) -> None:  # type: ignore[no-untyped-def]
    for question in (q for q in questions if q.is_multiple_choice):
        normalised = [normalise(o) for o in question.options]
        assert len(question.options) == 4, question
        assert len(set(normalised)) == 4, question.options
        assert normalised.count(normalise(question.answer)) == 1


def test_option_count_is_configurable(engine: QuizEngine) -> None:
    wide = QuizEngine(engine.corpus, engine.answers, option_count=6)
    questions = wide.generate(30, 1, [QuestionType.DEFINITION_TO_TERM])
    assert len(questions) == 30
    for question in questions:
        assert len(question.options) == 6


def test_no_distractor_is_a_name_of_the_answer(engine: QuizEngine, questions) -> None:  # type: ignore[no-untyped-def]
    for question in (q for q in questions if q.is_multiple_choice and q.answer_id):
        names = {normalise(n) for n in engine.corpus.entries[question.answer_id].all_names}
        distractors = [o for o in question.options if o != question.answer]
        assert not names & {normalise(d) for d in distractors}, question


def test_distractors_come_from_related_terms_or_the_same_category_first(engine: QuizEngine, questions) -> None:  # type: ignore[no-untyped-def]
    close = total = 0
    for question in (q for q in questions if q.type is QuestionType.DEFINITION_TO_TERM):
        answer = engine.corpus.entries[question.entry_id]
        related = {engine.corpus.canonical_id(t) for _, t in answer.targets()} | {
            s for _, s in engine.corpus.incoming(answer.id)
        }
        by_name = {e.name: e for e in engine.corpus}
        for option in question.options:
            if option == question.answer:
                continue
            other = by_name[option]
            total += 1
            close += other.id in related or other.category == answer.category
    assert close / total > 0.9


CJK = re.compile(r"[\u3400-\u9fff]")
SEPARATORS = r"[\s\-_\u2010-\u2015\u2212*`]*"  # what may stand between a name's words: spaces, dashes, Markdown


def shown_names(text: str, names: list[str]) -> list[str]:
    """The names a reader can see in `text`, found without the quiz's masker: NFKC-normalised, any case, any
    spaces, dashes or Markdown marks between a name's words, inside longer words too (a name of three
    characters or fewer only in its own case), Chinese names ignoring spaces."""
    plain = unicodedata.normalize("NFKC", text)
    found = []
    for name in names:
        if CJK.search(name):
            if re.sub(r"\s", "", name) in re.sub(r"\s", "", plain):
                found.append(name)
            continue
        words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name))
        if not words:
            continue
        pattern = SEPARATORS.join(re.escape(w) for w in words)
        short = len("".join(words)) <= 3
        if re.search(pattern, plain, flags=0 if short else re.IGNORECASE):
            found.append(name)
    return found


def revealing_texts(question: Question, engine: QuizEngine) -> list[tuple[str, list[str]]]:
    """For one question: each text a learner sees before answering, and the names it must not show."""
    if question.type is QuestionType.NUMERIC:
        return []
    entry = engine.corpus.entries[question.answer_id or question.entry_id]
    english = [entry.name, *entry.aliases]
    chinese = [name for name in (entry.name_zh, *entry.aliases_zh) if CJK.search(name)]
    shown = question.prompt + "\n" + (question.code or "")
    if question.type is QuestionType.ZH_TO_EN:
        return [(shown, english)]
    if question.type is QuestionType.EN_TO_ZH:
        return [(shown, chinese), (question.answer, english)]
    if question.type in (QuestionType.TERM_TO_DEFINITION, QuestionType.TERM_TO_FORMULA):
        return [(option, english + chinese) for option in question.options]
    if question.type is QuestionType.CLOZE and question.answer_id is None:
        return [(shown, [question.answer])]
    return [(shown, english + chinese)]


def test_no_question_in_ten_thousand_gives_its_answer_away(engine: QuizEngine) -> None:
    generated = [q for seed in range(20) for q in engine.generate(600, seed)]
    assert len(generated) >= 10_000
    leaked = [
        (q.type.value, q.entry_id, names)
        for q in generated
        for text, forbidden in revealing_texts(q, engine)
        if (names := shown_names(text, forbidden))
    ]
    assert leaked == []


def test_term_prompts_mask_every_name_in_both_languages(engine: QuizEngine) -> None:
    for entry in engine.corpus:
        for kind in (QuestionType.DEFINITION_TO_TERM, QuestionType.CODE_TO_TERM, QuestionType.FORMULA_TO_TERM):
            question = engine.question(entry, kind, random.Random(0))
            if question is None:
                continue
            text = (question.prompt + (question.code or "")).casefold()
            for name in entry.all_names:
                if re.search(r"[\u3400-\u9fff]", name):
                    assert name.casefold() not in text, (entry.id, kind, name)


def test_cloze_blanks_the_answer(questions) -> None:  # type: ignore[no-untyped-def]
    for question in (q for q in questions if q.type is QuestionType.CLOZE):
        assert "_____" in question.prompt
        assert not re.search(rf"(?<!\w){re.escape(question.answer)}(?!\w)", question.prompt, re.IGNORECASE)


def test_correct_position_is_balanced(questions) -> None:  # type: ignore[no-untyped-def]
    positions = Counter(q.correct_index for q in questions if q.is_multiple_choice)
    total = sum(positions.values())
    expected = total / 4
    chi_square = sum((positions[i] - expected) ** 2 / expected for i in range(4))
    assert chi_square < 11.34, positions  # p = 0.01 with 3 degrees of freedom


def test_every_type_is_produced(questions) -> None:  # type: ignore[no-untyped-def]
    assert {q.type for q in questions} == set(QuestionType)


def test_every_technical_term_yields_at_least_three_types(engine: QuizEngine) -> None:
    for entry in engine.corpus:
        if entry.snippet is None:
            continue
        kinds = {k for k in QuestionType for seed in range(3) if engine.question(entry, k, random.Random(seed))}
        assert len(kinds) >= 3, (entry.id, kinds)


def test_the_same_seed_gives_the_same_questions(engine: QuizEngine) -> None:
    assert engine.generate(40, 7) == engine.generate(40, 7)
    assert engine.generate(40, 7) != engine.generate(40, 8)


def test_numeric_answers_come_from_the_snippets(engine: QuizEngine, questions) -> None:  # type: ignore[no-untyped-def]
    numeric = [q for q in questions if q.type is QuestionType.NUMERIC]
    assert numeric
    for question in numeric:
        assert question.value is not None
        assert grade(question, repr(question.value)).correct
        assert not grade(question, repr(question.value * 1.5 + 1)).correct


def test_every_answer_comes_with_an_explanation(engine: QuizEngine, questions) -> None:  # type: ignore[no-untyped-def]
    for question in questions:
        assert question.entry_id in engine.corpus.entries
        assert engine.corpus.entries[question.entry_id].summary in question.explanation
