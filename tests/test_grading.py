"""Grading typed answers: names in either language, case and punctuation ignored, one typo flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.content.loader import load_corpus
from glossary.quiz.grading import grade, parse_number
from glossary.quiz.model import Question, QuestionType


@pytest.fixture
def corpus(mini: tuple[Path, Path]):  # type: ignore[no-untyped-def]
    return load_corpus(*mini)[0]


def typed(answer: str, answer_id: str | None = None) -> Question:
    return Question(QuestionType.CLOZE, "term-00000", "Fill in: _____", answer, "why", answer_id=answer_id)


def test_case_spacing_and_punctuation_are_ignored() -> None:
    assert grade(typed("max-pooling"), "Max Pooling").correct
    assert grade(typed("max-pooling"), "MAX_POOLING!").correct


def test_aliases_and_the_chinese_name_of_the_answer_term_count(corpus) -> None:  # type: ignore[no-untyped-def]
    entry = corpus.entries["term-00001"]
    question = typed(entry.name, answer_id=entry.id)
    assert grade(question, "t1", corpus).correct
    assert grade(question, entry.name_zh, corpus).correct


def test_one_typo_is_accepted_but_flagged() -> None:
    result = grade(typed("projection"), "projektion")
    assert result.correct and result.near_miss
    assert not grade(typed("projection"), "projektiom").correct
    assert not grade(typed("relu"), "relo").correct  # too short to forgive


def test_blank_answers_are_wrong_and_marked_blank() -> None:
    result = grade(typed("anything"), "  ")
    assert not result.correct and result.blank


def test_option_numbers_pick_options() -> None:
    question = Question(QuestionType.ZH_TO_EN, "x", "?", "B", "why", options=("A", "B", "C", "D"))
    assert grade(question, "2").correct and not grade(question, "1").correct and not grade(question, "9").correct


@pytest.mark.parametrize(
    ("text", "value"), [("0.25", 0.25), ("1/4", 0.25), ("25%", 0.25), ("−2", -2.0), ("1e-3", 0.001), ("1,000", 1000.0)]
)
def test_numbers_are_read_as_learners_type_them(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


def test_numeric_answers_use_the_tolerance() -> None:
    question = Question(QuestionType.NUMERIC, "x", "?", "0.333", "why", value=1 / 3, rel_tol=0.01, abs_tol=0.0)
    assert grade(question, "0.333").correct and grade(question, "1/3").correct
    assert not grade(question, "0.3").correct and not grade(question, "a third").correct
